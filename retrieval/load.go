package retrieval

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"path"
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// ErrNoDocuments is returned, wrapped, when a corpus holds no usable document.
var ErrNoDocuments = errors.New("no usable documents")

// LoadDir loads the documents of a folder, as Load does. A missing folder, or a path that is not
// a folder, is an error that names it. Symbolic links leading outside the folder are not
// followed (see LoadDirWith).
func LoadDir(dir string, logger *slog.Logger) ([]Document, error) {
	return LoadDirWith(dir, DirOptions{}, logger)
}

// Load reads every document file under the root of fsys (.txt, .md, .pdf, .docx, .html, .htm,
// .epub; see ReadDocument), in lexical path order, into cleaned documents (see Clean). Hidden
// files and folders (".git", ".DS_Store") are skipped, and so, each with a warning that says
// why, are files that are not valid UTF-8 (the warning gives the byte offset of the first bad
// byte), that are empty once cleaned, that cannot be read, or whose content is not of their
// format or is broken, encrypted or too large.
//
// A document's ID is its path under the root with forward slashes. Its title, source, URL and
// date come from CatalogFile, else from a Markdown front matter, else the title is the text's
// heading line or first sentence. Its language is guessed from its function words.
//
// When no document is usable, the error wraps ErrNoDocuments. A malformed catalog is an error.
func Load(fsys fs.FS, logger *slog.Logger) ([]Document, error) {
	return LoadContext(context.Background(), fsys, logger)
}

// LoadContext is Load that stops when ctx is done (a SIGTERM while a big folder is read, or
// its scanned pages are OCR'd), with ctx's error: between files, and OCR is cut short.
func LoadContext(ctx context.Context, fsys fs.FS, logger *slog.Logger) ([]Document, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	catalog, err := readCatalog(fsys)
	if err != nil {
		return nil, err
	}
	var docs []Document
	skipped := 0
	err = fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			if name == "." {
				return err
			}
			logger.Warn("skipping unreadable path", "file", name, "err", err)
			return nil
		}
		if name != "." && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() || !isDocumentFile(name) {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		doc, ok := loadDocument(ctx, fsys, name, logger)
		if !ok {
			skipped++
			return nil
		}
		if e, ok := catalog[name]; ok {
			e.applyTo(&doc)
		}
		docs = append(docs, doc)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading documents: %w", err)
	}
	for name := range catalog {
		if !hasDocument(docs, name) {
			logger.Warn("catalog names a file that is not a loaded document", "catalog", CatalogFile, "file", name)
		}
	}
	if len(docs) == 0 {
		if skipped > 0 {
			return nil, fmt.Errorf("%w: all %d document files were skipped (see warnings)", ErrNoDocuments, skipped)
		}
		return nil, fmt.Errorf("%w: no %s files", ErrNoDocuments, strings.Join(DocumentExts(), ", "))
	}
	return docs, nil
}

func isDocumentFile(name string) bool {
	_, ok := documentExts[strings.ToLower(path.Ext(name))]
	return ok
}

func hasDocument(docs []Document, id string) bool {
	for _, d := range docs {
		if d.ID == id {
			return true
		}
	}
	return false
}

// loadDocument reads and cleans one file; ok is false when it is skipped (and was logged).
func loadDocument(ctx context.Context, fsys fs.FS, name string, logger *slog.Logger) (doc Document, ok bool) {
	if info, err := fs.Stat(fsys, name); err == nil && info.Size() > MaxDocumentBytes {
		logger.Warn(fmt.Sprintf("skipping document %s: %d MB, more than the %d MB Kutip reads", name, info.Size()>>20, MaxDocumentBytes>>20), "file", name)
		return doc, false
	}
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		logger.Warn("skipping unreadable document", "file", name, "err", err)
		return doc, false
	}
	if ext := strings.ToLower(path.Ext(name)); ext == ".txt" || ext == ".md" {
		if off := invalidUTF8Offset(data); off >= 0 {
			logger.Warn(fmt.Sprintf("skipping document %s: invalid UTF-8 at byte offset %d", name, off),
				"file", name, "offset", off)
			return doc, false
		}
	}
	// Only extracted formats are cached: reading text is as fast as hashing it.
	cacheable := !strings.EqualFold(path.Ext(name), ".txt") && !strings.EqualFold(path.Ext(name), ".md")
	var key [32]byte
	if cacheable {
		key = docKey(name, data)
		if doc, notes, ok := docCache.get(key); ok {
			for _, n := range notes {
				logger.Warn(fmt.Sprintf("%s: %s", name, n), "file", name)
			}
			return doc, true
		}
	}
	doc, notes, err := ReadDocument(name, data, ocrWithin(ctx, defaultOCR()))
	if err == nil && cacheable && ctx.Err() == nil { // OCR cut short by ctx is not kept
		docCache.put(key, doc, notes)
	}
	for _, n := range notes {
		logger.Warn(fmt.Sprintf("%s: %s", name, n), "file", name)
	}
	switch {
	case errors.Is(err, errNoText):
		logger.Warn("skipping empty document", "file", name)
		return doc, false
	case err != nil:
		logger.Warn(fmt.Sprintf("skipping document %s: %s", name, strings.TrimPrefix(err.Error(), ErrFormat.Error()+": ")), "file", name)
		return doc, false
	}
	return doc, true
}

