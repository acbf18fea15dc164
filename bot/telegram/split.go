package telegram

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// MaxMessageLen is Telegram's limit on a message's text after entity parsing, in UTF-16 code
// units.
const MaxMessageLen = 4096

// SplitMessage splits Telegram HTML into parts whose visible text (tags removed, entities
// decoded) is at most limit UTF-16 code units, as Telegram counts. It breaks between paragraphs
// when it can, then between lines, then between sentences, then between words, and only as a
// last resort inside a word; never inside a tag, an entity or a citation marker such as [12],
// and never so that a citation marker starts a part. Tags open at a break are closed at the end
// of the part and reopened at the start of the next, so every part is well formed on its own.
// Whitespace at the breaks is dropped. A text that fits is returned unchanged.
func SplitMessage(text string, limit int) []string {
	if limit <= 0 {
		return []string{text}
	}
	items := tokenizeHTML(text)
	total := 0
	for _, it := range items {
		total += it.width
	}
	if total <= limit {
		return []string{text}
	}
	s := splitter{src: text, items: items, limit: limit}
	return s.split()
}

type itemKind uint8

const (
	itemText itemKind = iota
	itemOpen
	itemClose
)

// htmlItem is one visible character (a rune or a decoded entity) or one tag.
type htmlItem struct {
	start, end int // byte offsets in the source
	kind       itemKind
	width      int  // UTF-16 units of visible text
	r          rune // the character (first rune of a decoded entity)
	name       string
}

func tokenizeHTML(s string) []htmlItem {
	items := make([]htmlItem, 0, len(s))
	for i := 0; i < len(s); {
		switch c := s[i]; c {
		case '<':
			if j := strings.IndexByte(s[i:], '>'); j > 0 {
				raw := s[i : i+j+1]
				name, closing := tagName(raw)
				kind := itemOpen
				if closing {
					kind = itemClose
				}
				items = append(items, htmlItem{start: i, end: i + j + 1, kind: kind, name: name})
				i += j + 1
				continue
			}
		case '&':
			if j := strings.IndexByte(s[i:min(len(s), i+12)], ';'); j > 1 {
				ent := s[i : i+j+1]
				if dec := html.UnescapeString(ent); dec != ent {
					r, _ := utf8.DecodeRuneInString(dec)
					items = append(items, htmlItem{start: i, end: i + j + 1, width: utf16Len(dec), r: r})
					i += j + 1
					continue
				}
			}
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		items = append(items, htmlItem{start: i, end: i + size, width: runeWidth(r), r: r})
		i += size
	}
	return items
}

// tagName returns the lower-case name of a tag such as <a href="…"> or </b>.
func tagName(raw string) (name string, closing bool) {
	t := strings.TrimSuffix(strings.TrimPrefix(raw, "<"), ">")
	if strings.HasPrefix(t, "/") {
		closing = true
		t = t[1:]
	}
	end := strings.IndexFunc(t, func(r rune) bool { return unicode.IsSpace(r) || r == '/' })
	if end >= 0 {
		t = t[:end]
	}
	return strings.ToLower(t), closing
}

func runeWidth(r rune) int {
	if n := utf16.RuneLen(r); n > 0 {
		return n
	}
	return 1 // invalid UTF-8 becomes U+FFFD, one unit
}

// utf16Len is the length of s in UTF-16 code units, as Telegram measures text.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += runeWidth(r)
	}
	return n
}

// Break priorities, best last.
const (
	breakHard = iota
	breakWord
	breakSentence
	breakLine
	breakParagraph
)

type splitter struct {
	src   string
	items []htmlItem
	limit int
	stack []int // indices of the tags open at the current position
	parts []string
}

func (s *splitter) split() []string {
	i := s.skipSpace(0)
	for i < len(s.items) {
		k, fill := i, 0 // k: first item that does not fit
		for k < len(s.items) && fill+s.items[k].width <= s.limit {
			fill += s.items[k].width
			k++
		}
		if k == len(s.items) {
			s.emit(i, k)
			break
		}
		end, next := s.choose(i, k)
		s.emit(i, end)
		i = s.skipSpace(next)
	}
	return s.parts
}

// choose picks where the part starting at item i ends (end) and where the next begins (next),
// given that items[i:k] is the most that fits.
func (s *splitter) choose(i, k int) (end, next int) {
	best, bestPrio := -1, -1
	fallback, fallbackPrio := -1, -1
	fill := 0
	for p := i; p <= k; p++ {
		if p > i && s.isSpace(p) && !s.isSpace(p-1) && fill > 0 {
			prio := s.priority(p)
			if prio >= 0 {
				if fill*2 >= s.limit && prio >= bestPrio {
					best, bestPrio = p, prio
				}
				if prio >= fallbackPrio {
					fallback, fallbackPrio = p, prio
				}
			}
		}
		if p < k {
			fill += s.items[p].width
		}
	}
	if best < 0 {
		best = fallback
	}
	if best > i {
		q := best
		for q < len(s.items) && s.isSpace(q) {
			q++
		}
		return best, q
	}
	// One word longer than the limit: cut it, but not inside a citation marker.
	cut := k
	if l := s.markerStart(k); l > i {
		cut = l
	}
	if cut <= i {
		cut = i + 1
	}
	return cut, cut
}

