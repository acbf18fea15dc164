package retrieval

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ChunkOptions says how Chunk groups sentences into passages.
type ChunkOptions struct {
	// Sentences is the number of sentences a passage aims at.
	Sentences int
	// Overlap is how many sentences a passage shares with the one before it, within a stretch
	// of text cut into several passages.
	Overlap int
	// MaxChars caps a passage's length in bytes, so that a passage of long sentences stays small
	// enough to embed and to quote; a single sentence longer than that is a passage of its own.
	// Zero or less means no cap.
	MaxChars int
	// HardMaxChars is the length in bytes no passage exceeds, whatever its text: a longer
	// sentence, list item or table row is cut at spaces, a longer code block at line ends. Zero
	// or less means DefaultChunkOptions.HardMaxChars; it is never below MaxChars.
	HardMaxChars int
}

// DefaultChunkOptions are the options Kutip indexes with: passages of three sentences, one
// shared with the previous passage, at most about 700 bytes and never more than 1,500.
var DefaultChunkOptions = ChunkOptions{Sentences: 3, Overlap: 1, MaxChars: 700, HardMaxChars: 1500}

// SplitSentences cuts text into sentences, with byte offsets into text. Every line is a
// paragraph (numbered from 1) and ends a sentence; within a line a sentence ends at ".", "!",
// "?" or "…" followed by a space and something that can start a sentence. It does not end
//   - after an abbreviation that precedes a name or a number ("Dr.", "Prof.", "Jl.", "Mr.",
//     "No. 5"), or after one that can end a sentence ("AS.", "dll.", "U.S.") or an initial
//     ("George W. Bush") unless a typical sentence opener ("Namun", "Dia", "The") follows;
//   - after the number of a numbered heading ("6. Peran China…");
//   - inside numbers, dates, URLs and domains ("500.000", "25/4/2019", "Teritorial.Com"), as
//     no space follows the point;
//   - before a lower-case word or an opening bracket ("Six-Party Talks.” (Pembicaraan …)").
//
// Closing quotes and brackets right after the final mark stay with the sentence they end.
// Sentences never include surrounding spaces, and all of a line's non-space text is in one of
// its sentences.
func SplitSentences(text string) []Sentence {
	var out []Sentence
	para := 0
	for lineStart := 0; lineStart <= len(text); {
		lineEnd := strings.IndexByte(text[lineStart:], '\n')
		if lineEnd < 0 {
			lineEnd = len(text)
		} else {
			lineEnd += lineStart
		}
		para++
		out = splitLine(out, text, lineStart, lineEnd, para)
		lineStart = lineEnd + 1
	}
	return out
}

// splitLine appends the sentences of text[start:end], one line, to out.
func splitLine(out []Sentence, text string, start, end, para int) []Sentence {
	line := text[start:end]
	emit := func(from, to int) {
		for from < to {
			r, size := utf8.DecodeRuneInString(line[from:to])
			if !unicode.IsSpace(r) {
				break
			}
			from += size
		}
		for to > from {
			r, size := utf8.DecodeLastRuneInString(line[from:to])
			if !unicode.IsSpace(r) {
				break
			}
			to -= size
		}
		if from < to {
			out = append(out, Sentence{Text: line[from:to], Start: start + from, End: start + to, Paragraph: para})
		}
	}
	sentStart := 0
	for i := 0; i < len(line); {
		r, size := utf8.DecodeRuneInString(line[i:])
		if !isTerminal(r) {
			i += size
			continue
		}
		// The run of final marks ("?!", "..."), then the closing quotes and brackets.
		markStart := i
		j := i + size
		for j < len(line) {
			r, size := utf8.DecodeRuneInString(line[j:])
			if !isTerminal(r) {
				break
			}
			j += size
		}
		marks := line[markStart:j]
		for j < len(line) {
			r, size := utf8.DecodeRuneInString(line[j:])
			if !isCloser(r) {
				break
			}
			j += size
		}
		// A space must follow, then the next sentence's first character.
		k := j
		for k < len(line) {
			r, size := utf8.DecodeRuneInString(line[k:])
			if !unicode.IsSpace(r) {
				break
			}
			k += size
		}
		if k == j || k == len(line) {
			i = j
			continue
		}
		if sentenceEndsAt(line, sentStart, markStart, marks, k) {
			emit(sentStart, j)
			sentStart = k
		}
		i = k
	}
	emit(sentStart, len(line))
	return out
}

