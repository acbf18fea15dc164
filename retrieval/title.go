package retrieval

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxTitleRunes is about how long a title derived from a first sentence gets.
const maxTitleRunes = 60

// deriveTitle returns the title of a cleaned text that no catalog or front matter names: its
// first line when that line is a heading (a line of at most 120 characters and 20 words with no
// final point, starting with a capital or a digit, followed by more text; a Markdown heading's
// "#" marks aside), else its first sentence made short (see shortTitle).
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

// minClauseWords is the fewest words a first clause needs to stand as a title on its own.
const minClauseWords = 4

// shortTitle makes a title of a sentence: whole when it fits in maxTitleRunes (without its final
// point); else its first clause (up to a comma, semicolon, colon or dash) when that fits and
// has at least minClauseWords words; else its first words up to maxTitleRunes. A shortened
// title never ends on a function word ("dan", "yang", "of") or a punctuation mark, and ends
// with "…".
func shortTitle(s string) string {
	if utf8.RuneCountInString(s) <= maxTitleRunes {
		if strings.HasSuffix(s, ".") && !strings.HasSuffix(s, "..") {
			s = strings.TrimSuffix(s, ".")
		}
		return s
	}
	words := strings.Fields(s)
	// The longest run of whole clauses that fits.
	clause, n := "", 0
	for i, w := range words {
		n += utf8.RuneCountInString(w) + min(i, 1)
		if n > maxTitleRunes {
			break
		}
		if endsClause(w) && i+1 >= minClauseWords {
			clause = strings.Join(words[:i+1], " ")
		}
	}
	if clause != "" {
		return trimTitleEnd(clause) + "…"
	}
	var b strings.Builder
	for _, w := range words {
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
		return string([]rune(t)[:maxTitleRunes]) + "…"
	}
	return trimTitleEnd(t) + "…"
}

// endsClause reports whether a word ends a clause: it ends with a comma, semicolon or colon,
// or it is a dash between words.
func endsClause(w string) bool {
	return strings.HasSuffix(w, ",") || strings.HasSuffix(w, ";") || strings.HasSuffix(w, ":") || w == "–" || w == "—" || w == "-"
}

// trimTitleEnd drops what a shortened title must not end on: punctuation (but a closing
// parenthesis or quote), dashes, and function words of either language, keeping at least one word.
func trimTitleEnd(t string) string {
	words := strings.Fields(t)
	for len(words) > 1 {
		last := strings.TrimRightFunc(words[len(words)-1], func(r rune) bool { return unicode.IsPunct(r) && r != ')' && r != '”' })
		if last == "" || IsStopwordAny(strings.ToLower(last)) {
			words = words[:len(words)-1]
			continue
		}
		words[len(words)-1] = last
		break
	}
	return strings.Join(words, " ")
}
