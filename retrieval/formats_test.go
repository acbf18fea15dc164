package retrieval

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ledongthuc/pdf"
)

// The fixtures in testdata/formats are seeds/001_e92a7b7e7d9c023f.txt (kerjasama.txt) made
// into each format by scripts/make-format-fixtures.sh; encrypted.pdf is kerjasama.pdf through
// "qpdf --encrypt user owner 256".
func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "formats", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestReadDocumentFormats(t *testing.T) {
	t.Parallel() // independent and CPU-bound: runs beside the other heavy tests
	src, _, err := ReadDocument("kerjasama.txt", readFixture(t, "kerjasama.txt"), nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		file     string
		pages    int
		headings []string // Markdown heading lines expected in the extracted text
	}{
		{file: "kerjasama.pdf", pages: 2},
		{file: "kerjasama.2col.pdf", pages: 2},
		{file: "kerjasama.docx"},
		{file: "kerjasama.html"},
		{file: "kerjasama.epub"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data := readFixture(t, tt.file)
			doc, notes, err := ReadDocument(tt.file, data, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(notes) > 0 {
				t.Errorf("notes %q", notes)
			}
			if doc.Pages() != tt.pages {
				t.Errorf("pages %d (%v), want %d", doc.Pages(), doc.PageStarts, tt.pages)
			}
			if cer := charErrorRate(doc.Text, src.Text); cer > 0.03 {
				t.Errorf("character error rate %.2f%% against the .txt, want ≤ 3%%\n%s", 100*cer, doc.Text)
			}
			// Every sentence of the source, in order.
			at := 0
			for _, s := range SplitSentences(src.Text) {
				key := s.Text[:min(len(s.Text), 30)]
				i := strings.Index(doc.Text[at:], key)
				if i < 0 && !strings.Contains(doc.Text, key) {
					t.Errorf("sentence %q missing", s.Text)
					continue
				}
				if i < 0 {
					t.Errorf("sentence %q out of order", s.Text)
					continue
				}
				at += i
			}
			for _, bad := range []string{"Laporan Kutip", "Halaman 1", "Beranda", "cookie", "Hak cipta", "Artikel terkait", "pi-hak", "pihak-"} {
				if strings.Contains(doc.Text, bad) {
					t.Errorf("text holds %q (header, footer, boilerplate or a broken word)", bad)
				}
			}
		})
	}
}

func TestReadDocumentPDFPages(t *testing.T) {
	doc, _, err := ReadDocument("kerjasama.pdf", readFixture(t, "kerjasama.pdf"), nil)
	if err != nil {
		t.Fatal(err)
	}
	// Page 2 of the one-column PDF starts in "Dari beberapa solusi…" (pdftotext -f 2 says so).
	p2 := strings.Index(doc.Text, "yang disebutkan sebelumnya")
	if p2 < 0 {
		t.Fatalf("text lacks page 2's sentence:\n%s", doc.Text)
	}
	if got := doc.PageAt(0); got != 1 {
		t.Errorf("PageAt(0) = %d", got)
	}
	if got := doc.PageAt(p2); got != 2 {
		t.Errorf("PageAt(page 2 text) = %d, starts %v", got, doc.PageStarts)
	}
	var pages []int
	for _, p := range Chunk(&doc, DefaultChunkOptions) {
		pages = append(pages, p.Page)
	}
	if pages[0] != 1 || pages[len(pages)-1] != 2 {
		t.Errorf("passage pages %v", pages)
	}
}

func TestReadDocumentHeadings(t *testing.T) {
	for _, file := range []string{"kerjasama.pdf", "kerjasama.docx", "kerjasama.html", "kerjasama.epub"} {
		ex, err := extractDocument(file, readFixture(t, file), nil)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(ex.markdown, "# Solusi yang bisa Digagas untuk Mewujudkan Perdamaian Dunia\n") {
			t.Errorf("%s: no heading line for the section:\n%s", file, ex.markdown)
		}
	}
}