func isTerminal(r rune) bool {
	return r == '.' || r == '!' || r == '?' || r == '…'
}

func isCloser(r rune) bool {
	switch r {
	case '"', '\'', '”', '’', '»', '›', ')', ']', '}':
		return true
	}
	return false
}

func isOpener(r rune) bool {
	switch r {
	case '"', '\'', '“', '‘', '«', '‹', '(', '[', '{', '„':
		return true
	}
	return false
}

// sentenceEndsAt decides whether the final marks at line[markStart:] end the sentence begun at
// sentStart, given that the next non-space character is at next.
func sentenceEndsAt(line string, sentStart, markStart int, marks string, next int) bool {
	n, _ := utf8.DecodeRuneInString(line[next:])
	if unicode.IsLower(n) || n == '(' {
		return false
	}
	if marks != "." {
		return true // "?", "!", "…", "...": the next sentence starts in upper case
	}
	word := lastWord(line[sentStart:markStart])
	nextWord := firstWord(line[next:])
	switch {
	case word == "":
		return true
	case abbrevBeforeName[word]:
		return false
	case word == "No" || word == "no" || word == "Nr":
		return !unicode.IsDigit(n)
	case strings.TrimSpace(line[sentStart:markStart]) == word && isEnumerator(word):
		return false // "6. Peran China dan Rusia sebagai Mediator"
	case abbrevEnding[word] || isInitials(word):
		return sentenceOpeners[strings.ToLower(nextWord)]
	}
	return true
}

// lastWord returns the word that ends s, without the quotes or brackets that open it.
func lastWord(s string) string {
	i := strings.LastIndexFunc(s, unicode.IsSpace)
	w := s[i+1:]
	if i < 0 {
		w = s
	}
	return strings.TrimLeftFunc(w, isOpener)
}

// firstWord returns the letters that start s, after any opening quote or bracket.
func firstWord(s string) string {
	s = strings.TrimLeftFunc(s, isOpener)
	if i := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }); i >= 0 {
		return s[:i]
	}
	return s
}

// isEnumerator reports whether w numbers a heading or list item: "6", "10", "IV", "b".
func isEnumerator(w string) bool {
	if _, err := strconv.Atoi(w); err == nil && len(w) <= 3 {
		return true
	}
	if utf8.RuneCountInString(w) == 1 {
		return unicode.IsLetter([]rune(w)[0])
	}
	return len(w) <= 4 && strings.Trim(w, "IVXivx") == ""
}

// isInitials reports whether w is an initial or a dotted abbreviation before its final point:
// "W" (George W. Bush), "U.S", "A.S", "e.g".
func isInitials(w string) bool {
	parts := strings.Split(w, ".")
	for _, p := range parts {
		r, size := utf8.DecodeRuneInString(p)
		if size != len(p) || !unicode.IsLetter(r) || (len(parts) == 1 && !unicode.IsUpper(r)) {
			return false
		}
	}
	return true
}

// abbrevBeforeName are abbreviations (without their point) that stand before a name, so a
// sentence never ends at them: titles, ranks, street and region words.
var abbrevBeforeName = map[string]bool{
	"Dr": true, "dr": true, "Drs": true, "Dra": true, "Prof": true, "Ir": true, "H": true, "Hj": true,
	"Mr": true, "Mrs": true, "Ms": true, "Jl": true, "Jln": true, "St": true, "Sdr": true, "Sdri": true,
	"Bpk": true, "Tn": true, "Ny": true, "Nn": true, "Jend": true, "Kol": true, "Letjen": true,
	"Mayjen": true, "Brigjen": true, "Gen": true, "Sen": true, "Rep": true, "Gov": true, "Capt": true,
	"Lt": true, "Sgt": true, "Col": true, "Pres": true, "Vol": true, "vol": true, "hlm": true,
	"Hlm": true, "pp": true, "Fig": true, "Rp": true, "Kab": true, "Kec": true, "Kel": true,
	"Prov": true, "Yth": true, "Mt": true, "Ft": true, "vs": true, "cf": true, "ca": true, "Ket": true,
}

