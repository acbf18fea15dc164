package retrieval

import (
	"sort"
	"strings"
)

// Lang is a language Kutip analyses: Indonesian or English.
type Lang string

// The languages Kutip knows.
const (
	LangID Lang = "id"
	LangEN Lang = "en"
)

// Document is one cleaned source text.
type Document struct {
	// ID is the document's path relative to the corpus root, with forward slashes
	// ("002_c095447da0f7cb9e.txt"); it is what citations show as the file name.
	ID string
	// Title is the catalog's or front matter's title, else the heading-like first line,
	// else one derived from the first sentence.
	Title  string
	Source string // optional, from a catalog or front matter
	URL    string // optional
	Date   string // optional
	// Text is the cleaned text: NFC, normalised spaces, mojibake repaired, boilerplate dropped,
	// paragraphs separated by "\n". Quotes are taken verbatim from it.
	Text string
	// Lang is the document's main language.
	Lang Lang
	// PageStarts holds, for a paged document (PDF), the byte offset in Text where each page
	// starts: page n (1-based) starts at PageStarts[n-1]. nil for documents without pages.
	PageStarts []int
}

// PageAt returns the 1-based page of a byte offset in Text, 0 when the document has no pages.
func (d *Document) PageAt(offset int) int {
	if len(d.PageStarts) == 0 {
		return 0
	}
	return max(1, sort.SearchInts(d.PageStarts, offset+1))
}

// Pages is the number of pages of a paged document, 0 for others.
func (d *Document) Pages() int { return len(d.PageStarts) }

// Sentence is one sentence of a document, located in Document.Text.
type Sentence struct {
	Text      string
	Start     int // byte offset in Document.Text
	End       int // byte offset just past the sentence
	Paragraph int // 1-based paragraph number in the document
}

// Passage is a few consecutive sentences of one document, the unit that is indexed and retrieved.
type Passage struct {
	// ID is stable across runs: "<doc ID>#<ordinal>".
	ID      string
	DocID   string
	Title   string
	Ordinal int // 1-based position within the document
	// Paragraph is the 1-based paragraph number of the passage's first sentence.
	Paragraph int
	Text      string // Document.Text[Start:End]
	Start     int
	End       int
	Sentences []Sentence
	// Section is the heading path of the section the passage belongs to, outermost first, each
	// heading as written without Markdown marks and with its numbering ("3 Paket",
	// "3.2.1 Memasang paket"); nil when the passage sits before any heading.
	Section []string
	// Page is the 1-based page of a paged document (PDF) the passage starts on, 0 when unknown.
	Page int
	// Intro is what introduces the list, table or code block the passage is cut from, when the
	// passage does not show it itself: the sentence before a list or code block, a table's
	// caption and header rows. It is indexed with the passage, so a row keeps its column names.
	Intro string
}

// SectionSep joins the headings of a section path.
const SectionSep = " › "

// SectionPath returns the passage's heading path joined with " › " ("3 Paket › 3.2.1 Memasang
// paket"), or "" when it has none.
func (p *Passage) SectionPath() string { return strings.Join(p.Section, SectionSep) }

// Hit is one passage retrieved for a query.
type Hit struct {
	Passage *Passage
	Score   float64 // fused score, higher is better
	// Lexical and Vector are the passage's 1-based ranks in the BM25 and vector rankings, 0 when absent.
	Lexical int
	Vector  int
	// Matched lists the query terms (analysed form) that occur in the passage.
	Matched []string
}

// passageContext is what a passage's text does not say but its place in the document does: its
// section path and the intro of the list or table it is cut from (see Passage.Intro). It is
// indexed with the passage.
func passageContext(p *Passage) string {
	switch {
	case p.Intro == "":
		return p.SectionPath()
	case len(p.Section) == 0:
		return p.Intro
	}
	return p.SectionPath() + "\n" + p.Intro
}

// EmbedText is the text a passage's vector is made from: its section path and intro, if any, on a line before its text, so that the vector knows what the passage is about.
func EmbedText(p *Passage) string {
	if ctx := passageContext(p); ctx != "" {
		return ctx + "\n" + p.Text
	}
	return p.Text
}
