package retrieval

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Document structure: the blocks a text is made of (headings, paragraphs, list items, tables,
// code) and the section tree the headings make. Clean reads the blocks of a raw text to join
// hard-wrapped lines and keep code and tables verbatim; Chunk reads them again from the cleaned
// text to cut passages that stay within one section and keep lists, tables and code whole.

// blockKind says what a block of lines is.
type blockKind int

const (
	blockPara    blockKind = iota // running text; in a cleaned text every line is a paragraph
	blockItem                     // one item of a bulleted or numbered list
	blockHeading                  // a heading: Markdown, setext, numbered, chapter line or plain
	blockTable                    // a table: pipe, ASCII, box-drawing or aligned columns
	blockCode                     // code or a command listing: fenced, indented or a shell prompt
)

// textLine is one line of a text, without its line break.
type textLine struct {
	start, end int    // byte offsets of the line in the text
	text       string // the line as written
	trim       string // without surrounding spaces
	indent     int    // leading spaces
}

// splitTextLines cuts text into lines with their offsets.
func splitTextLines(text string) []textLine {
	var out []textLine
	for start := 0; start <= len(text); {
		end := strings.IndexByte(text[start:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += start
		}
		l := text[start:end]
		trim := strings.TrimSpace(l)
		out = append(out, textLine{start: start, end: end, text: l, trim: trim, indent: len(l) - len(strings.TrimLeft(l, " \t"))})
		start = end + 1
	}
	return out
}

// block is a run of lines, lines[first] to lines[last] inclusive, of one kind.
type block struct {
	kind        blockKind
	first, last int
	blankBefore bool // a blank line (or the text's start) comes before it
	// Headings: level (1 outermost) and text as shown in a section path, without Markdown marks
	// and setext underline; plain is true for a heading recognised only by its form.
	level int
	title string
	plain bool
	// Tables: the number of lines of the header (0 when the table has none) and where each row
	// starts (line indices, in order); a row runs to the line before the next one.
	header int
	rows   []int
}

var (
	reMDHeading   = regexp.MustCompile(`^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$`)
	reSetextLine  = regexp.MustCompile(`^ {0,3}(?:=+|-{2,})[ \t]*$`)
	reChapter     = regexp.MustCompile(`^(?:Bab|BAB|Chapter|CHAPTER|Bagian|BAGIAN|Part|PART|Lampiran|LAMPIRAN|Appendix|APPENDIX)[ \t]+(?:\d{1,3}|[IVXLC]{1,7}|[A-Z])(?:[.:])?(?:[ \t]+(.*))?$`)
	reNumbered    = regexp.MustCompile(`^(\d{1,2}(?:\.\d{1,2}){0,5})(\.?)[ \t]+(\S.*)$`)
	reItem        = regexp.MustCompile(`^(?:[-*+•·◦▪‣□■○●–]|\d{1,3}[.)]|[a-z][.)]|\(\d{1,3}\)|\([a-z]\))[ \t]+\S`)
	reCaption     = regexp.MustCompile(`^(?:Table|Tabel|Figure|Fig\.|Gambar|Example|Contoh|Listing|Daftar)[ \t]+\d`)
	rePrompt      = regexp.MustCompile(`^(?:\$|#|%|>>>|C:\\>)[ \t]+[a-z./~_(\[]|^sudo[ \t]`)
	reFence       = regexp.MustCompile("^ {0,3}(```+|~~~+)")
	reRule        = regexp.MustCompile(`^(?:(?:[-*_=][ \t]*){3,}|[━─═—–~]{3,})$`)
	rePipeDivider = regexp.MustCompile(`^\|?[ \t]*:?-{2,}:?[ \t]*(?:\|[ \t]*:?-{2,}:?[ \t]*)*\|?$`)
	reASCIIBorder = regexp.MustCompile(`^\+[-=+:]{2,}$`)
	reDashes      = regexp.MustCompile(`^[-=]{2,}(?:[ \t]+[-=]{2,})+$`)
	reSetting     = regexp.MustCompile(`^[\w.\[\]-]+[ \t]*[=:][ \t]*\S`)
)

// parseBlocks reads the blocks of a text cut into lines.
func parseBlocks(lines []textLine) []block {
	var out []block
	blank := true
	for i := 0; i < len(lines); {
		l := lines[i]
		if l.trim == "" {
			blank = true
			i++
			continue
		}
		b := block{first: i, last: i, blankBefore: blank}
		switch {
		case reFence.MatchString(l.text):
			b.kind, b.last = blockCode, fenceEnd(lines, i)
		case isTableStart(lines, i):
			b.kind = blockTable
			b.last, b.header, b.rows = tableExtent(lines, i)
		case blank && l.indent >= 4 && !reItem.MatchString(l.trim) && !reChapter.MatchString(l.trim):
			b.kind, b.last = blockCode, indentedEnd(lines, i)
		case rePrompt.MatchString(l.text):
			b.kind, b.last = blockCode, runEnd(lines, i)
		default:
			if lvl, title, plain, n, ok := headingAt(lines, i, blank); ok {
				b.kind, b.level, b.title, b.plain, b.last = blockHeading, lvl, title, plain, i+n-1
			} else if reItem.MatchString(l.trim) {
				b.kind, b.last = blockItem, itemEnd(lines, i)
			} else {
				b.kind, b.last = blockPara, paraEnd(lines, i)
			}
		}
		out = append(out, b)
		i = b.last + 1
		blank = false
	}
	demoteNumberedRuns(lines, out)
	demoteRepeatedPlain(out)
	return out
}

// demoteRepeatedPlain turns plain headings whose text comes back in the document ("Ikon
// Catatan", "Note", "Prev Next") into paragraphs: they are labels, while a section heading is
// written once.
func demoteRepeatedPlain(blocks []block) {
	count := make(map[string]int)
	for _, b := range blocks {
		if b.kind == blockHeading && b.plain {
			count[b.title]++
		}
	}
	for i, b := range blocks {
		if b.kind == blockHeading && b.plain && count[b.title] > 1 {
			blocks[i].kind, blocks[i].title, blocks[i].plain = blockPara, "", false
		}
	}
}

// fenceEnd returns the line that closes the fence opened at i, or the last line.
func fenceEnd(lines []textLine, i int) int {
	fence := reFence.FindStringSubmatch(lines[i].text)[1]
	for j := i + 1; j < len(lines); j++ {
		if strings.HasPrefix(lines[j].trim, fence[:3]) && strings.Trim(lines[j].trim, fence[:1]) == "" {
			return j
		}
	}
	return len(lines) - 1
}

// indentedEnd returns the last line of an indented code block that starts at i: indented lines,
// and blank lines between them.
func indentedEnd(lines []textLine, i int) int {
	last := i
	for j := i + 1; j < len(lines); j++ {
		switch {
		case lines[j].trim == "":
			continue
		case lines[j].indent >= 4:
			last = j
			continue
		}
		break
	}
	return last
}

// runEnd returns the last line before a blank line.
func runEnd(lines []textLine, i int) int {
	for i+1 < len(lines) && lines[i+1].trim != "" {
		i++
	}
	return i
}

// itemEnd returns the last line of the list item that starts at i: the lines after it up to a
// blank line, a new item or another kind of block.
//
// A continuation line is indented past the item's marker, or it goes on with a sentence the line
// before it left unfinished (that line ends in a letter, a digit or a comma and is long, as a
// wrapped line is, or the continuation starts in lower case).
func itemEnd(lines []textLine, i int) int {
	indent := lines[i].indent
	for i+1 < len(lines) && lines[i+1].trim != "" && !reItem.MatchString(lines[i+1].trim) && !startsBlock(lines, i+1) {
		next := lines[i+1]
		if next.indent <= indent {
			last, _ := utf8.DecodeLastRuneInString(lines[i].trim)
			first, _ := utf8.DecodeRuneInString(next.trim)
			unfinished := unicode.IsLetter(last) || unicode.IsDigit(last) || last == ','
			if !unfinished || (!unicode.IsLower(first) && utf8.RuneCountInString(lines[i].text) < 40) {
				break
			}
		}
		i++
	}
	return i
}

// paraEnd returns the last line of the paragraph block that starts at i.
func paraEnd(lines []textLine, i int) int {
	for i+1 < len(lines) && lines[i+1].trim != "" && !startsBlock(lines, i+1) {
		i++
	}
	return i
}

// startsBlock reports whether line i, right after a non-blank line, starts a block of its own.
func startsBlock(lines []textLine, i int) bool {
	l := lines[i]
	if reFence.MatchString(l.text) || isTableStart(lines, i) || rePrompt.MatchString(l.text) || reItem.MatchString(l.trim) {
		return true
	}
	_, _, _, _, ok := headingAt(lines, i, false)
	return ok
}

// headingAt recognises a heading at line i (blank tells whether a blank line comes before it):
// its level, text, whether it is a plain one, and how many lines it takes.
//
// Headings are recognised conservatively: a short line is not a heading just for being short.
//   - Markdown "# Title" (not "# command", a root prompt) and setext "Title" over "===" or "---";
//   - chapter lines: "Bab 9", "BAB IX", "Chapter 9. Title", "Appendix A";
//   - numbered headings: "3.2.1. Title", "3.2 Title", "6. Title" — not a sentence (no final point,
//     at most 14 words), not one of a list of numbered lines;
//   - plain lines: at most 10 words and 80 characters, capitalised words, no final punctuation,
//     no setting, path or markup characters, a blank line or a sentence end before them and more
//     text after them, not a wrapped line (a long line right above more text).
func headingAt(lines []textLine, i int, blank bool) (level int, title string, plain bool, n int, ok bool) {
	l := lines[i]
	if m := reMDHeading.FindStringSubmatch(l.text); m != nil {
		// Not a shell prompt ("# apt-get …") nor a comment in a configuration listing: a heading
		// has a blank line before it, and a blank line or text right under it (not a setting).
		r, _ := utf8.DecodeRuneInString(m[2])
		under := ""
		if i+1 < len(lines) {
			under = lines[i+1].trim
		}
		u, _ := utf8.DecodeRuneInString(under)
		textUnder := under == "" || ((unicode.IsLetter(u) || unicode.IsDigit(u) || isOpener(u)) && !reSetting.MatchString(under))
		if m[2] != "" && !(r >= 'a' && r <= 'z') && (blank || i == 0) && textUnder {
			return len(m[1]), m[2], false, 1, true
		}
		return 0, "", false, 0, false
	}
	if l.indent >= 4 && !reChapter.MatchString(l.trim) {
		return 0, "", false, 0, false
	}
	prevEnds := blank || i == 0 || endsSentence(lines[i-1].trim)
	if !prevEnds {
		return 0, "", false, 0, false
	}
	// The next non-blank line, which a heading needs.
	next := i + 1
	for next < len(lines) && lines[next].trim == "" {
		next++
	}
	if next >= len(lines) {
		return 0, "", false, 0, false
	}
	if blank && i+1 < len(lines) && reSetextLine.MatchString(lines[i+1].text) && !reItem.MatchString(l.trim) &&
		utf8.RuneCountInString(l.trim) <= 120 && !isTableStart(lines, i) {
		lvl := 1
		if strings.HasPrefix(lines[i+1].trim, "-") {
			lvl = 2
		}
		if i+2 < len(lines) {
			return lvl, l.trim, false, 2, true
		}
		return 0, "", false, 0, false
	}
	words := strings.Fields(l.trim)
	if reChapter.MatchString(l.trim) && len(words) <= 14 && !strings.HasSuffix(l.trim, ",") &&
		(!strings.HasSuffix(l.trim, ".") || len(words) <= 2) {
		return 1, strings.Join(words, " "), false, 1, true
	}
	if m := reNumbered.FindStringSubmatch(l.trim); m != nil && l.indent <= 3 {
		rest := m[3]
		r, _ := utf8.DecodeRuneInString(rest)
		multi := strings.Contains(m[1], ".")
		nextTrim := lines[next].trim
		switch {
		case len(words) > 15 || utf8.RuneCountInString(l.trim) > 120 || !numberedHeadingEnd(rest):
		case !multi && (!unicode.IsUpper(r) || len(words) > 11 || (i > 0 && (strings.HasSuffix(lines[i-1].trim, ":") || reItem.MatchString(lines[i-1].trim)))):
		case next == i+1 && (reNumbered.MatchString(nextTrim) || reItem.MatchString(nextTrim) || lines[next].indent > l.indent+1):
			// a line of a table of contents or of a list
		default:
			return strings.Count(m[1], ".") + 1, m[1] + " " + rest, false, 1, true
		}
		return 0, "", false, 0, false
	}
	if isPlainHeading(l.trim, words) && (i == 0 || !strings.HasSuffix(lines[i-1].trim, ":")) && !tocHeadings[strings.ToLower(l.trim)] {
		if nr, _ := utf8.DecodeRuneInString(lines[next].trim); next == i+1 && (unicode.IsLower(nr) || utf8.RuneCountInString(l.text) >= 60 || reSetting.MatchString(lines[next].trim)) {
			return 0, "", false, 0, false // a wrapped line, or the first of a list of settings
		}
		return 0, l.trim, true, 1, true
	}
	return 0, "", false, 0, false
}

// tocHeadings head a table of contents: no section of their own, as nothing tells where the
// table ends and the text goes on.
var tocHeadings = map[string]bool{
	"table of contents": true, "contents": true, "daftar isi": true, "isi": true,
	"list of tables": true, "list of figures": true, "daftar tabel": true, "daftar gambar": true,
}

// endsSentence reports whether a line ends the way a sentence or a heading's predecessor does.
func endsSentence(l string) bool {
	r, _ := utf8.DecodeLastRuneInString(l)
	return isTerminal(r) || isCloser(r) || r == ':'
}

// numberedHeadingEnd reports whether the text of a numbered line ends as a heading's does: no
// final point, comma or semicolon.
func numberedHeadingEnd(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == ')' || r == '?' || r == '"' || r == '”' || r == '’' || r == '\''
}

// isPlainHeading reports whether a line without any heading mark reads as a heading: 1 to 10
// words and at most 80 characters, no final punctuation, starting with a capital, most words
// capitalised (the short function words of a title aside), and not a list item, a caption or a
// bracketed label.
func isPlainHeading(l string, words []string) bool {
	if len(words) == 0 || len(words) > 10 || utf8.RuneCountInString(l) > 80 || !headingEnd(l) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(l)
	if !unicode.IsUpper(r) || reItem.MatchString(l) || reCaption.MatchString(l) || strings.ContainsAny(l, "=/\\_${}<>|@#*;~^[]") {
		return false // settings, paths and markup are not headings
	}
	content, upper := 0, 0
	for _, w := range words {
		w = strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		if w == "" || cleanTitleCaseExempt[strings.ToLower(w)] {
			continue
		}
		content++
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) || unicode.IsDigit(r) {
			upper++
		}
	}
	return content > 0 && upper*3 >= content*2
}

// demoteNumberedRuns turns single-number headings that follow one another, or a numbered list
// item, with nothing between ("1. Buka menu", "2. Pilih berkas") into list items: they number
// steps, not sections.
func demoteNumberedRuns(lines []textLine, blocks []block) {
	num := func(b block) int {
		if b.kind != blockHeading && b.kind != blockItem {
			return -1
		}
		m := reNumbered.FindStringSubmatch(lines[b.first].trim)
		if m == nil || strings.Contains(m[1], ".") {
			return -1
		}
		n, _ := strconv.Atoi(m[1])
		return n
	}
	for i := 0; i+1 < len(blocks); i++ {
		a, b := num(blocks[i]), num(blocks[i+1])
		if a >= 0 && b == a+1 && (blocks[i].kind == blockHeading || blocks[i+1].kind == blockHeading) {
			blocks[i].kind, blocks[i+1].kind = blockItem, blockItem
		}
	}
}

// isTableStart reports whether a table starts at line i.
func isTableStart(lines []textLine, i int) bool {
	t := lines[i].trim
	switch {
	case strings.HasPrefix(t, "|") && strings.Count(t, "|") >= 2:
		// "| a | b |" is a row; "|| true" (a shell line wrapped in running text) is one only
		// when more rows follow.
		return pipeCells(t) || (i+1 < len(lines) && strings.HasPrefix(lines[i+1].trim, "|"))
	case reASCIIBorder.MatchString(t):
		return true
	case isBoxLine(t):
		return true
	case strings.Contains(t, "|") && i+1 < len(lines) && strings.Contains(lines[i+1].trim, "|") && rePipeDivider.MatchString(lines[i+1].trim):
		return true
	}
	return alignedRows(lines, i) >= 2
}

// pipeCells reports whether a line starting with "|" has a non-empty cell between two pipes.
func pipeCells(t string) bool {
	inner := t[1:strings.LastIndexByte(t, '|')]
	return strings.Trim(inner, " \t|") != ""
}

// isBoxLine reports whether a line starts with a box-drawing character (┌ │ ├ └ ╔ ║ …).
func isBoxLine(t string) bool {
	r, _ := utf8.DecodeRuneInString(t)
	return r >= 0x2500 && r <= 0x257f && r != '─' && r != '━' && r != '═'
}

// tableExtent returns the last line of the table that starts at i, the number of its header
// lines from i on (0 when it has none), and where its body rows start; a row runs to the line
// before the next one, and the header goes with the first row.
func tableExtent(lines []textLine, i int) (last, header int, rows []int) {
	t := lines[i].trim
	switch {
	case isBoxLine(t) || reASCIIBorder.MatchString(t):
		box := isBoxLine(t)
		last = i
		for last+1 < len(lines) && lines[last+1].trim != "" &&
			((box && isBoxLine(lines[last+1].trim)) || (!box && (strings.HasPrefix(lines[last+1].trim, "|") || strings.HasPrefix(lines[last+1].trim, "+")))) {
			last++
		}
		// Rows are separated by border lines; the first row is the header when another follows.
		isBorder := func(s string) bool {
			if box {
				r, _ := utf8.DecodeRuneInString(s)
				return strings.ContainsRune("┌├└╔╠╚┏┣┗╒╞╘╟┝┞┟┠┡┢", r)
			}
			return reASCIIBorder.MatchString(s)
		}
		start := -1
		for j := i; j <= last; j++ {
			if isBorder(lines[j].trim) {
				start = -1
				continue
			}
			if start < 0 {
				start = j
				rows = append(rows, j)
			}
		}
		if len(rows) > 1 {
			header = rows[1] - i
			rows = rows[1:]
		}
		return last, header, rows
	case !strings.Contains(t, "|"):
		last = i + alignedRows(lines, i) - 1
		header = 1
		if reDashes.MatchString(lines[i+1].trim) {
			header = 2
		}
		for j := i + header; j <= last; j++ {
			if !reDashes.MatchString(lines[j].trim) {
				rows = append(rows, j)
			}
		}
		return last, header, rows
	}
	// Pipe tables: a row a line; the lines up to a divider line are the header.
	last = i
	for last+1 < len(lines) && strings.Contains(lines[last+1].trim, "|") {
		last++
	}
	for j := i; j <= last; j++ {
		if rePipeDivider.MatchString(lines[j].trim) {
			if header == 0 {
				header = j - i + 1
				rows = rows[:0]
			}
			continue
		}
		rows = append(rows, j)
	}
	return last, header, rows
}

// alignedRows returns how many lines from i on form a table of aligned columns: at least two
// lines of two or more cells (text separated by two or more spaces) whose cells start at the
// header's columns, or a header over a line of dashes. It returns 0 when there is none.
func alignedRows(lines []textLine, i int) int {
	if lines[i].indent > 3 {
		return 0
	}
	head := cellStarts(lines[i].text)
	if len(head) < 2 {
		return 0
	}
	cols := make(map[int]bool, len(head))
	for _, c := range head {
		cols[c] = true
	}
	n := 1
	dashes := false
	for j := i + 1; j < len(lines) && lines[j].trim != ""; j++ {
		if reDashes.MatchString(lines[j].trim) {
			if j == i+1 {
				dashes = true
			}
			n++
			continue
		}
		cs := cellStarts(lines[j].text)
		if len(cs) < 2 {
			break
		}
		match := 0
		for _, c := range cs {
			if cols[c] || cols[c-1] || cols[c+1] {
				match++
			}
		}
		if match*2 < len(cs)+1 || cs[1] != head[1] && !cols[cs[1]-1] && !cols[cs[1]+1] {
			break
		}
		n++
	}
	if n >= 3 || (dashes && n >= 2) {
		return n
	}
	return 0
}

// cellStarts returns the columns (in runes) where cells start in a line of aligned columns: the
// first non-space character, and every one after two or more spaces.
func cellStarts(l string) []int {
	var out []int
	spaces, col := 0, 0
	for _, r := range l {
		if r == ' ' {
			spaces++
		} else {
			if (len(out) == 0 && col == spaces) || spaces >= 2 {
				out = append(out, col)
			}
			spaces = 0
		}
		col++
	}
	return out
}

// sectionStack is the path of headings over the current point of a text.
type sectionStack struct {
	levels []int
	titles []string
	plain  []bool
}

// push enters a heading: it closes the sections at its level and deeper, then opens its own. A
// plain heading has no level of its own: it goes one below the innermost marked heading.
func (s *sectionStack) push(level int, title string, plain bool) {
	if plain {
		level = 1
		for k := len(s.levels) - 1; k >= 0; k-- {
			if !s.plain[k] {
				level = s.levels[k] + 1
				break
			}
		}
	}
	k := len(s.levels)
	for k > 0 && s.levels[k-1] >= level {
		k--
	}
	s.levels = append(s.levels[:k], level)
	s.titles = append(s.titles[:k], title)
	s.plain = append(s.plain[:k], plain)
}

// path returns a copy of the heading path, nil when empty.
func (s *sectionStack) path() []string {
	if len(s.titles) == 0 {
		return nil
	}
	return append([]string(nil), s.titles...)
}
