package retrieval

import (
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

func TestSplitFrontMatter(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		want     catalogEntry
		wantText string
		wantOK   bool
	}{
		{
			"all keys",
			"---\ntitle: Judul\nsource: Kompas\nurl: https://example.org/a?b=c:d\ndate: 2024-01-02\n---\nTeks.",
			catalogEntry{Title: "Judul", Source: "Kompas", URL: "https://example.org/a?b=c:d", Date: "2024-01-02"}, "Teks.", true,
		},
		{
			"quotes, case, unknown keys, CRLF, BOM",
			"\ufeff---\r\nTitle: \"Judul: \\\"kutip\\\"\"\r\nsource: 'O''Brien'\r\ntags: [a, b]\r\n  - nested\r\n...\r\nTeks.",
			catalogEntry{Title: `Judul: "kutip"`, Source: "O'Brien"}, "Teks.", true,
		},
		{"empty front matter", "---\n---\nTeks.", catalogEntry{}, "Teks.", true},
		{"no closing line", "---\ntitle: x\nTeks.", catalogEntry{}, "---\ntitle: x\nTeks.", false},
		{"no front matter", "# Judul\nTeks.", catalogEntry{}, "# Judul\nTeks.", false},
		{"a rule later is not front matter", "Teks.\n---\ntitle: x\n---", catalogEntry{}, "Teks.\n---\ntitle: x\n---", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, text, ok := splitFrontMatter(tt.in)
			if got != tt.want || strings.TrimSuffix(text, "\r") != tt.wantText || ok != tt.wantOK {
				t.Errorf("splitFrontMatter(%q)\n got %+v %q %v\nwant %+v %q %v", tt.in, got, text, ok, tt.want, tt.wantText, tt.wantOK)
			}
		})
	}
}

func TestReadCatalog(t *testing.T) {
	fsys := fstest.MapFS{CatalogFile: {Data: []byte("\ufeff" + `{"./a.txt": {"title": "A"}, "sub\\b.md": {"url": "u", "date": "d"}}`)}}
	got, err := readCatalog(fsys)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]catalogEntry{"a.txt": {Title: "A"}, "sub/b.md": {URL: "u", Date: "d"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("readCatalog = %+v, want %+v", got, want)
	}
	if got, err := readCatalog(fstest.MapFS{}); got != nil || err != nil {
		t.Errorf("no catalog: %v, %v", got, err)
	}
	for _, bad := range []string{`{"a.txt": {"titel": "x"}}`, `{"a.txt": "x"}`, `{`, `[]`, `{} {}`} {
		if _, err := readCatalog(fstest.MapFS{CatalogFile: {Data: []byte(bad)}}); err == nil || !strings.Contains(err.Error(), CatalogFile) {
			t.Errorf("readCatalog(%s): error %v", bad, err)
		}
	}
}

func TestCatalogEntryApplyTo(t *testing.T) {
	doc := Document{ID: "a.txt", Title: "Dari teks", Source: "S"}
	catalogEntry{Title: "  Judul\n baru ", URL: "https://example.org"}.applyTo(&doc)
	want := Document{ID: "a.txt", Title: "Judul baru", Source: "S", URL: "https://example.org"}
	if !reflect.DeepEqual(doc, want) {
		t.Errorf("applyTo: %+v, want %+v", doc, want)
	}
}