// errNoText is a document that is empty once cleaned.
var errNoText = errors.New("no text")

// ocrWithin makes an OCR function stop with ctx, whatever context its caller gives it.
func ocrWithin(ctx context.Context, ocr OCRFunc) OCRFunc {
	if ocr == nil || ctx.Done() == nil {
		return ocr
	}
	return func(inner context.Context, image string) (string, error) {
		if err := ctx.Err(); err != nil {
			return "", err
		}
		inner, cancel := context.WithCancel(inner)
		defer cancel()
		stop := context.AfterFunc(ctx, cancel)
		defer stop()
		return ocr(inner, image)
	}
}

// defaultOCR is tesseract when it is installed, looked for once.
var defaultOCR = sync.OnceValue(TesseractOCR)

// DefaultOCR is TesseractOCR, looked for once per process.
func DefaultOCR() OCRFunc { return defaultOCR() }

// ReadDocument turns one file's bytes into a cleaned document, by its extension (see Load), and
// returns notes worth telling about it (pages that look scanned). ocr, when not nil, reads
// scanned PDF pages. The error, when the file cannot be used, wraps ErrFormat and says why in
// words for the person who gave the file: empty, not of the format its name says, broken,
// encrypted, too large, no text.
func ReadDocument(name string, data []byte, ocr OCRFunc) (doc Document, notes []string, err error) {
	ext := strings.ToLower(path.Ext(name))
	if _, ok := documentExts[ext]; !ok {
		return doc, nil, formatError("%s: Kutip reads %s files", name, strings.Join(DocumentExts(), ", "))
	}
	if ext == ".txt" || ext == ".md" {
		if off := invalidUTF8Offset(data); off >= 0 {
			return doc, nil, formatError("%s: invalid UTF-8 at byte offset %d", name, off)
		}
	}
	var (
		raw  string
		meta catalogEntry
		ex   extracted
	)
	switch ext {
	case ".txt":
		raw = string(data)
	case ".md":
		meta, raw, _ = splitFrontMatter(string(data))
		raw = markdownText(raw)
	default:
		ex, err = extractDocument(name, data, ocr)
		if err != nil {
			return doc, ex.notes, err
		}
		raw = markdownText(ex.markdown)
	}
	doc = Document{ID: name, Text: Clean(raw)}
	if doc.Text == "" {
		return doc, ex.notes, fmt.Errorf("%w: %w: %s", ErrFormat, errNoText, name)
	}
	doc.PageStarts = locatePages(doc.Text, ex.pageFirst)
	doc.Title = deriveTitle(doc.Text)
	if t := siteTitle(ex.title); t != "" {
		doc.Title = t
	}
	doc.Lang = guessDocLang(doc.Text)
	meta.applyTo(&doc)
	return doc, ex.notes, nil
}

// siteTitle drops a site's name from a page title ("Judul artikel | Nama Situs").
func siteTitle(t string) string {
	for _, sep := range []string{" | ", " – ", " — ", " :: "} {
		if i := strings.LastIndex(t, sep); i > 0 {
			t = t[:i]
		}
	}
	return strings.TrimSpace(t)
}

