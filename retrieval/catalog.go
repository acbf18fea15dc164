package retrieval

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"
)

// CatalogFile is the name of the optional catalog at the root of a documents folder. It gives
// documents a title, source, URL and date that their text does not carry, keyed by document ID
// (the file's path under the folder, with forward slashes):
//
//	{
//	  "002_c095447da0f7cb9e.txt": {
//	    "title": "Putin: Korea Utara butuh jaminan keamanan",
//	    "source": "Teritorial.com",
//	    "url": "https://example.org/putin-korut",
//	    "date": "2019-04-25"
//	  }
//	}
//
// Every field is optional, and an empty one leaves the document's own value. The catalog wins
// over a Markdown front matter, which wins over the title found in the text. The catalog is not
// a document; unknown fields are an error, so that a misspelt "titel" does not pass unnoticed.
const CatalogFile = "catalog.json"

// catalogEntry is what a catalog or a front matter says about one document.
type catalogEntry struct {
	Title  string `json:"title"`
	Source string `json:"source"`
	URL    string `json:"url"`
	Date   string `json:"date"`
}

// applyTo sets the fields of doc that the entry gives.
func (e catalogEntry) applyTo(doc *Document) {
	for _, f := range []struct {
		dst *string
		src string
	}{{&doc.Title, e.Title}, {&doc.Source, e.Source}, {&doc.URL, e.URL}, {&doc.Date, e.Date}} {
		if v := strings.Join(strings.Fields(f.src), " "); v != "" {
			*f.dst = v
		}
	}
}

// readCatalog reads CatalogFile at the root of fsys, keyed by cleaned document ID. A missing
// catalog is an empty one.
func readCatalog(fsys fs.FS) (map[string]catalogEntry, error) {
	data, err := fs.ReadFile(fsys, CatalogFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", CatalogFile, err)
	}
	var raw map[string]catalogEntry
	dec := json.NewDecoder(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff"))))
	dec.DisallowUnknownFields()
	err = dec.Decode(&raw)
	if err == nil && dec.More() {
		err = errors.New("data after the object")
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w (want an object of file name → {title, source, url, date})", CatalogFile, err)
	}
	cat := make(map[string]catalogEntry, len(raw))
	for name, e := range raw {
		cat[path.Clean(strings.ReplaceAll(name, `\`, "/"))] = e
	}
	return cat, nil
}

// splitFrontMatter takes the front matter off a Markdown text: a first line "---", lines of
// "key: value" (title, source, url, date; other keys are ignored, values may be quoted), and a
// closing "---" or "...". Without a closing line there is no front matter and the text is
// returned as it is.
func splitFrontMatter(text string) (catalogEntry, string, bool) {
	var e catalogEntry
	text = strings.TrimPrefix(text, "\ufeff")
	first, rest, ok := strings.Cut(text, "\n")
	if !ok || strings.TrimRight(first, " \t\r") != "---" {
		return e, text, false
	}
	for rest != "" {
		var line string
		line, rest, _ = strings.Cut(rest, "\n")
		line = strings.TrimRight(line, " \t\r")
		if line == "---" || line == "..." {
			return e, rest, true
		}
		key, value, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		value = unquoteFrontMatter(strings.TrimSpace(value))
		switch strings.ToLower(strings.TrimSpace(key)) {
		case "title":
			e.Title = value
		case "source":
			e.Source = value
		case "url":
			e.URL = value
		case "date":
			e.Date = value
		}
	}
	return catalogEntry{}, text, false
}

func unquoteFrontMatter(v string) string {
	if len(v) >= 2 {
		switch {
		case v[0] == '"' && v[len(v)-1] == '"':
			if u, err := strconv.Unquote(v); err == nil {
				return u
			}
			return v[1 : len(v)-1]
		case v[0] == '\'' && v[len(v)-1] == '\'':
			return strings.ReplaceAll(v[1:len(v)-1], "''", "'")
		}
	}
	return v
}