// abbrevEnding are abbreviations (without their final point) that may end a sentence as well as
// stand inside one.
var abbrevEnding = map[string]bool{
	"AS": true, "US": true, "dll": true, "dsb": true, "dst": true, "dkk": true, "tsb": true,
	"etc": true, "Inc": true, "Ltd": true, "Co": true, "Corp": true, "Jr": true, "Sr": true,
	"Tbk": true, "Bros": true,
}

// sentenceOpeners are words (lower-cased) that commonly start a sentence and rarely follow an
// abbreviation inside one: after "AS." or "dll." they mean a new sentence.
var sentenceOpeners = map[string]bool{
	// Indonesian
	"ia": true, "dia": true, "mereka": true, "kami": true, "kita": true, "saya": true, "aku": true,
	"ini": true, "itu": true, "hal": true, "namun": true, "tetapi": true, "tapi": true, "akan": true,
	"sementara": true, "selain": true, "menurut": true, "pada": true, "dalam": true, "di": true,
	"dan": true, "sedangkan": true, "sehingga": true, "karena": true, "oleh": true, "untuk": true,
	"setelah": true, "sebelum": true, "kemudian": true, "lalu": true, "maka": true, "jika": true,
	"apabila": true, "bila": true, "hingga": true, "sejak": true, "meski": true, "meskipun": true,
	"walaupun": true, "adapun": true, "bahkan": true, "para": true, "sebagai": true, "seperti": true,
	"selanjutnya": true, "sebelumnya": true, "tak": true, "tidak": true, "belum": true, "juga": true,
	"ada": true, "apa": true, "siapa": true, "bagaimana": true, "mengapa": true, "kenapa": true,
	"kapan": true, "dengan": true, "saat": true, "ketika": true, "sebab": true,
	// English
	"the": true, "a": true, "an": true, "it": true, "this": true, "that": true, "these": true,
	"those": true, "he": true, "she": true, "they": true, "we": true, "i": true, "you": true,
	"in": true, "on": true, "at": true, "but": true, "however": true, "and": true, "or": true,
	"so": true, "there": true, "his": true, "her": true, "their": true, "its": true, "our": true,
	"after": true, "before": true, "when": true, "while": true, "if": true, "since": true,
	"although": true, "though": true, "yet": true, "meanwhile": true, "also": true, "then": true,
}

// Chunk cuts doc into passages, in order, with stable IDs ("<doc ID>#<ordinal>") and offsets
// into doc.Text, following the document's structure (see parseBlocks):
//   - headings open sections, which form a tree; a passage belongs to one section, never crosses
//     its boundary, and carries its heading path in Passage.Section. A heading line opens the
//     first passage of its section, joined to its first sentence (or list, table or code block)
//     as a heading-like line is, so that the passage can be found and quoted by it; later
//     passages of the section carry it in Section only. A plain heading that opens the document
//     is its title, not a section. A section with a heading and no text makes no passage;
//   - running text is cut into sentences. Paragraphs are kept together where they can be: a
//     paragraph of at least opts.Sentences sentences starts its own stretch of passages, while
//     shorter ones are packed with the next ones until a stretch holds opts.Sentences sentences.
//     A heading-like line (one short sentence without a final point) belongs to the sentence
//     after it, so it never makes a passage of its own, and neither does a last lone sentence.
//     Within a stretch, passages of opts.Sentences sentences share opts.Overlap sentences with the
//     previous one and stay under opts.MaxChars;
//   - a list item, a table row and a code block are units that are never cut into sentences;
//     passages of a list, a table or a code block hold as many units as fit in opts.MaxChars. The
//     sentence that introduces a list, a table or a code block goes with its first unit, and so
//     does a table's header row; later passages carry them in Intro;
//   - no passage is longer than opts.HardMaxChars: a longer sentence, item or row is cut at
//     spaces, a longer code block at line ends.
//
// Every non-space character of doc.Text outside heading lines is in at least one passage; a
// passage's Text is exactly doc.Text[Start:End].
func Chunk(doc *Document, opts ChunkOptions) []Passage {
	if opts.Sentences <= 0 {
		opts.Sentences = DefaultChunkOptions.Sentences
	}
	opts.Overlap = min(max(opts.Overlap, 0), opts.Sentences-1)
	hard := opts.HardMaxChars
	if hard <= 0 {
		hard = DefaultChunkOptions.HardMaxChars
	}
	hard = max(hard, opts.MaxChars, 16)
	c := chunker{doc: doc, opts: opts, hard: hard}
	c.lines = splitTextLines(doc.Text)
	blocks := parseBlocks(c.lines)
	var stack sectionStack
	for k, b := range blocks {
		if b.kind == blockHeading && !(k == 0 && b.plain && (len(blocks) == 1 || blocks[1].kind != blockHeading)) {
			c.flush(stack.path())
			stack.push(b.level, b.title, b.plain)
			c.addHeading(b)
			continue
		}
		afterText := k > 0 && (blocks[k-1].kind == blockPara || blocks[k-1].kind == blockHeading)
		c.add(b, afterText, k > 0 && blocks[k-1].kind == b.kind && b.kind == blockItem)
		c.headingOnly = false
	}
	c.flush(stack.path())
	return c.passages
}