// locatePages finds where each page starts in a cleaned text, from the start of each page's
// first paragraph (pageFirst, "" for a page without text): it is looked for after the previous
// page's start. A page that cannot be found (no text, or its text was dropped as boilerplate)
// is empty, just before the next page found, so that no offset maps to it. Page 1 starts at 0.
// nil for a document without pages.
func locatePages(text string, pageFirst []string) []int {
	if len(pageFirst) == 0 {
		return nil
	}
	starts := make([]int, len(pageFirst))
	from := 0
	for i, first := range pageFirst {
		starts[i] = -1
		if i == 0 {
			starts[i] = 0
			continue
		}
		anchor := strings.TrimSpace(Clean(markdownText(first)))
		if j := strings.IndexByte(anchor, '\n'); j >= 0 {
			anchor = anchor[:j]
		}
		if len(anchor) > 60 {
			cut := 60
			for cut > 0 && !utf8.RuneStart(anchor[cut]) {
				cut--
			}
			anchor = anchor[:cut]
		}
		if anchor == "" {
			continue
		}
		if j := strings.Index(text[from:], anchor); j >= 0 {
			from += j
			starts[i] = from
		}
	}
	// A page not found has no text of its own: it ends where the next one found starts.
	next := len(text)
	for i := len(starts) - 1; i > 0; i-- {
		if starts[i] < 0 {
			starts[i] = next
		}
		next = starts[i]
	}
	return starts
}

// invalidUTF8Offset returns the byte offset of the first byte of data that is not valid UTF-8,
// or -1.
func invalidUTF8Offset(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}

var (
	mdHeading       = regexp.MustCompile(`^ {0,3}#{1,6}(?:\s+|$)`)
	mdClosingHashes = regexp.MustCompile(`\s+#+\s*$`)
	mdRule          = regexp.MustCompile(`^ {0,3}(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,}|(?:=\s*){3,})$`)
	mdBlockStart    = regexp.MustCompile(`^\s*(?:[-*+]\s|\d{1,3}[.)]\s|>|\|)`)
)

// markdownText turns Markdown into lines Clean and Chunk read as blocks: the lines of one
// paragraph are joined (Markdown wraps them softly, whatever their length), horizontal rules
// become blank lines, and everything else keeps its lines as written: headings with their "#"
// marks, setext underlines, list items, quotes, table rows, and fenced or indented code
// verbatim. Inline markup stays: it is how the text is written.
func markdownText(md string) string {
	var out []string
	joinable, fenced, blank := false, false, true
	for _, line := range strings.Split(strings.ReplaceAll(md, "\r\n", "\n"), "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~"):
			fenced, joinable = !fenced, false
			out = append(out, line)
			blank = false
			continue
		case fenced || (blank && strings.HasPrefix(line, "    ") && trimmed != ""):
			out = append(out, line)
			continue
		case trimmed == "":
			out = append(out, "")
			joinable, blank = false, true
			continue
		case joinable && reSetextLine.MatchString(line):
			out = append(out, trimmed) // a setext heading's underline
			joinable = false
			continue
		case mdRule.MatchString(line):
			out = append(out, "")
			joinable, blank = false, true
			continue
		case mdHeading.MatchString(line):
			out = append(out, trimmed)
			joinable, blank = false, false
			continue
		case mdBlockStart.MatchString(line):
			out = append(out, trimmed)
		case joinable:
			out[len(out)-1] += " " + trimmed
		default:
			out = append(out, trimmed)
		}
		blank = false
		// A line ending in two spaces or a backslash is a hard line break.
		joinable = !strings.HasSuffix(line, "  ") && !strings.HasSuffix(line, `\`)
	}
	return strings.Join(out, "\n")
}

// Function words that tell Indonesian from English. They are only counted in lower case, so
// "AS" (Amerika Serikat) does not count as the English "as".
var (
	langWordsID = wordSet("yang dan di ke dari dengan untuk ini itu tidak dalam pada akan adalah juga oleh atau karena bahwa sebagai bisa telah sudah mereka kami kita saya ia dia tersebut antara namun tetapi jika seperti lebih secara dapat harus")
	langWordsEN = wordSet("the and of to in is that for it with as was on are be by this from at or have an not which but were has had their its been would will can could they he she we about into than")
)

func wordSet(words string) map[string]bool {
	set := make(map[string]bool)
	for _, w := range strings.Fields(words) {
		set[w] = true
	}
	return set
}

// guessDocLang tells whether a text is mostly Indonesian or English by counting each language's
// function words; a tie, such as a text without any, counts as Indonesian, the corpus language.
func guessDocLang(text string) Lang {
	id, en := 0, 0
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) }) {
		switch {
		case langWordsID[w]:
			id++
		case langWordsEN[w]:
			en++
		}
	}
	if en > id {
		return LangEN
	}
	return LangID
}