func TestReadDocumentBadFiles(t *testing.T) {
	pdfData := readFixture(t, "kerjasama.pdf")
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty.pdf", nil, "empty.pdf is empty (0 bytes)"},
		{"encrypted.pdf", readFixture(t, "encrypted.pdf"), "encrypted"},
		{"broken.pdf", pdfData[:len(pdfData)/2], "not a readable PDF"},
		{"notes.pdf", []byte("just some text, not a PDF"), "notes.pdf is not a PDF: its content is a text (rename it to notes.txt)"},
		{"report.docx", pdfData, "report.docx is not a Word document: its content is a PDF (rename it to report.pdf)"},
		{"bomb.docx", zipBomb(t), "zip bomb"},
		{"book.epub", zipOf(t, map[string]string{"META-INF/container.xml": "<container/>"}), "names no package file"},
		{"image.html", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00"), "image.html is not a web page"},
		{"scan.pdf", scannedPDF(t), "all its 1 pages look scanned"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := ReadDocument(tt.name, tt.data, nil)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, ErrFormat) {
				t.Errorf("error %v, want one with %q wrapping ErrFormat", err, tt.want)
			}
		})
	}
}

func TestLoadSkipsBadFilesKeepsTheRest(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"good.pdf":  string(readFixture(t, "kerjasama.pdf")),
		"good.html": string(readFixture(t, "kerjasama.html")),
		"zero.docx": "",
		"lock.pdf":  string(readFixture(t, "encrypted.pdf")),
		"bomb.docx": string(zipBomb(t)),
		"scan.pdf":  string(scannedPDF(t)),
	})
	logger, logs := captureLogger()
	docs, err := LoadDir(dir, logger)
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 {
		t.Errorf("%d documents, want the 2 good ones", len(docs))
	}
	for _, want := range []string{"zero.docx is empty", "lock.pdf", "encrypted", "bomb.docx", "zip bomb", "scan.pdf: page 1 has no text; it looks scanned"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("logs lack %q:\n%s", want, logs.String())
		}
	}
}

func TestScannedPageOCR(t *testing.T) {
	var gotImage []byte
	ocr := func(_ context.Context, path string) (string, error) {
		gotImage, _ = os.ReadFile(path)
		return "Teks hasil pindaian\nhalaman satu.\n\nParagraf kedua.", nil
	}
	doc, notes, err := ReadDocument("scan.pdf", scannedPDF(t), ocr)
	if err != nil {
		t.Fatal(err)
	}
	if doc.Text != "Teks hasil pindaian halaman satu.\n\nParagraf kedua." { // Clean keeps one blank line between blocks
		t.Errorf("text %q", doc.Text)
	}
	if len(notes) != 1 || !strings.Contains(notes[0], "page 1 has no text; it looks scanned: read with OCR") {
		t.Errorf("notes %q", notes)
	}
	if !bytes.HasPrefix(gotImage, []byte("\xff\xd8\xff")) {
		t.Errorf("OCR got no JPEG: % x", gotImage[:min(len(gotImage), 8)])
	}
}

func TestPDFLayout(t *testing.T) {
	// Two columns written row by row (left line, right line…), a title over both, a running
	// header, a page number, a hyphenated word and a ligature.
	line := func(x, y float64, s string) []glyphRun { return []glyphRun{{x, y, 10, s}} }
	var runs []glyphRun
	runs = append(runs, line(72, 800, "Laporan Tahunan")...)
	runs = append(runs, []glyphRun{{72, 760, 16, "Judul Besar"}}...)
	left := []string{"Kolom kiri baris satu", "dengan kata yang di-", "penggal di akhir.", "Paragraf kiri selesai."}
	right := []string{"Kolom kanan mulai di", "sini dan berlanjut", "sampai habis tanpa", "efek ﬁnal apa pun."}
	for i := range left {
		y := 700 - float64(i)*12
		runs = append(runs, line(72, y, left[i])...)
		runs = append(runs, line(320, y, right[i])...)
	}
	runs = append(runs, line(290, 40, "7")...)
	page := glyphsOf(runs)
	pages := [][]pdfLine{pdfReadingOrder(pdfLines(page)), pdfReadingOrder(pdfLines(glyphsOf([]glyphRun{{72, 800, 10, "Laporan Tahunan"}, {72, 700, 10, "Halaman kedua."}, {72, 600, 10, "Lagi."}})))}
	dropRunningLines(pages)
	body := pdfBodySize(pages)
	var got []string
	pp := []pdfPage{{paras: pdfParagraphs(pages[0], body, pdfHeadingLevels(pages, body))}}
	joinHyphenatedWords(pp)
	for _, p := range pp[0].paras {
		got = append(got, fmt.Sprintf("%d %s", p.heading, pdfLigatures.Replace(p.text)))
	}
	want := []string{
		"1 Judul Besar",
		"0 Kolom kiri baris satu dengan kata yang dipenggal di akhir.",
		"0 Paragraf kiri selesai.",
		"0 Kolom kanan mulai di sini dan berlanjut sampai habis tanpa efek final apa pun.",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("paragraphs (-got +want)\n- %q\n+ %q", got, want)
	}
}