// chunker gathers the units of one section at a time and cuts them into passages.
type chunker struct {
	doc      *Document
	opts     ChunkOptions
	hard     int
	lines    []textLine
	sents    []Sentence   // the sentences of the current section, in order
	groups   []chunkGroup // the current section's paragraphs, lists, tables and code blocks
	para     int          // paragraph number of the last paragraph seen
	passages []Passage
	// headingOnly is true while the current section holds nothing but its heading line.
	headingOnly bool
}

// addHeading starts a section with its heading line (the text line, without a setext
// underline), a one-sentence paragraph that joins the first passage of the section as a
// heading-like line does: the passage can be found, and quoted, by its heading.
func (c *chunker) addHeading(b block) {
	c.para++
	first := len(c.sents)
	c.verbatim(c.lines[b.first].start, c.lines[b.first].end)
	if len(c.sents) > first {
		c.groups = append(c.groups, chunkGroup{units: []chunkSpan{{first, len(c.sents) - 1}}})
	}
	c.headingOnly = true
}

// chunkGroup is a paragraph of running text (units are sentences) or a list, table or code block
// (units are items, rows or pieces of code).
type chunkGroup struct {
	units      []chunkSpan
	structured bool
	intro      string // the intro sentence, caption and header, for the passages that do not show them
	introEnd   int    // where they end in doc.Text
}

