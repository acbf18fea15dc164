package main

import (
	"os"
	"path/filepath"

	"github.com/kutip/kutip/retrieval"
)

func init() {
	extra = append(extra, extractor{"kutip (ledongthuc/pdf + layout)", func(p string) (string, error) {
		data, err := os.ReadFile(p)
		if err != nil {
			return "", err
		}
		doc, _, err := retrieval.ReadDocument(filepath.Base(p), data, nil)
		return doc.Text, err
	}})
}

// reference is the source text as Kutip loads it from the .txt: the text every extraction is
// compared with.
func reference(path string) []byte {
	data, _ := os.ReadFile(path)
	doc, _, _ := retrieval.ReadDocument(filepath.Base(path), data, nil) // the .md the fixtures were made from
	return []byte(doc.Text)
}
