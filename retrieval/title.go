package retrieval

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxTitleRunes is about how long a title derived from a first sentence gets.
const maxTitleRunes = 80

// deriveTitle returns the title of a cleaned text that no catalog or front matter names: its
// first line when that line is a heading (a line of at most 120 characters and 20 words with no
// final point, starting with a capital or a digit, followed by more text; a Markdown heading's
// "#" marks aside), else its first
// sentence, cut at a word boundary to about 80 characters with "…".
//
// The heading line stays in Document.Text: it is searchable and quotable like the rest, and
// Chunk joins it to the passage of the sentence after it.
func deriveTitle(text string) string {
	first, rest, _ := strings.Cut(text, "\n")
	if m := reMDHeading.FindStringSubmatch(first); m != nil && m[2] != "" {
		first = m[2] // "# Title"
	}
	if rest != "" && isHeadingLine(first) {
		return first
	}
	sents := SplitSentences(text)
	if len(sents) == 0 {
		return ""
	}
	return shortTitle(sents[0].Text)
}

// isHeadingLine reports whether a line reads as a heading rather than as running text.
func isHeadingLine(l string) bool {
	if l == "" || utf8.RuneCountInString(l) > 120 || len(strings.Fields(l)) > 20 || !headingEnd(l) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(l)
	return unicode.IsUpper(r) || unicode.IsDigit(r)
}

// shortTitle makes a title of a sentence: whole when short (without its final point), else its
// first words up to maxTitleRunes with "…".
func shortTitle(s string) string {
	if utf8.RuneCountInString(s) <= maxTitleRunes {
		if strings.HasSuffix(s, ".") && !strings.HasSuffix(s, "..") {
			s = strings.TrimSuffix(s, ".")
		}
		return s
	}
	var b strings.Builder
	for _, w := range strings.Fields(s) {
		if b.Len() > 0 && utf8.RuneCountInString(b.String())+1+utf8.RuneCountInString(w) > maxTitleRunes {
			break
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w)
	}
	t := b.String()
	if utf8.RuneCountInString(t) > maxTitleRunes { // one word longer than a title
		t = string([]rune(t)[:maxTitleRunes])
	}
	return strings.TrimRightFunc(t, func(r rune) bool { return unicode.IsPunct(r) && r != ')' && r != '”' }) + "…"
}