// add reads one block into the current section: afterText tells that a paragraph comes right
// before it, sameList that it continues the list of the block before it.
func (c *chunker) add(b block, afterText, sameList bool) {
	start, end := c.lines[b.first].start, c.lines[b.last].end
	switch b.kind {
	case blockItem:
		c.para++
		first := len(c.sents)
		for j := b.first; j <= b.last; j++ {
			c.sentences(c.lines[j].start, c.lines[j].end)
		}
		u := chunkSpan{first, len(c.sents) - 1}
		if u.last < u.first {
			return
		}
		if sameList && len(c.groups) > 0 && c.groups[len(c.groups)-1].structured {
			g := &c.groups[len(c.groups)-1]
			g.units = append(g.units, u)
			return
		}
		g := c.introduce(chunkGroup{units: []chunkSpan{u}, structured: true}, afterText)
		if s := c.sents[g.units[0].first]; s.Start < c.lines[b.first].start {
			g.intro, g.introEnd = strings.TrimSpace(c.doc.Text[s.Start:c.lines[b.first].start]), c.lines[b.first].start
		}
		c.groups = append(c.groups, g)
	case blockTable, blockCode:
		c.para++
		var cuts []int // line indices where a unit starts
		if b.kind == blockTable {
			cuts = append(cuts, b.first)
			for _, r := range b.rows {
				if r > b.first+b.header-1 && r > b.first {
					cuts = append(cuts, r)
				}
			}
			if b.header > 0 && len(cuts) > 1 && cuts[1] <= b.first+b.header {
				cuts = append(cuts[:1], cuts[2:]...) // the header goes with the first row
			}
		} else {
			cuts = c.codeCuts(b)
		}
		g := chunkGroup{structured: true}
		for k, from := range cuts {
			to := b.last
			if k+1 < len(cuts) {
				to = cuts[k+1] - 1
			}
			first := len(c.sents)
			c.verbatim(c.lines[from].start, c.lines[to].end)
			if len(c.sents) > first {
				g.units = append(g.units, chunkSpan{first, len(c.sents) - 1})
			}
		}
		if len(g.units) == 0 {
			return
		}
		g = c.introduce(g, afterText)
		if b.kind == blockTable {
			g.introEnd = start
			if b.header > 0 {
				g.introEnd = c.lines[b.first+b.header-1].end
			}
			// The intro runs from the first unit (which may hold the sentence before the table)
			// to the end of the header; a header that gave no sentence of its own leaves none.
			if from := c.sents[g.units[0].first].Start; from < g.introEnd {
				g.intro = strings.TrimSpace(c.doc.Text[from:g.introEnd])
			} else {
				g.introEnd = 0
			}
		} else if s := c.sents[g.units[0].first]; s.Start < start {
			g.intro, g.introEnd = strings.TrimSpace(c.doc.Text[s.Start:start]), start
		}
		c.groups = append(c.groups, g)
	default:
		_ = end
		for j := b.first; j <= b.last; j++ {
			c.para++
			first := len(c.sents)
			c.sentences(c.lines[j].start, c.lines[j].end)
			if len(c.sents) == first {
				continue
			}
			g := chunkGroup{}
			for i := first; i < len(c.sents); i++ {
				g.units = append(g.units, chunkSpan{i, i})
			}
			c.groups = append(c.groups, g)
		}
	}
}

// introduce gives a list, table or code block the sentence before it, when a paragraph comes
// right before it: "Here are some reminders." goes with the first item.
func (c *chunker) introduce(g chunkGroup, afterText bool) chunkGroup {
	n := len(c.groups)
	if !afterText || n == 0 || c.groups[n-1].structured {
		return g
	}
	prev := &c.groups[n-1]
	intro := prev.units[len(prev.units)-1]
	if s := c.sents[prev.units[0].first]; reCaption.MatchString(s.Text) {
		intro = chunkSpan{prev.units[0].first, intro.last} // "Table 2.1. List of tools" is one caption
		prev.units = prev.units[:1]
	}
	if c.sents[g.units[0].last].End-c.sents[intro.first].Start > c.hard {
		return g
	}
	prev.units = prev.units[:len(prev.units)-1]
	if len(prev.units) == 0 {
		c.groups = c.groups[:n-1]
		// Heading-like lines right before the intro go with it too, not into a passage of their own.
		for n = len(c.groups); n > 0; n = len(c.groups) {
			h := c.groups[n-1]
			if h.structured || len(h.units) != 1 || h.units[0].first != h.units[0].last ||
				!isHeadingSentence(c.sents[h.units[0].first].Text) || c.sents[g.units[0].last].End-c.sents[h.units[0].first].Start > c.hard {
				break
			}
			intro.first = h.units[0].first
			c.groups = c.groups[:n-1]
		}
	}
	g.units[0].first = intro.first
	return g
}

// codeCuts returns the lines where the pieces of a code block start: one piece, or as many as
// keep each under the hard cap, cut at line ends.
func (c *chunker) codeCuts(b block) []int {
	cuts := []int{b.first}
	from := c.lines[b.first].start
	for j := b.first + 1; j <= b.last; j++ {
		if c.lines[j].end-from > c.hard {
			cuts = append(cuts, j)
			from = c.lines[j].start
		}
	}
	return cuts
}

// sentences appends the sentences of doc.Text[start:end], one line of running text, cutting
// any longer than the hard cap at spaces.
func (c *chunker) sentences(start, end int) {
	for _, s := range splitLine(nil, c.doc.Text, start, end, c.para) {
		c.appendCapped(s)
	}
}

