package retrieval

import (
	"bytes"
	"errors"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/kutip/kutip/seeds"
)

// captureLogger returns a logger writing text records into the returned buffer.
func captureLogger() (*slog.Logger, *bytes.Buffer) {
	var buf bytes.Buffer
	return slog.New(slog.NewTextHandler(&buf, nil)), &buf
}

func TestLoadSeeds(t *testing.T) {
	logger, logs := captureLogger()
	docs, err := Load(seeds.FS, logger)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, d := range docs {
		ids = append(ids, d.ID)
		if d.Lang != LangID {
			t.Errorf("%s: language %q, want id", d.ID, d.Lang)
		}
		if d.Text == "" || d.Title == "" {
			t.Errorf("%s: empty text or title", d.ID)
		}
		if d.Source != "" || d.URL != "" || d.Date != "" {
			t.Errorf("%s: source, URL or date without a catalog: %+v", d.ID, d)
		}
		checkCleanForm(t, d.Text)
	}
	want := []string{"000_46b1cc380027ee1b.txt", "001_e92a7b7e7d9c023f.txt", "002_c095447da0f7cb9e.txt", "003_ce3fc14551f44ec4.txt", "004_9e8869e5b5bb319d.txt"}
	if !reflect.DeepEqual(ids, want) {
		t.Errorf("IDs (-got +want)\n- %q\n+ %q", ids, want)
	}
	if logs.Len() > 0 {
		t.Errorf("warnings on the seeds:\n%s", logs)
	}
}

// writeFiles writes files (path → content) under dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestLoadDir(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"b.txt":              "Judul B\nKorea Utara menguji rudal. Dunia cemas.",
		"a.txt":              "The talks resumed in Beijing. It was the first round of the talks and the delegates met.",
		"sub/deeper/c.md":    "---\ntitle: \"Judul dari front matter\"\nsource: Kompas\nurl: https://example.org/c\ndate: 2024-01-02\ntags: [x]\n---\n# Judul Markdown\n\nKalimat pertama yang\nterbungkus. Kalimat kedua.\n",
		"sub/d.md":           "# Pembicaraan Enam Pihak\n\nTiongkok menjadi tuan rumah.\n",
		"bad.txt":            "Teks baik\xff\xfe lalu rusak.",
		"empty.txt":          "",
		"boilerplate.txt":    "Share.\n\nComments are closed.\n",
		".hidden.txt":        "Tersembunyi.",
		".git/objects/x.txt": "Tersembunyi.",
		"notes.csv":          "a,b",
		"README":             "Bukan dokumen.",
		CatalogFile:          `{"b.txt": {"title": "Judul dari katalog", "source": "Teritorial"}, "sub/d.md": {"date": "2003-08-27"}, "gone.txt": {"title": "x"}}`,
	})
	logger, logs := captureLogger()
	docs, err := LoadDir(dir, logger)
	if err != nil {
		t.Fatal(err)
	}
	got := make(map[string]Document)
	var ids []string
	for _, d := range docs {
		got[d.ID] = d
		ids = append(ids, d.ID)
	}
	if want := []string{"a.txt", "b.txt", "sub/d.md", "sub/deeper/c.md"}; !reflect.DeepEqual(ids, want) {
		t.Fatalf("IDs (-got +want)\n- %q\n+ %q", ids, want)
	}
	if d := got["a.txt"]; d.Lang != LangEN || d.Title != "The talks resumed in Beijing" {
		t.Errorf("a.txt: %+v", d)
	}
	if d := got["b.txt"]; d.Lang != LangID || d.Title != "Judul dari katalog" || d.Source != "Teritorial" || d.Text != "Judul B\nKorea Utara menguji rudal. Dunia cemas." {
		t.Errorf("b.txt: %+v", d)
	}
	c := got["sub/deeper/c.md"]
	wantC := Document{
		ID: "sub/deeper/c.md", Title: "Judul dari front matter", Source: "Kompas", URL: "https://example.org/c", Date: "2024-01-02",
		Text: "# Judul Markdown\n\nKalimat pertama yang terbungkus. Kalimat kedua.", Lang: LangID,
	}
	if !reflect.DeepEqual(c, wantC) {
		t.Errorf("c.md\n got %+v\nwant %+v", c, wantC)
	}
	if d := got["sub/d.md"]; d.Title != "Pembicaraan Enam Pihak" || d.Date != "2003-08-27" || d.Text != "# Pembicaraan Enam Pihak\n\nTiongkok menjadi tuan rumah." {
		t.Errorf("d.md: %+v", d)
	}
	for _, want := range []string{
		"skipping document bad.txt: invalid UTF-8 at byte offset 9", "file=bad.txt", "offset=9",
		"skipping empty document", "file=empty.txt", "file=boilerplate.txt",
		"catalog names a file", "file=gone.txt",
	} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("logs lack %q:\n%s", want, logs)
		}
	}
	if strings.Contains(logs.String(), "hidden") || strings.Contains(logs.String(), "notes") {
		t.Errorf("logs mention ignored files:\n%s", logs)
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"file.txt": "Teks."})
	tests := []struct {
		name    string
		dir     string
		files   map[string]string
		wantErr string
		noDocs  bool
	}{
		{name: "missing folder", dir: filepath.Join(dir, "missing"), wantErr: "does not exist"},
		{name: "not a folder", dir: filepath.Join(dir, "file.txt"), wantErr: "is not a folder"},
		{name: "empty folder", files: map[string]string{}, wantErr: "no .docx, .epub, .htm, .html, .md, .pdf, .txt files", noDocs: true},
		{name: "only other files", files: map[string]string{"x.csv": "a,b", ".a.txt": "Teks."}, wantErr: "no .docx, .epub, .htm, .html, .md, .pdf, .txt files", noDocs: true},
		{name: "all skipped", files: map[string]string{"bad.txt": "\xff", "empty.md": "---\ntitle: x\n---\n", "x.pdf": "%PDF"}, wantErr: "all 3 document files were skipped", noDocs: true},
		{name: "bad catalog", files: map[string]string{"a.txt": "Teks.", CatalogFile: `{"a.txt": {"titel": "x"}}`}, wantErr: `unknown field "titel"`},
		{name: "catalog not an object", files: map[string]string{"a.txt": "Teks.", CatalogFile: `[]`}, wantErr: CatalogFile},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := tt.dir
			if d == "" {
				d = t.TempDir()
				writeFiles(t, d, tt.files)
			}
			docs, err := LoadDir(d, nil)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("LoadDir(%q) = %d docs, %v; want error with %q", d, len(docs), err, tt.wantErr)
			}
			if !strings.Contains(err.Error(), d) {
				t.Errorf("error %q does not name the folder", err)
			}
			if errors.Is(err, ErrNoDocuments) != tt.noDocs {
				t.Errorf("errors.Is(%v, ErrNoDocuments) = %v", err, !tt.noDocs)
			}
		})
	}
	if _, err := LoadDir(filepath.Join(dir, "missing"), nil); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing folder: %v does not wrap fs.ErrNotExist", err)
	}
}