func TestJoinBrokenWords(t *testing.T) {
	words := map[string]bool{"korea-rusia": true, "pihak": true}
	tests := []struct{ in, want string }{
		{"pi" + lineBreakHyphen + "hak", "pihak"},
		{"langkah" + lineBreakHyphen + "langkah", "langkah-langkah"},
		{"Korea" + lineBreakHyphen + "Rusia", "Korea-Rusia"},
		{"korea" + lineBreakHyphen + "rusia", "korea-rusia"},
		{"tahun 2023" + lineBreakHyphen + "2024", "tahun 2023-2024"},
	}
	for _, tt := range tests {
		if got := joinBrokenWords(tt.in, words); got != tt.want {
			t.Errorf("joinBrokenWords(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestExtractHTMLStructure(t *testing.T) {
	page := `<html><head><title>Panduan | Situs</title></head><body><nav>Menu</nav>
<main><h1>Panduan</h1><p>Teks <b>utama</b> di sini.</p><h2>Langkah</h2><ul><li>Satu</li><li>Dua</li></ul>
<table><tr><th>Nama</th><th>Nilai</th></tr><tr><td>a</td><td>1</td></tr></table>
<pre><code>go run ./cmd/kutip
</code></pre><div class="share-buttons">Bagikan</div></main><footer>Hak cipta</footer></body></html>`
	ex, err := extractHTML([]byte(page))
	if err != nil {
		t.Fatal(err)
	}
	want := "# Panduan\n\nTeks utama di sini.\n\n## Langkah\n\n- Satu\n\n- Dua\n\n\n| Nama | Nilai |\n| --- | --- |\n| a | 1 |\n\n    go run ./cmd/kutip\n\n"
	if ex.markdown != want || ex.title != "Panduan | Situs" {
		t.Errorf("markdown\n%q\nwant\n%q (title %q)", ex.markdown, want, ex.title)
	}
}

func TestExtractHTMLInlineAndLayoutTables(t *testing.T) {
	// DocBook's admonition: a layout table of an icon, a title and the text.
	page := `<html><body><p>Type "<code class="literal">reset</code>" or <b>Kut</b>ip.</p>
<div class="note"><table border="0" summary="Note"><tr><td rowspan="2"><img alt="[Note]" src="note.png"/></td>
<th align="left">Note</th></tr><tr><td align="left"><p>The archive holds <em>68980</em> packages.</p></td></tr></table></div>
</body></html>`
	ex, err := extractHTML([]byte(page))
	if err != nil {
		t.Fatal(err)
	}
	want := "Type \"reset\" or Kutip.\n\nNote\n\nThe archive holds 68980 packages.\n\n"
	if ex.markdown != want {
		t.Errorf("markdown\n%q\nwant\n%q", ex.markdown, want)
	}
}

func TestPDFCodeBlocks(t *testing.T) {
	mono := func(x, y float64, s string) []pdf.Text {
		var out []pdf.Text
		for i, c := range []rune(s) {
			out = append(out, pdf.Text{Font: "ABCDEF+LiberationMono", FontSize: 10, X: x + 6*float64(i), Y: y, W: 6, S: string(c)})
		}
		return out
	}
	var glyphs []pdf.Text
	glyphs = append(glyphs, glyphsOf([]glyphRun{{72, 700, 10, "You can change it by the following."}})...)
	glyphs = append(glyphs, mono(72, 686, "if [ -x /bin/ls ]; then")...)
	glyphs = append(glyphs, mono(84, 674, `echo ”found” ←-`)...)
	glyphs = append(glyphs, mono(84, 662, "done")...)
	glyphs = append(glyphs, mono(72, 650, "fi")...)
	glyphs = append(glyphs, glyphsOf([]glyphRun{{72, 630, 10, "Then it works."}})...)
	lines := pdfLines(glyphs)
	paras := pdfParagraphs(pdfReadingOrder(lines), 10, map[float64]int{0: 1})
	var got []string
	for _, p := range paras {
		got = append(got, fmt.Sprintf("%v %q", p.code, p.text))
	}
	want := []string{`false "You can change it by the following."`, `true "if [ -x /bin/ls ]; then\n  echo \"found\" done\nfi"`, `false "Then it works."`}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("paragraphs\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// glyphRun is a run of glyphs for building test pages: x, y, size, text.
type glyphRun struct {
	x, y, size float64
	s          string
}

func glyphsOf(runs []glyphRun) []pdf.Text {
	var out []pdf.Text
	for _, r := range runs {
		x := r.x
		for _, c := range r.s {
			w := r.size * 0.5
			out = append(out, pdf.Text{Font: "Serif", FontSize: r.size, X: x, Y: r.y, W: w, S: string(c)})
			x += w
		}
	}
	return out
}

func charErrorRate(got, want string) float64 {
	g, w := []rune(strings.Join(strings.Fields(got), " ")), []rune(strings.Join(strings.Fields(want), " "))
	prev, cur := make([]int, len(g)+1), make([]int, len(g)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(w); i++ {
		cur[0] = i
		for j := 1; j <= len(g); j++ {
			c := prev[j-1]
			if w[i-1] != g[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return float64(prev[len(g)]) / float64(max(len(w), 1))
}

// zipBomb is a DOCX whose document.xml says it unpacks to 4 GB: a few kilobytes of deflated
// spaces in the file.
func zipBomb(t *testing.T) []byte {
	var data bytes.Buffer
	fw, _ := flate.NewWriter(&data, flate.BestCompression)
	fw.Write(bytes.Repeat([]byte{' '}, 1<<20))
	fw.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "word/document.xml", Method: zip.Deflate, CompressedSize64: uint64(data.Len()), UncompressedSize64: 4 << 30, CRC32: 1})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(data.Bytes())
	zw.Close()
	return buf.Bytes()
}

func zipOf(t *testing.T, files map[string]string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	zw.Close()
	return buf.Bytes()
}

// scannedPDF is a one-page PDF that only draws a JPEG image, as a scanner makes.
func scannedPDF(t *testing.T) []byte {
	var img bytes.Buffer
	if err := jpeg.Encode(&img, image.NewGray(image.Rect(0, 0, 40, 20)), nil); err != nil {
		t.Fatal(err)
	}
	return scanPDF(40, 20, "/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode", img.Bytes())
}

func TestDetectFormat(t *testing.T) {
	tests := []struct {
		data string
		want string
	}{
		{"%PDF-1.7\n...", ".pdf"},
		{"<!DOCTYPE html><html><body>x</body></html>", ".html"},
		{`<?xml version="1.0" encoding="UTF-8"?>` + "\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.1//EN\">\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><p>x</p></body></html>", ".html"},
		{"Teks biasa saja.\n", ".txt"},
		{"\x89PNG\r\n\x1a\n\x00\x00", ""},
		{`<?xml version="1.0"?><data/>`, ""},
	}
	for _, tt := range tests {
		if got := DetectFormat([]byte(tt.data)); got != tt.want {
			t.Errorf("DetectFormat(%.30q) = %q, want %q", tt.data, got, tt.want)
		}
	}
}

func TestPDFTableRows(t *testing.T) {
	// A table of two columns, no header row, under a paragraph: each row is read across, as
	// one paragraph (without a header to name the columns, no pipe table).
	runs := []glyphRun{
		{72, 700, 10, "Jenis berkas menurut huruf pertamanya:"},
		{72, 680, 10, "p"}, {200, 680, 10, "named pipe"},
		{72, 668, 10, "d"}, {200, 668, 10, "directory"},
		{72, 656, 10, "l"}, {200, 656, 10, "symlink"},
	}
	lines := pdfReadingOrder(pdfLines(glyphsOf(runs)))
	var got []string
	for _, p := range pdfParagraphs(lines, 10, map[float64]int{}) {
		got = append(got, p.text)
	}
	want := []string{"Jenis berkas menurut huruf pertamanya:", "p | named pipe", "d | directory", "l | symlink"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("paragraphs (-got +want)\n- %q\n+ %q", got, want)
	}
}

func TestPDFTableWithHeader(t *testing.T) {
	// A bold header, then rows whose description wraps onto two lines with the other cells set
	// in the middle of the row's height (DocBook's layout), then the caption.
	bold := func(runs []glyphRun) []pdf.Text {
		g := glyphsOf(runs)
		for i := range g {
			g[i].Font = "Serif-Bold"
		}
		return g
	}
	var glyphs []pdf.Text
	glyphs = append(glyphs, glyphsOf([]glyphRun{{72, 720, 10, "Some commands manipulate the clipboard."}})...)
	glyphs = append(glyphs, bold([]glyphRun{{72, 700, 10, "package"}, {160, 700, 10, "popcon"}, {260, 700, 10, "description"}})...)
	glyphs = append(glyphs, glyphsOf([]glyphRun{
		{72, 688, 10, "xsel"}, {160, 688, 10, "V:8, I:40"}, {260, 688, 10, "command line interface to X"},
		{260, 676, 10, "wl-copy wl-paste: command line"},
		{72, 670, 10, "wl-clipboard"}, {160, 670, 10, "V:1, I:5"},
		{260, 664, 10, "interface to Wayland"},
		{72, 644, 10, "Table 7.9: Programs for the clipboard"},
	})...)
	paras := pdfParagraphs(pdfReadingOrder(pdfLines(glyphs)), 10, map[float64]int{0: 1})
	var got []string
	for _, p := range paras {
		if p.table != nil {
			got = append(got, fmt.Sprintf("%q", p.table))
		} else {
			got = append(got, p.text)
		}
	}
	want := []string{
		"Some commands manipulate the clipboard.",
		`[["package" "popcon" "description"] ["xsel" "V:8, I:40" "command line interface to X"] ["wl-clipboard" "V:1, I:5" "wl-copy wl-paste: command line interface to Wayland"]]`,
		"Table 7.9: Programs for the clipboard",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("paragraphs\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestPDFDotLeaders(t *testing.T) {
	lines := pdfLines(glyphsOf([]glyphRun{{72, 700, 10, "1.4 Daftar isi . . . . . . . . . . 18"}, {72, 680, 10, "Versi 1.2.3.4 dan ... cukup."}}))
	if len(lines) != 2 || lines[0].text != "1.4 Daftar isi 18" || lines[1].text != "Versi 1.2.3.4 dan ... cukup." {
		t.Errorf("lines %+v", lines)
	}
}

func TestPDFStraightQuotes(t *testing.T) {
	for in, want := range map[string]string{
		"type ”reset” at the prompt":            `type "reset" at the prompt`,
		"the directory ”/run” is mounted (”/”)": `the directory "/run" is mounted ("/")`,
		"he said “kill -ABRT PID”. Then":        "he said “kill -ABRT PID”. Then",
		"5” screen, 3” pipe":                    "5” screen, 3” pipe",
		"no quotes":                             "no quotes",
	} {
		if got := pdfStraightQuotes(in); got != want {
			t.Errorf("pdfStraightQuotes(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPDFCaptionsAbove(t *testing.T) {
	paras := []pdfPara{{text: "Levels:"}, {table: [][]string{{"level", "name"}, {"3", "KERN_ERR"}}}, {text: "Table 3.4: List of kernel error levels"}, {text: "Table salt is cheap."}}
	pdfCaptionsAbove(paras)
	if paras[1].text != "Table 3.4: List of kernel error levels" || paras[2].table == nil || paras[3].text != "Table salt is cheap." {
		t.Errorf("paragraphs %+v", paras)
	}
}