// verbatim appends doc.Text[start:end], a table row or a piece of code, as one sentence (or
// several when it is longer than the hard cap), without its surrounding blank space.
func (c *chunker) verbatim(start, end int) {
	text := c.doc.Text
	for start < end && (text[start] == ' ' || text[start] == '\n') {
		start++
	}
	for end > start && (text[end-1] == ' ' || text[end-1] == '\n') {
		end--
	}
	if start < end {
		c.appendCapped(Sentence{Text: text[start:end], Start: start, End: end, Paragraph: c.para})
	}
}

// appendCapped appends a sentence, cut at spaces (or, in a run without any, between
// characters) into pieces no longer than the hard cap.
func (c *chunker) appendCapped(s Sentence) {
	text := c.doc.Text
	for s.End-s.Start > c.hard {
		cut := s.Start + c.hard
		for cut > s.Start && !utf8.RuneStart(text[cut]) {
			cut--
		}
		if sp := strings.LastIndexAny(text[s.Start:cut], " \n"); sp > 0 {
			cut = s.Start + sp
		}
		piece := Sentence{Text: text[s.Start:cut], Start: s.Start, End: cut, Paragraph: s.Paragraph}
		piece.Text = strings.TrimRight(piece.Text, " \n")
		piece.End = piece.Start + len(piece.Text)
		c.sents = append(c.sents, piece)
		next := cut
		for next < s.End && (text[next] == ' ' || text[next] == '\n') {
			next++
		}
		s = Sentence{Text: text[next:s.End], Start: next, End: s.End, Paragraph: s.Paragraph}
	}
	if s.Start < s.End {
		c.sents = append(c.sents, s)
	}
}

// flush cuts the current section into passages under the heading path section.
func (c *chunker) flush(section []string) {
	defer func() { c.sents, c.groups = c.sents[:0], c.groups[:0] }()
	if len(c.groups) == 0 || c.headingOnly {
		return // a heading with nothing under it makes no passage
	}
	emit := func(w chunkSpan, g *chunkGroup) {
		first, last := c.sents[w.first], c.sents[w.last]
		p := Passage{
			ID:        c.doc.ID + "#" + strconv.Itoa(len(c.passages)+1),
			DocID:     c.doc.ID,
			Title:     c.doc.Title,
			Ordinal:   len(c.passages) + 1,
			Paragraph: first.Paragraph,
			Text:      c.doc.Text[first.Start:last.End],
			Start:     first.Start,
			End:       last.End,
			Sentences: append([]Sentence(nil), c.sents[w.first:w.last+1]...),
			Section:   section,
			Page:      c.doc.PageAt(first.Start),
		}
		if g != nil && g.intro != "" && first.Start >= g.introEnd {
			p.Intro = g.intro
		}
		c.passages = append(c.passages, p)
	}
	var prose [][]chunkSpan
	flushProse := func() {
		for _, stretch := range chunkStretches(c.sents, prose, c.opts.Sentences, c.hard) {
			for _, w := range chunkWindows(c.sents, stretch, c.opts) {
				emit(w, nil)
			}
		}
		prose = nil
	}
	for i := range c.groups {
		g := &c.groups[i]
		if !g.structured {
			prose = append(prose, g.units)
			continue
		}
		flushProse()
		for _, w := range packWindows(c.doc.Text, c.sents, c.capUnits(g.units), c.opts.MaxChars, c.hard) {
			emit(w, g)
		}
	}
	flushProse()
}

// capUnits splits units longer than the hard cap into runs of their sentences (each no longer
// than the cap) that fit under it.
func (c *chunker) capUnits(units []chunkSpan) []chunkSpan {
	var out []chunkSpan
	for _, u := range units {
		for u.first <= u.last {
			j := u.first
			for j < u.last && c.sents[j+1].End-c.sents[u.first].Start <= c.hard {
				j++
			}
			out = append(out, chunkSpan{u.first, j})
			u.first = j + 1
		}
	}
	return out
}

