package bot

import (
	"strings"

	"github.com/kutip/kutip/retrieval"
)

// Lang is the language of a reply: Indonesian or English.
type Lang = retrieval.Lang

// The reply languages.
const (
	LangID = retrieval.LangID
	LangEN = retrieval.LangEN
)

// Request is one message from a user to the assistant, whatever the front end.
type Request struct {
	ChatID int64
	UserID int64
	// Text is the message as the user typed it: a command ("/ask …") or a plain question.
	Text string
	// LangHint is the client's language (Telegram's language_code, e.g. "en-US"); it decides the
	// reply language only when the text is too short to tell.
	LangHint string
	// Lang, when set, forces the reply language (a command-line --lang); "" detects it.
	Lang Lang
	// Admin marks a user allowed to run admin commands (/reload, /stats).
	Admin bool
	// OnPartial, when set, receives the answer text as it grows while a language model writes it
	// (plain text, no citations checked yet), so a front end can show progress. It is called
	// from the answering goroutine; the final Reply still follows.
	OnPartial func(text string)
}

// Kind says what a reply is, so front ends can add the right controls.
type Kind string

// The kinds of reply.
const (
	KindAnswer  Kind = "answer"  // a grounded answer with citations
	KindRefusal Kind = "refusal" // the documents do not answer
	KindQuote   Kind = "quote"   // verbatim passages for /quote
	KindSources Kind = "sources" // the list of documents
	KindSource  Kind = "source"  // one document's card and a page of its passages
	KindInfo    Kind = "info"    // help, start, language changed, hints
	KindError   Kind = "error"   // a user-safe error message
)

// Style is how a run of text is emphasised.
type Style uint8

// The styles a front end renders (Telegram: <b>, <i>, <code>; terminal and JSON: plain).
const (
	Plain Style = iota
	Bold
	Italic
	Code
)

// Run is a stretch of text in one style. Text is plain, never markup: front ends escape it.
type Run struct {
	Text  string
	Style Style
}

// Block is one paragraph of a reply. Front ends split long replies only between blocks
// (or, for one huge block, between its sentences).
type Block []Run

// Citation is one numbered source of an answer.
type Citation struct {
	N       int    `json:"n"`
	Doc     string `json:"doc"`
	Title   string `json:"title"`
	Passage string `json:"passage"`
	Quote   string `json:"quote"`
	// Page is the page of a paged document (PDF) the quote starts on; 0, and left out, when the
	// document has no pages.
	Page int `json:"page,omitempty"`
	// Section is the heading path of the section the quote is from ("3 Paket › 3.2.1 Memasang
	// paket"); "", and left out, when the document has no headings there.
	Section string `json:"section,omitempty"`
	// Marks are the spans of Quote that match the words of a /quote, in order (Quote only).
	Marks []Mark `json:"-"`
}

// Mark is a span of text, [Start, End) in bytes.
type Mark struct{ Start, End int }

// SourcePage locates a page of /source output, so front ends can offer previous/next controls.
type SourcePage struct {
	Doc   string // document ID
	Short string // the document's short id (as /sources lists it)
	Page  int    // 1-based
	Pages int
}

// Reply is the assistant's answer to one Request.
type Reply struct {
	Kind    Kind
	Lang    Lang
	Blocks  []Block
	Refused bool
	// Mode is "extractive" or "llm" for answers and refusals; empty otherwise.
	Mode      string
	Citations []Citation
	// Passages are the top retrieved passages, best first, whether or not the reply was refused.
	Passages []retrieval.Hit
	// Source is set on KindSource replies.
	Source *SourcePage
	// Note is an optional short remark shown after the answer (e.g. why the LLM answer was replaced).
	Note string
	// Checks records what Kutip verified or corrected in a language model's answer (for
	// `kutip ask --json` and logs), e.g. "citation 9 removed: no such passage"; nil otherwise.
	Checks []string
	// Why explains an extractive answer's or refusal's decision; nil for other replies.
	Why *Why
}

// Text renders the reply as plain text: blocks separated by blank lines, styles dropped.
func (r Reply) Text() string {
	var b strings.Builder
	for i, blk := range r.Blocks {
		if i > 0 {
			b.WriteString("\n\n")
		}
		for _, run := range blk {
			b.WriteString(run.Text)
		}
	}
	return b.String()
}