// priority rates a break at the whitespace run starting at item p; -1 forbids it.
func (s *splitter) priority(p int) int {
	newlines, q := 0, p
	for q < len(s.items) && s.isSpace(q) {
		if s.items[q].r == '\n' {
			newlines++
		}
		q++
	}
	switch {
	case newlines >= 2:
		return breakParagraph
	case newlines == 1:
		return breakLine
	}
	if isMarker(s.wordAfter(q)) {
		return -1 // a citation belongs to the sentence before it
	}
	j := p
	for {
		w, start := s.wordBefore(j)
		if w == "" {
			return breakWord
		}
		if endsSentence(w) {
			return breakSentence
		}
		if isMarker(w) {
			j = start
			for j > 0 && s.isSpace(j-1) {
				j--
			}
			continue
		}
		return breakWord
	}
}

// wordBefore returns the visible word ending just before item j, and the item it starts at.
func (s *splitter) wordBefore(j int) (string, int) {
	var rs []rune
	start := j
	for k := j - 1; k >= 0; k-- {
		it := s.items[k]
		if it.kind != itemText {
			continue
		}
		if unicode.IsSpace(it.r) {
			break
		}
		rs = append(rs, it.r)
		start = k
	}
	for a, b := 0, len(rs)-1; a < b; a, b = a+1, b-1 {
		rs[a], rs[b] = rs[b], rs[a]
	}
	return string(rs), start
}

// wordAfter returns the visible word starting at item q.
func (s *splitter) wordAfter(q int) string {
	var b strings.Builder
	for k := q; k < len(s.items); k++ {
		it := s.items[k]
		if it.kind != itemText {
			continue
		}
		if unicode.IsSpace(it.r) {
			break
		}
		b.WriteRune(it.r)
	}
	return b.String()
}

// markerStart returns the item where a citation marker enclosing the boundary before item k
// starts, or -1.
func (s *splitter) markerStart(k int) int {
	l := k - 1
	for l >= 0 && s.items[l].kind == itemText && unicode.IsDigit(s.items[l].r) {
		l--
	}
	if l < 0 || s.items[l].kind != itemText || s.items[l].r != '[' {
		return -1
	}
	r := k
	for r < len(s.items) && s.items[r].kind == itemText && unicode.IsDigit(s.items[r].r) {
		r++
	}
	if r < len(s.items) && s.items[r].kind == itemText && s.items[r].r == ']' && r-l > 1 {
		return l
	}
	return -1
}

func (s *splitter) isSpace(k int) bool {
	it := s.items[k]
	return it.kind == itemText && unicode.IsSpace(it.r)
}

func (s *splitter) skipSpace(i int) int {
	for i < len(s.items) && s.isSpace(i) {
		i++
	}
	return i
}

// emit appends items[i:j] as a part, reopening the tags open at i and closing those open at j.
func (s *splitter) emit(i, j int) {
	var b strings.Builder
	for _, t := range s.stack {
		b.WriteString(s.src[s.items[t].start:s.items[t].end])
	}
	visible := false
	for k := i; k < j; k++ {
		it := s.items[k]
		switch it.kind {
		case itemOpen:
			s.stack = append(s.stack, k)
		case itemClose:
			for n := len(s.stack) - 1; n >= 0; n-- {
				if s.items[s.stack[n]].name == it.name {
					s.stack = append(s.stack[:n], s.stack[n+1:]...)
					break
				}
			}
		default:
			if !unicode.IsSpace(it.r) {
				visible = true
			}
		}
	}
	if i < j {
		b.WriteString(s.src[s.items[i].start:s.items[j-1].end])
	}
	for n := len(s.stack) - 1; n >= 0; n-- {
		b.WriteString("</" + s.items[s.stack[n]].name + ">")
	}
	if visible {
		s.parts = append(s.parts, b.String())
	}
}

func isMarker(w string) bool {
	if len(w) < 3 || w[0] != '[' || w[len(w)-1] != ']' {
		return false
	}
	for _, r := range w[1 : len(w)-1] {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func endsSentence(w string) bool {
	w = strings.TrimRight(w, "\"')]”’»")
	r, _ := utf8.DecodeLastRuneInString(w)
	switch r {
	case '.', '!', '?', '…', '。':
		return true
	}
	return false
}

// plainText turns Telegram HTML into the text a reader sees: tags dropped, entities decoded.
// It is the fallback when Telegram cannot parse a message's entities.
func plainText(s string) string {
	var b strings.Builder
	for _, it := range tokenizeHTML(s) {
		if it.kind == itemText {
			b.WriteString(html.UnescapeString(s[it.start:it.end]))
		}
	}
	return b.String()
}
