package main

import (
	"os"
	"path/filepath"

	"codeberg.org/readeck/go-readability/v2"
	htmltomarkdown "github.com/JohannesKaufmann/html-to-markdown/v2"
	"github.com/kutip/kutip/retrieval"
)

// Other formats: the kutip extractor, and for HTML go-readability + html-to-markdown.
var others = []struct {
	ext string
	ex  []extractor
}{
	{".html", []extractor{
		{"go-readability/v2 + html-to-markdown/v2", func(p string) (string, error) {
			f, err := os.Open(p)
			if err != nil {
				return "", err
			}
			defer f.Close()
			art, err := readability.FromReader(f, nil)
			if err != nil {
				return "", err
			}
			md, err := htmltomarkdown.ConvertNode(art.Node)
			if err != nil {
				return "", err
			}
			doc, _, err := retrieval.ReadDocument("x.md", md, nil)
			return doc.Text, err
		}},
		kutipEx,
	}},
	{".docx", []extractor{kutipEx}},
	{".epub", []extractor{kutipEx}},
}

var kutipEx = extractor{"kutip", func(p string) (string, error) {
	data, err := os.ReadFile(p)
	if err != nil {
		return "", err
	}
	doc, _, err := retrieval.ReadDocument(filepath.Base(p), data, nil)
	return doc.Text, err
}}
