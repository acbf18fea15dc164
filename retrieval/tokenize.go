package retrieval

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Token is one word of a text: letters and digits, with the inner hyphens of "Six-Party" and
// "Jong-Un", the inner points and commas of "500.000" and "3,5", and the slashes of "25/4/2019".
type Token struct {
	Text  string // as written
	Norm  string // lower-cased, possessive "'s" dropped
	Start int    // byte offset in the analysed text
	End   int
}

// maxTokens bounds the work done on one text: a 100,000-character question is cut, not choked on.
const maxTokens = 20000

// Tokenize splits text into word tokens. Invalid UTF-8 bytes and symbols separate tokens; nothing panics.
func Tokenize(text string) []Token {
	var toks []Token
	scanTokens(text, func(word string, start, end int) {
		toks = append(toks, Token{Text: word, Norm: normalizeWord(word), Start: start, End: end})
	})
	return toks
}

// scanTokens calls fn with each of the first maxTokens tokens of text, as written, and its byte
// offsets: Tokenize without a slice of tokens, for the analysis of passages.
func scanTokens(text string, fn func(word string, start, end int)) {
	i, n := 0, 0
	for i < len(text) && n < maxTokens {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isWordRune(r) || (r == utf8.RuneError && size <= 1) {
			i += size
			continue
		}
		start := i
		end := i + size
		j := end
		for j < len(text) {
			r, size := utf8.DecodeRuneInString(text[j:])
			if isWordRune(r) && r != utf8.RuneError {
				j += size
				end = j
				continue
			}
			// A joiner stays inside a token only between two word characters:
			// hyphens everywhere, . , / between digits, apostrophes between letters.
			if isJoiner(r) && j+size < len(text) {
				next, nsize := utf8.DecodeRuneInString(text[j+size:])
				prev, _ := utf8.DecodeLastRuneInString(text[start:end])
				if joins(r, prev, next) {
					j += size + nsize
					end = j
					continue
				}
			}
			break
		}
		i = end
		n++
		fn(text[start:end], start, end)
	}
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

func isJoiner(r rune) bool {
	switch r {
	case '-', '\u2010', '\u2011', '.', ',', '/', '\'', '\u2019':
		return true
	}
	return false
}

func joins(j, prev, next rune) bool {
	switch j {
	case '-', '\u2010', '\u2011':
		return isWordRune(prev) && isWordRune(next)
	case '.', ',', '/':
		return unicode.IsDigit(prev) && unicode.IsDigit(next)
	case '\'', '\u2019':
		return unicode.IsLetter(prev) && unicode.IsLetter(next)
	}
	return false
}

// normalizeWord lower-cases a token, unifies hyphens and apostrophes and drops an English
// possessive ("Korea's" → "korea").
func normalizeWord(w string) string {
	w = strings.ToLower(w)
	if strings.ContainsAny(w, "\u2010\u2011\u2019") {
		w = strings.NewReplacer("\u2010", "-", "\u2011", "-", "\u2019", "'").Replace(w)
	}
	if strings.HasSuffix(w, "'s") {
		w = w[:len(w)-2]
	}
	return w
}

// isNumber reports whether a normalised token is a number such as "2019", "500.000" or "25/4/2019".
func isNumber(w string) bool {
	if w == "" {
		return false
	}
	for _, r := range w {
		if !unicode.IsDigit(r) && r != '.' && r != ',' && r != '/' {
			return false
		}
	}
	return true
}