func TestLoadFS(t *testing.T) {
	fsys := fstest.MapFS{
		"z.txt":     {Data: []byte("\ufeffZulu text here. It is English and the test is for the loader.")},
		"a/b/c.txt": {Data: []byte("Kalimat. Lagi.")},
		"crlf.txt":  {Data: []byte("Judul\r\n\r\nIsi teks.\r\n")},
	}
	docs, err := Load(fsys, nil)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, d := range docs {
		ids = append(ids, d.ID)
	}
	if want := []string{"a/b/c.txt", "crlf.txt", "z.txt"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("IDs %q, want %q", ids, want)
	}
	if docs[1].Text != "Judul\n\nIsi teks." || docs[1].Title != "Judul" {
		t.Errorf("crlf.txt: %+v", docs[1])
	}
	if docs[2].Text != "Zulu text here. It is English and the test is for the loader." || docs[2].Lang != LangEN {
		t.Errorf("z.txt: %+v", docs[2])
	}
}

func TestInvalidUTF8Offset(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"", -1}, {"abc", -1}, {"é“”", -1}, {"\xff", 0}, {"ab\xc3", 2}, {"é\x80", 2}, {"\xed\xa0\x80", 0},
	}
	for _, tt := range tests {
		if got := invalidUTF8Offset([]byte(tt.in)); got != tt.want {
			t.Errorf("invalidUTF8Offset(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestMarkdownText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"headings keep their marks", "# Judul #\n## Sub\nTeks.", "# Judul #\n## Sub\nTeks."},
		{"wrapped paragraph", "Satu dua\ntiga empat.\n\nParagraf dua.", "Satu dua tiga empat.\n\nParagraf dua."},
		{"lists keep their lines", "Daftar:\n- satu\n- dua\n1. tiga", "Daftar:\n- satu\n- dua\n1. tiga"},
		{"hard break", "Baris satu  \nbaris dua", "Baris satu\nbaris dua"},
		{"rules and setext underline", "Judul\n=====\nTeks.\n\n---\nLagi.", "Judul\n=====\nTeks.\n\n\nLagi."},
		{"fenced code stays verbatim", "```\nkode  x\ny\n```\nTeks.", "```\nkode  x\ny\n```\nTeks."},
		{"indented code stays verbatim", "Jalankan:\n\n    apt-get  install\n    x\n\nTeks.", "Jalankan:\n\n    apt-get  install\n    x\n\nTeks."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := markdownText(tt.in); got != tt.want {
				t.Errorf("markdownText(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestGuessDocLang(t *testing.T) {
	tests := []struct {
		in   string
		want Lang
	}{
		{"Korea Utara dan AS menandatangani persetujuan yang akan mendirikan proyek.", LangID},
		{"North Korea and the US signed an agreement that would build a reactor.", LangEN},
		{"AS AS AS IN THE", LangID},
		{"", LangID},
	}
	for _, tt := range tests {
		if got := guessDocLang(tt.in); got != tt.want {
			t.Errorf("guessDocLang(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func BenchmarkLoadSeeds(b *testing.B) {
	b.ReportAllocs()
	passages := 0
	for b.Loop() {
		docs, err := Load(seeds.FS, nil)
		if err != nil {
			b.Fatal(err)
		}
		passages = 0
		for i := range docs {
			passages += len(Chunk(&docs[i], DefaultChunkOptions))
		}
	}
	b.ReportMetric(float64(passages), "passages")
}
