package retrieval

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The formats Load reads, by extension. Each but plain text is turned into Markdown-ish text
// (headings "#", list items "- ", tables as pipe tables, code fenced), so that one reading of
// Markdown gives every format its sections.
var documentExts = map[string]string{
	".txt":  "text",
	".md":   "Markdown",
	".pdf":  "PDF",
	".docx": "Word document",
	".html": "web page",
	".htm":  "web page",
	".epub": "EPUB book",
}

// DocumentExts lists the file extensions Load reads, in order.
func DocumentExts() []string {
	var exts []string
	for e := range documentExts {
		exts = append(exts, e)
	}
	sort.Strings(exts)
	return exts
}

// MaxDocumentBytes bounds the size of one document file.
const MaxDocumentBytes = 100 << 20

// ErrFormat wraps every reason a file cannot be read as a document: its message is meant for
// the person who gave the file.
var ErrFormat = errors.New("cannot read document")

func formatError(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrFormat, fmt.Sprintf(format, args...))
}

// DetectFormat tells a document's format from its content: ".pdf", ".docx", ".epub", ".html",
// ".txt", or "" for anything else (an image, an archive, a spreadsheet, binary data).
func DetectFormat(data []byte) string {
	head := data[:min(len(data), 1024)]
	switch {
	case bytes.Contains(head, []byte("%PDF-")):
		return ".pdf"
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		zr, err := openZip(data)
		if err != nil {
			return ""
		}
		if zipHas(zr, "word/document.xml") {
			return ".docx"
		}
		if zipHas(zr, "META-INF/container.xml") {
			return ".epub"
		}
		return ""
	}
	if !utf8.Valid(head[:validPrefix(head)]) {
		return ""
	}
	low := bytes.ToLower(head)
	if strings.HasPrefix(http.DetectContentType(data), "text/html") || bytes.Contains(low, []byte("<html")) || bytes.Contains(low, []byte("<!doctype html")) {
		return ".html" // XHTML too, which starts with an XML declaration
	}
	if strings.HasPrefix(http.DetectContentType(data), "text/plain") {
		return ".txt"
	}
	return ""
}

// validPrefix cuts a possibly truncated last rune off b.
func validPrefix(b []byte) int {
	n := len(b)
	for i := 0; i < 3 && n > 0 && !utf8.Valid(b[:n]); i++ {
		n--
	}
	return n
}

// formatName names a format for messages.
func formatName(ext string) string {
	if n, ok := documentExts[ext]; ok {
		return n
	}
	return "a file Kutip does not read"
}

// extracted is a document's text as Markdown, before cleaning, with its pages.
type extracted struct {
	markdown string
	// pageFirst holds, for each page of a paged format (PDF), the start of its first paragraph,
	// "" for a page without text; nil for other formats.
	pageFirst []string
	// title is the document's own title (HTML <title>, EPUB metadata), if any.
	title string
	// notes are things worth telling about the file: pages that look scanned.
	notes []string
}

// extractDocument turns a file's bytes into Markdown by its extension, after checking that its
// content is of that format.
func extractDocument(name string, data []byte, ocr OCRFunc) (extracted, error) {
	ext := strings.ToLower(path.Ext(name))
	if len(data) == 0 {
		return extracted{}, formatError("%s is empty (0 bytes)", name)
	}
	if len(data) > MaxDocumentBytes {
		return extracted{}, formatError("%s is %d MB, more than the %d MB Kutip reads", name, len(data)>>20, MaxDocumentBytes>>20)
	}
	got := DetectFormat(data)
	want := ext
	switch ext {
	case ".md", ".txt":
		want = ".txt"
	case ".htm":
		want = ".html"
	}
	if got != want && !(want == ".txt" && got == ".html") && !(want == ".html" && got == ".txt") {
		if got == "" {
			return extracted{}, formatError("%s is not a %s: its content is of no format Kutip reads", name, formatName(ext))
		}
		return extracted{}, formatError("%s is not a %s: its content is a %s (rename it to %s)", name, formatName(ext), formatName(got), strings.TrimSuffix(name, path.Ext(name))+got)
	}
	var (
		ex  extracted
		err error
	)
	switch ext {
	case ".pdf":
		ex, err = extractPDF(data, ocr)
	case ".docx":
		ex, err = extractDOCX(data)
	case ".epub":
		ex, err = extractEPUB(data)
	case ".html", ".htm":
		ex, err = extractHTML(data)
	default:
		ex.markdown = string(data)
	}
	if err != nil {
		if errors.Is(err, ErrFormat) {
			return ex, err
		}
		return ex, formatError("%s: %v", name, err)
	}
	return ex, nil
}

