package telegram

import (
	"strings"

	"github.com/kutip/kutip/bot"
)

// Render renders a reply as Telegram HTML: paragraphs separated by blank lines, Bold as <b>,
// Italic as <i>, Code as <code>, and every character of text escaped, since document text and
// user text must never be read as markup. A reply's Note follows the blocks in italics.
func Render(r bot.Reply) string {
	var b strings.Builder
	for i, blk := range replyBlocks(r) {
		if i > 0 {
			b.WriteString("\n\n")
		}
		renderBlock(&b, blk)
	}
	return b.String()
}

// replyBlocks is the reply's blocks with its Note, if any, as a last italic paragraph, unless
// the blocks end with it already (the assistant's answers carry their note as a block).
func replyBlocks(r bot.Reply) []bot.Block {
	if strings.TrimSpace(r.Note) == "" {
		return r.Blocks
	}
	if n := len(r.Blocks); n > 0 {
		var last strings.Builder
		for _, run := range r.Blocks[n-1] {
			last.WriteString(run.Text)
		}
		if strings.TrimSpace(last.String()) == strings.TrimSpace(r.Note) {
			return r.Blocks
		}
	}
	blocks := make([]bot.Block, 0, len(r.Blocks)+1)
	blocks = append(blocks, r.Blocks...)
	return append(blocks, bot.Block{{Text: r.Note, Style: bot.Italic}})
}

func renderBlock(b *strings.Builder, blk bot.Block) {
	for _, run := range blk {
		if run.Text == "" {
			continue
		}
		open, closing := styleTags(run.Style)
		b.WriteString(open)
		escapeHTML(b, run.Text)
		b.WriteString(closing)
	}
}

func styleTags(s bot.Style) (open, closing string) {
	switch s {
	case bot.Bold:
		return "<b>", "</b>"
	case bot.Italic:
		return "<i>", "</i>"
	case bot.Code:
		return "<code>", "</code>"
	}
	return "", ""
}

// escapeHTML writes s with the three characters Telegram's HTML parser treats specially
// replaced by entities. Quotes need no escaping outside attributes.
func escapeHTML(b *strings.Builder, s string) {
	for {
		i := strings.IndexAny(s, "&<>")
		if i < 0 {
			b.WriteString(s)
			return
		}
		b.WriteString(s[:i])
		switch s[i] {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		}
		s = s[i+1:]
	}
}

// EscapeHTML returns s with &, < and > replaced by entities, for text placed in Telegram HTML.
func EscapeHTML(s string) string {
	var b strings.Builder
	escapeHTML(&b, s)
	return b.String()
}