// packWindows cuts the units of a list, table or code block into passages of as many units as
// fit in maxChars characters (not bytes: box-drawing tables take three bytes a character) and
// the hard cap in bytes, at least one each, without overlap.
func packWindows(text string, sents []Sentence, units []chunkSpan, maxChars, hard int) []chunkSpan {
	var out []chunkSpan
	for i := 0; i < len(units); {
		start := sents[units[i].first].Start
		j := i + 1
		for j < len(units) && sents[units[j].last].End-start <= hard &&
			(maxChars <= 0 || utf8.RuneCountInString(text[start:sents[units[j].last].End]) <= maxChars) {
			j++
		}
		out = append(out, chunkSpan{units[i].first, units[j-1].last})
		i = j
	}
	return out
}

// chunkSpan is a run of sentences, sents[first] to sents[last] inclusive.
type chunkSpan struct{ first, last int }

// chunkStretches groups the units of paragraphs of running text into stretches that passages do
// not cross. A paragraph of one heading-like sentence joins the next paragraph's first unit, or
// the previous paragraph's last unit when nothing follows it, as long as the unit stays under
// the hard cap.
func chunkStretches(sents []Sentence, paras [][]chunkSpan, size, hard int) [][]chunkSpan {
	var merged [][]chunkSpan
	var headed []bool // whether merged[i] starts with a heading
	heading := -1
	for _, p := range paras {
		if len(p) == 1 && p[0].first == p[0].last && isHeadingSentence(sents[p[0].first].Text) {
			if heading < 0 {
				heading = p[0].first
			}
			continue
		}
		p = append([]chunkSpan(nil), p...)
		if heading >= 0 && sents[p[0].last].End-sents[heading].Start <= hard {
			p[0].first = heading
			headed = append(headed, true)
		} else {
			if heading >= 0 {
				merged = append(merged, []chunkSpan{{heading, p[0].first - 1}})
				headed = append(headed, false)
			}
			headed = append(headed, false)
		}
		heading = -1
		merged = append(merged, p)
	}
	if heading >= 0 {
		lp := paras[len(paras)-1]
		last := lp[len(lp)-1].last
		if n := len(merged); n > 0 && sents[last].End-sents[merged[n-1][len(merged[n-1])-1].first].Start <= hard {
			merged[n-1][len(merged[n-1])-1].last = last
		} else {
			merged = append(merged, []chunkSpan{{heading, last}})
			headed = append(headed, false)
		}
	}
	// Pack short paragraphs together. A paragraph long enough to fill a passage, or one under a
	// heading, starts a new stretch unless the current one is a single sentence; a single
	// sentence left at the end joins the stretch before it.
	var stretches [][]chunkSpan
	var cur []chunkSpan
	for i, p := range merged {
		if len(cur) >= size || (len(cur) >= 2 && (len(p) >= size || headed[i])) {
			stretches = append(stretches, cur)
			cur = nil
		}
		cur = append(cur, p...)
	}
	if n := len(stretches); n > 0 && len(cur) == 1 {
		stretches[n-1] = append(stretches[n-1], cur...)
	} else if len(cur) > 0 {
		stretches = append(stretches, cur)
	}
	return stretches
}

// isHeadingSentence reports whether a paragraph of this one sentence reads as a heading: at
// most 120 characters and no final point.
func isHeadingSentence(s string) bool {
	return utf8.RuneCountInString(s) <= 120 && headingEnd(s)
}

// chunkWindows slides a window of opts.Sentences units over a stretch, opts.Overlap units
// shared between neighbours, each window as long as opts.MaxChars allows but at least one unit.
func chunkWindows(sents []Sentence, units []chunkSpan, opts ChunkOptions) []chunkSpan {
	var out []chunkSpan
	for i := 0; i < len(units); {
		start := sents[units[i].first].Start
		j := i + 1
		for j < len(units) && j-i < opts.Sentences &&
			(opts.MaxChars <= 0 || sents[units[j].last].End-start <= opts.MaxChars) {
			j++
		}
		out = append(out, chunkSpan{units[i].first, units[j-1].last})
		if j == len(units) {
			break
		}
		i = max(j-opts.Overlap, i+1)
	}
	return out
}