// extractPDF reads a PDF's text layer into Markdown, one page after the other.
func extractPDF(data []byte, ocr OCRFunc) (extracted, error) {
	pages, err := readPDF(data)
	if err != nil {
		return extracted{}, err
	}
	var ex extracted
	var b strings.Builder
	var scanned []int
	for i, p := range pages {
		if p.scanned {
			scanned = append(scanned, i+1)
			if ocr != nil {
				if text, err := ocrPDFPage(data, i+1, ocr); err == nil && strings.TrimSpace(text) != "" {
					p.paras = []pdfPara{{text: text}}
					pages[i] = p
					ex.notes = append(ex.notes, fmt.Sprintf("page %d has no text; it looks scanned: read with OCR (tesseract)", i+1))
					continue
				} else if err != nil {
					ex.notes = append(ex.notes, fmt.Sprintf("page %d has no text; it looks scanned, and OCR failed: %v", i+1, err))
					continue
				}
			}
			ex.notes = append(ex.notes, fmt.Sprintf("page %d has no text; it looks scanned (install tesseract-ocr and tesseract-ocr-ind to read it)", i+1))
		}
	}
	for _, p := range pages {
		first := ""
		pdfCaptionsAbove(p.paras)
		for _, para := range p.paras {
			if para.table != nil {
				rows := make([][]string, len(para.table))
				for r, row := range para.table {
					for _, c := range row {
						rows[r] = append(rows[r], pdfStraightQuotes(pdfLigatures.Replace(c)))
					}
				}
				table := pipeTable(rows)
				if first == "" {
					first = strings.TrimSpace(table)
				}
				b.WriteString(table)
				continue
			}
			line := pdfStraightQuotes(pdfLigatures.Replace(para.text))
			if !hasText(line) {
				continue
			}
			if para.code {
				if first == "" {
					first = strings.TrimSpace(strings.SplitN(line, "\n", 2)[0])
				}
				b.WriteString(indentCode(line) + "\n\n")
				continue
			}
			if first == "" {
				first = line
			}
			switch {
			case para.heading > 0:
				line = strings.Repeat("#", para.heading) + " " + line
			case para.list:
				line = "- " + line
			}
			b.WriteString(line)
			b.WriteString("\n\n")
		}
		ex.pageFirst = append(ex.pageFirst, first)
	}
	ex.markdown = b.String()
	if strings.TrimSpace(ex.markdown) == "" {
		if len(scanned) > 0 {
			return ex, formatError("the PDF has no text layer: all its %d pages look scanned, and OCR (tesseract) is not available or read nothing", len(pages))
		}
		return ex, formatError("the PDF has no text")
	}
	return ex, nil
}

// hasText tells whether a paragraph has a letter or a digit once cleaned: a heading of a
// stray "Â" (mojibake Clean drops) or of bullets alone is no heading.
func hasText(s string) bool {
	return strings.IndexFunc(Clean(s), func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}

// readAllLimit reads r, failing when it holds more than limit bytes.
func readAllLimit(r io.Reader, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("more than %d MB uncompressed", limit>>20)
	}
	return data, nil
}

// indentCode writes a code block as Markdown's indented code: four spaces before every line.
func indentCode(code string) string {
	return "    " + strings.ReplaceAll(code, "\n", "\n    ")
}
