package retrieval

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ledongthuc/pdf"
)

// A PDF's text layer is read with github.com/ledongthuc/pdf (BSD-3-Clause, pure Go), which gives
// every glyph with its position, font and size; the layout is Kutip's own: glyphs become lines,
// lines are put in reading order (columns found by their gutter), running headers and footers
// repeated on most pages are dropped, words hyphenated at line ends are joined, paragraphs
// rebuilt, and lines set larger or bolder than the body become Markdown headings. See
// docs/formats.md for why this library and not the others measured.

// maxPDFPages bounds the pages read from one PDF.
const maxPDFPages = 5000

// pdfPage is one page's text, in Markdown-ish lines (headings "#", list items "- "), and
// whether it had no text layer but an image: a scan.
type pdfPage struct {
	paras   []pdfPara
	scanned bool
}

// pdfPara is one paragraph of a page: its text, and its heading level (0: body).
type pdfPara struct {
	text    string
	heading int
	list    bool
	// code is a block of monospaced lines (a program, a command and its output): its text keeps
	// the lines, and their indentation.
	code bool
	// row is a table row: its cells joined by " | ".
	row bool
	// table holds a table's rows of cells, the first its header (text is then empty).
	table [][]string
	// cont says the paragraph continues the previous page's last one.
	cont bool
}

// errEncryptedPDF is what an encrypted PDF (one that needs a password) gives.
var errEncryptedPDF = errors.New("the PDF is encrypted (password-protected); save it without a password and try again")

// readPDF reads a PDF's pages. A damaged file is an error, and so is a page the library chokes
// on (rather than a silently partial document).
func readPDF(data []byte) (pages []pdfPage, err error) {
	defer func() {
		if r := recover(); r != nil {
			pages, err = nil, fmt.Errorf("the PDF is damaged or uses a feature Kutip cannot read (%v)", r)
		}
	}()
	r, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		if errors.Is(err, pdf.ErrInvalidPassword) || strings.Contains(err.Error(), "encrypt") {
			return nil, errEncryptedPDF
		}
		return nil, fmt.Errorf("not a readable PDF (%v)", err)
	}
	n := r.NumPage()
	if n == 0 {
		return nil, errors.New("the PDF has no pages")
	}
	if n > maxPDFPages {
		return nil, fmt.Errorf("the PDF has %d pages, more than the %d Kutip reads", n, maxPDFPages)
	}
	var all [][]pdfLine
	for i := 1; i <= n; i++ {
		p := r.Page(i)
		lines := pdfLines(pdfGlyphs(p))
		all = append(all, pdfReadingOrder(lines))
		pages = append(pages, pdfPage{scanned: len(lines) == 0 && pdfPageHasImage(p)})
	}
	dropRunningLines(all)
	body := pdfBodySize(all)
	headingLevels := pdfHeadingLevels(all, body)
	for i, lines := range all {
		pages[i].paras = pdfParagraphs(lines, body, headingLevels)
	}
	mergeAcrossPages(pages)
	joinHyphenatedWords(pages)
	return pages, nil
}

// pdfPageHasImage tells whether a page draws an image, as a scanned page does.
func pdfPageHasImage(p pdf.Page) bool {
	xo := p.Resources().Key("XObject")
	for _, k := range xo.Keys() {
		if xo.Key(k).Key("Subtype").Name() == "Image" {
			return true
		}
	}
	return false
}

// pdfLine is one line of text on a page, or the part of it in one column.
type pdfLine struct {
	text   string
	x0, x1 float64
	y      float64 // baseline, in points from the bottom
	size   float64 // font size, averaged over the line's characters
	bold   bool
	mono   bool // (nearly) all characters are in a monospaced font
}

func (l pdfLine) width() float64 { return l.x1 - l.x0 }

// pdfLines groups a page's glyphs, in the order they are drawn, into lines: a glyph starts a new
// line when it leaves the baseline, goes back left, or jumps further right than a word space
// (into another column or table cell). A gap wider than a tenth of the font size between two
// glyphs is a space, for producers that draw no space characters.
func pdfLines(glyphs []pdf.Text) []pdfLine {
	var (
		lines []pdfLine
		cur   *pdfLine
		b     strings.Builder
		sizes float64
		chars int
		bolds int
		monos int
		space bool
		ref   float64 // the font size the current line started with
		bold  = map[string]bool{}
		mono  = map[string]bool{}
	)
	flush := func() {
		if cur == nil {
			return
		}
		cur.text = strings.TrimSpace(pdfLeaders.ReplaceAllString(b.String(), " "))
		if chars > 0 {
			cur.size = sizes / float64(chars)
			cur.bold = bolds*2 > chars
			cur.mono = monos*20 >= chars*19 // all but a quote or two: inline code in prose is no code line
		}
		if cur.text != "" {
			lines = append(lines, *cur)
		}
		cur, b, sizes, chars, bolds, monos, space = nil, strings.Builder{}, 0, 0, 0, 0, false
	}
	for _, g := range glyphs {
		size := math.Abs(g.FontSize)
		if size == 0 {
			size = 10
		}
		w := g.W
		if w <= 0 {
			w = size * 0.5 * float64(utf8.RuneCountInString(g.S))
		}
		if strings.TrimSpace(g.S) == "" {
			if cur != nil {
				space = true
				cur.x1 = math.Max(cur.x1, g.X+w)
			}
			continue
		}
		if cur != nil {
			ref := math.Max(size, ref)
			gap := g.X - cur.x1
			// A drawn space before the gap is a word space, however stretched a justified
			// line makes it; without one, a gap over one and a half sizes is a new column or cell.
			far := gap > 1.5*ref && (!space || gap > 4*ref)
			if math.Abs(g.Y-cur.y) > 0.5*ref || gap < -0.5*ref || far {
				flush()
			} else if !space && gap > 0.1*size {
				space = true
			}
		}
		if cur == nil {
			cur = &pdfLine{x0: g.X, x1: g.X, y: g.Y}
			ref = size
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteString(g.S)
		n := utf8.RuneCountInString(g.S)
		sizes += size * float64(n)
		chars += n
		isBold, ok := bold[g.Font]
		if !ok {
			isBold = pdfBoldFont(g.Font)
			bold[g.Font] = isBold
		}
		if isBold {
			bolds += n
		}
		isMono, ok := mono[g.Font]
		if !ok {
			isMono = pdfMonoName.MatchString(g.Font)
			mono[g.Font] = isMono
		}
		if isMono {
			monos += n
		}
		cur.x1 = math.Max(cur.x1, g.X+w)
	}
	flush()
	return lines
}

// pdfLeaders matches the dot leaders of a table of contents ("Pendahuluan . . . . . 3"), which
// would otherwise be cut into thousands of ". . ." sentences.
var pdfLeaders = regexp.MustCompile(`(?:\s*[.·…]){4,}\s*`)

var pdfBoldName = regexp.MustCompile(`(?i)bold|black|heavy|semibold|demi|[-,]bd\b`)

func pdfBoldFont(name string) bool { return pdfBoldName.MatchString(name) }

// pdfMonoName matches the names of monospaced fonts, in which programs and commands are set.
var pdfMonoName = regexp.MustCompile(`(?i)mono|courier|typewriter|consol|inconsolata|menlo|cmtt|lmtt|sourcecode|code[-_ ]?pro|fixed|[-+]tt\d*\b`)

// pdfReadingOrder sorts a page's lines into reading order: top to bottom, left to right on one
// baseline; where the lines form columns (a vertical gutter that the lines on both sides do not
// cross), each column is read to its end before the next, and lines crossing the gutter (a title
// over both columns) cut the page into bands read one after the other.
func pdfReadingOrder(lines []pdfLine) []pdfLine {
	sort.SliceStable(lines, func(i, j int) bool { return lines[i].y > lines[j].y })
	// Lines on one baseline (within a third of their size), left to right.
	for i := 0; i < len(lines); {
		j := i + 1
		for j < len(lines) && lines[i].y-lines[j].y < 0.3*math.Max(lines[i].size, 1) {
			j++
		}
		sort.SliceStable(lines[i:j], func(a, b int) bool { return lines[i+a].x0 < lines[i+b].x0 })
		i = j
	}
	lo, hi, ok := pdfGutter(lines)
	if !ok {
		return lines
	}
	var out, left, right []pdfLine
	emit := func() {
		out = append(out, pdfReadingOrder(left)...)
		out = append(out, pdfReadingOrder(right)...)
		left, right = nil, nil
	}
	for _, l := range lines {
		switch {
		case l.x1 <= hi && l.x0 < lo:
			left = append(left, l)
		case l.x0 >= lo && l.x1 > hi:
			right = append(right, l)
		default: // crosses the gutter
			emit()
			out = append(out, l)
		}
	}
	emit()
	return out
}

// pdfGutter finds the widest vertical strip, at least a font size wide, between lines of text
// columns: lines narrower than 60% of the text's width cover the strip nowhere, at least three
// of them lie on each side, and those on each side are lines of text (their median width over a
// fifth of the whole), not the labels of a table.
func pdfGutter(lines []pdfLine) (lo, hi float64, ok bool) {
	if len(lines) < 6 {
		return 0, 0, false
	}
	minX, maxX := math.Inf(1), math.Inf(-1)
	var sizes []float64
	for _, l := range lines {
		minX, maxX = math.Min(minX, l.x0), math.Max(maxX, l.x1)
		sizes = append(sizes, l.size)
	}
	width := maxX - minX
	if width <= 0 {
		return 0, 0, false
	}
	size := median(sizes)
	var narrow []pdfLine
	for _, l := range lines {
		if l.width() < 0.6*width {
			narrow = append(narrow, l)
		}
	}
	if len(narrow) < 6 {
		return 0, 0, false
	}
	sort.Slice(narrow, func(i, j int) bool { return narrow[i].x0 < narrow[j].x0 })
	best := 0.0
	reach := narrow[0].x1
	for _, l := range narrow[1:] {
		if gap := l.x0 - reach; gap > best && gap >= size {
			c := (reach + l.x0) / 2
			if c > minX+0.2*width && c < maxX-0.2*width {
				best, lo, hi = gap, reach, l.x0
			}
		}
		reach = math.Max(reach, l.x1)
	}
	if best == 0 {
		return 0, 0, false
	}
	var lw, rw []float64
	for _, l := range narrow {
		switch {
		case l.x1 <= lo:
			lw = append(lw, l.width())
		case l.x0 >= hi:
			rw = append(rw, l.width())
		}
	}
	if len(lw) < 3 || len(rw) < 3 || median(lw) < 0.2*width || median(rw) < 0.2*width {
		return 0, 0, false
	}
	// A table, not columns: its left cells stop short of the gutter, and each has a cell beside
	// it on the same baseline. Column text runs up to the gutter on many of its lines.
	full, paired, left := 0, 0, 0
	for _, l := range narrow {
		if l.x1 > lo {
			continue
		}
		left++
		if l.x1 >= lo-1.5*size {
			full++
		}
		for _, r := range narrow {
			if r.x0 >= hi && math.Abs(r.y-l.y) < 1 {
				paired++
				break
			}
		}
	}
	if full*10 < left*4 && paired*2 > left {
		return 0, 0, false
	}
	return lo, hi, true
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return s[len(s)/2]
}

// pdfPageNumber matches a line that is only a page number: "12", "- 12 -", "Page 3 of 9",
// "Halaman 4", "hlm. 5", "iv".
var pdfPageNumber = regexp.MustCompile(`(?i)^[\s\-–—|•·]*(?:(?:page|halaman|hal\.?|hlm\.?|p\.)\s*)?(?:\d{1,4}|[ivxlc]{1,7})(?:\s*(?:of|dari|/)\s*\d{1,4})?[\s\-–—|•·]*$`)

// dropRunningLines drops running headers and footers: the top or bottom line of a page whose
// text, digits aside, is the top or bottom line of at least half the pages (two at least), and
// top or bottom lines that are only a page number. It looks twice, for a header above a page
// number.
func dropRunningLines(pages [][]pdfLine) {
	key := func(s string) string {
		s = strings.ToLower(strings.Join(strings.Fields(s), " "))
		return strings.Map(func(r rune) rune {
			if unicode.IsDigit(r) {
				return '#'
			}
			return r
		}, s)
	}
	for range 2 {
		tops, bottoms := map[string]int{}, map[string]int{}
		for _, lines := range pages {
			if len(lines) == 0 {
				continue
			}
			tops[key(pdfTop(lines).text)]++
			bottoms[key(pdfBottom(lines).text)]++
		}
		need := max(2, (len(pages)+1)/2)
		for i, lines := range pages {
			if len(lines) < 2 {
				continue
			}
			top, bottom := pdfTopIndex(lines), pdfBottomIndex(lines)
			drop := func(k int, counts map[string]int) bool {
				t := lines[k].text
				return counts[key(t)] >= need || pdfPageNumber.MatchString(t)
			}
			dt, db := drop(top, tops), drop(bottom, bottoms)
			var kept []pdfLine
			for k, l := range lines {
				if (k == top && dt) || (k == bottom && db) {
					continue
				}
				kept = append(kept, l)
			}
			pages[i] = kept
		}
	}
}

func pdfTopIndex(lines []pdfLine) int {
	k := 0
	for i, l := range lines {
		if l.y > lines[k].y {
			k = i
		}
	}
	return k
}

func pdfBottomIndex(lines []pdfLine) int {
	k := 0
	for i, l := range lines {
		if l.y < lines[k].y {
			k = i
		}
	}
	return k
}

func pdfTop(lines []pdfLine) pdfLine    { return lines[pdfTopIndex(lines)] }
func pdfBottom(lines []pdfLine) pdfLine { return lines[pdfBottomIndex(lines)] }

// pdfBodySize is the font size most characters are set in.
func pdfBodySize(pages [][]pdfLine) float64 {
	count := map[float64]int{}
	for _, lines := range pages {
		for _, l := range lines {
			count[math.Round(l.size*2)/2] += utf8.RuneCountInString(l.text)
		}
	}
	best, n := 0.0, -1
	for s, c := range count {
		if c > n || (c == n && s < best) {
			best, n = s, c
		}
	}
	return best
}

// pdfHeadingLevels gives heading levels to font sizes: each size at least 15% larger than the
// body's that short lines are set in is a level, the largest first; bold lines of the body's
// size come last.
func pdfHeadingLevels(pages [][]pdfLine, body float64) map[float64]int {
	seen := map[float64]bool{}
	for _, lines := range pages {
		for _, l := range lines {
			s := math.Round(l.size*2) / 2
			if s >= body*1.15 && utf8.RuneCountInString(l.text) <= 150 {
				seen[s] = true
			}
		}
	}
	var sizes []float64
	for s := range seen {
		sizes = append(sizes, s)
	}
	sort.Sort(sort.Reverse(sort.Float64Slice(sizes)))
	levels := map[float64]int{}
	for i, s := range sizes {
		levels[s] = min(i+1, 5)
	}
	levels[0] = min(len(sizes)+1, 6) // bold at the body size
	return levels
}

var (
	pdfBullet      = regexp.MustCompile(`^(?:[•◦▪▫●○■□‣⁃∙·\-–*]|\(?[0-9]{1,2}[.)]|\(?[a-z][.)])\s+`)
	pdfSymbolicBul = regexp.MustCompile(`^[•◦▪▫●○■□‣⁃∙·]\s*`)
)

// pdfParagraphs rebuilds a page's paragraphs from its lines in reading order. A paragraph ends
// where the next line starts a list item, changes size or weight, starts a new column, or
// stands apart by more than one and a half times the line spacing, and after a short line that
// ends a sentence.
func pdfParagraphs(lines []pdfLine, body float64, levels map[float64]int) []pdfPara {
	if len(lines) == 0 {
		return nil
	}
	// Line spacing: the median drop from one line to the next within a column.
	var drops []float64
	for i := 1; i < len(lines); i++ {
		if d := lines[i-1].y - lines[i].y; d > 0 && d < 3*lines[i].size {
			drops = append(drops, d)
		}
	}
	leading := median(drops)
	if leading == 0 {
		leading = body * 1.2
	}
	// The right edge of each line's column: the furthest any line overlapping it reaches.
	rights := make([]float64, len(lines))
	for i, l := range lines {
		for _, o := range lines {
			if o.x0 < l.x1 && o.x1 > l.x0 {
				rights[i] = math.Max(rights[i], o.x1)
			}
		}
	}
	var paras []pdfPara
	var cur []pdfLine
	inRow := false
	headingOf := func(ls []pdfLine) int {
		l := ls[0]
		s := math.Round(l.size*2) / 2
		text := 0
		for _, x := range ls {
			text += utf8.RuneCountInString(x.text)
		}
		if text > 200 || pdfBullet.MatchString(l.text) || l.mono {
			return 0 // a bold list item is a list item; a bold command is no heading
		}
		for _, x := range ls[1:] {
			if sameRow(ls[0], x) {
				return 0 // a table's header row is no heading
			}
		}
		if lv, ok := levels[s]; ok && s >= body*1.15 {
			return lv
		}
		if l.bold && math.Abs(s-body) < 0.6 && !strings.HasSuffix(ls[len(ls)-1].text, ".") {
			return levels[0]
		}
		return 0
	}
	flush := func() {
		if len(cur) == 0 {
			return
		}
		if !inRow && !slices.ContainsFunc(cur, func(l pdfLine) bool { return !l.mono }) && !pdfBullet.MatchString(cur[0].text) && !strings.HasPrefix(cur[0].text, "–") {
			paras = append(paras, pdfPara{text: pdfCodeText(cur), code: true})
			cur = cur[:0]
			return
		}
		text := cur[0].text
		for _, l := range cur[1:] {
			text = pdfJoinLines(text, l.text)
		}
		p := pdfPara{text: text, heading: headingOf(cur), row: inRow}
		if p.heading == 0 && pdfBullet.MatchString(text) {
			p.list = true
			p.text = pdfSymbolicBul.ReplaceAllString(text, "")
		}
		paras = append(paras, p)
		cur = cur[:0]
	}
	tables := pdfTables(lines, leading)
	skipTo := 0
	for i, l := range lines {
		if i < skipTo {
			continue
		}
		if t, ok := tables[i]; ok {
			flush()
			inRow = false
			if t.header {
				paras = append(paras, pdfPara{table: t.rows})
			} else {
				// No header row to name the columns: each row is read across, as a paragraph.
				for _, r := range t.rows {
					var cells []string
					for _, c := range r {
						if c != "" {
							cells = append(cells, c)
						}
					}
					paras = append(paras, pdfPara{text: strings.Join(cells, " | "), row: true})
				}
			}
			skipTo = t.end
			continue
		}
		if i > 0 {
			prev := lines[i-1]
			drop := prev.y - l.y
			if sameRow(prev, l) {
				if l.mono && prev.mono && len(cur) > 0 && cur[0].mono {
					cur = append(cur, l) // a code line the layout cut at a wide space
					continue
				}
				// The next cell of a table row (or a label and its value): same paragraph.
				cur = append(cur, pdfLine{text: "|", x0: prev.x1, x1: l.x0, y: l.y, size: l.size, bold: l.bold}, l)
				inRow = true
				continue
			}
			// A row is a paragraph of its own.
			if inRow || (i+1 < len(lines) && sameRow(l, lines[i+1])) {
				flush()
				inRow = false
			}
			newCol := drop < -0.5*l.size || l.x0 > prev.x1
			if l.mono && prev.mono && !inRow && len(cur) > 0 && cur[0].mono && drop > 0 && drop < 2*leading {
				cur = append(cur, l) // the next line of a code block, however short or indented
				continue
			}
			sizeChange := math.Abs(l.size-prev.size) > 0.1*body || l.bold != prev.bold || l.mono != prev.mono
			short := prev.x1 < rights[i-1]-2*prev.size && pdfEndsSentence(prev.text)
			// A heading that a column break cut goes on in the next column.
			headingGoesOn := newCol && !sizeChange && (prev.size >= body*1.15 || prev.bold) && !pdfEndsSentence(prev.text) && drop < 0
			if (newCol && !headingGoesOn) || sizeChange || drop > 1.5*leading || short || pdfBullet.MatchString(l.text) {
				flush()
			}
		}
		cur = append(cur, l)
	}
	flush()
	return paras
}

// pdfTable is a table found among a page's lines: lines [start, end) and its rows of cells.
type pdfTable struct {
	end  int
	rows [][]string
	// header says the first row is set apart (bold), as a header row is.
	header bool
}

// pdfTables finds tables among a page's lines (in reading order) and rebuilds their cells. A
// table is two or more rows — lines cut into cells on one baseline — with, between and after
// them, the further lines of cells that wrap: lines that start where a column other than the
// first starts, close below the line before. Columns start where the rows' cells start; each
// row is anchored by its first-column cell, and every line goes to the column it starts in and
// to the row whose anchor is nearest (a cell set in the middle of its row's height, as DocBook
// and LibreOffice do, or at its top). The first row is the header when it is bold; a cell
// wider than its column (a header's words run together) is cut at the space nearest the next
// column's start.
func pdfTables(lines []pdfLine, leading float64) map[int]pdfTable {
	n := len(lines)
	rowStart := make([]int, n)
	count := make([]int, n)
	for i := range lines {
		rowStart[i] = i
		if i > 0 && sameRow(lines[i-1], lines[i]) {
			rowStart[i] = rowStart[i-1]
		}
		count[rowStart[i]]++
	}
	const tol = 4.0
	colOf := func(starts []float64, x float64) int {
		c := -1
		for k, s := range starts {
			if s <= x+tol {
				c = k
			}
		}
		return c
	}
	addStart := func(starts []float64, x float64) []float64 {
		for _, s := range starts {
			if math.Abs(s-x) <= tol {
				return starts
			}
		}
		starts = append(starts, x)
		slices.Sort(starts)
		return starts
	}
	out := map[int]pdfTable{}
	for i := 0; i < n; {
		if rowStart[i] != i || count[i] < 2 {
			i++
			continue
		}
		var starts []float64
		groups, j, last := 0, i, i
		// A bold header row whose cells sit on different baselines (a cell of two lines centred,
		// another of one): its bold lines just above the first row belong to it.
		bold := lines[i].bold
		first := i
		for first > 0 && bold && lines[first-1].bold && count[rowStart[first-1]] == 1 && !lines[first-1].mono &&
			utf8.RuneCountInString(lines[first-1].text) <= 40 && lines[first-1].y > lines[first].y && lines[first-1].y-lines[first].y < 1.6*leading {
			first--
		}
		for j < n {
			if j > i && lines[j-1].y-lines[j].y > 2.5*leading {
				break
			}
			if rowStart[j] == j && count[j] >= 2 {
				for k := j; k < j+count[j]; k++ {
					starts = addStart(starts, lines[k].x0)
				}
				groups++
				j += count[j]
				last = j
				continue
			}
			if groups == 1 && bold && lines[j].bold && j > i && lines[j-1].y > lines[j].y && lines[j-1].y-lines[j].y < 1.6*leading && utf8.RuneCountInString(lines[j].text) <= 40 {
				j++ // the header's lower lines
				last = j
				continue
			}
			if j > i && lines[j-1].y > lines[j].y && lines[j-1].y-lines[j].y < 2.5*leading && colOf(starts, lines[j].x0) > 0 &&
				math.Abs(starts[colOf(starts, lines[j].x0)]-lines[j].x0) <= tol {
				j++
				last = j
				continue
			}
			break
		}
		if groups < 2 || len(starts) < 2 {
			i = max(i+1, j)
			continue
		}
		for k := first; k < i; k++ {
			starts = addStart(starts, lines[k].x0)
		}
		// The header's lines: the bold ones up to the first line that is not.
		headEnd := first
		for bold && headEnd < last && lines[headEnd].bold {
			headEnd++
		}
		i = first
		// Rows: anchored by the first column's cells (the header is one row).
		var anchors []float64
		if headEnd > first {
			anchors = append(anchors, lines[first].y)
		}
		for k := headEnd; k < last; k++ {
			if colOf(starts, lines[k].x0) == 0 {
				anchors = append(anchors, lines[k].y)
			}
		}
		if len(anchors) < 2 {
			i = last
			continue
		}
		rows := make([][]string, len(anchors))
		for r := range rows {
			rows[r] = make([]string, len(starts))
		}
		for k := i; k < last; k++ {
			c := max(0, colOf(starts, lines[k].x0))
			best := 0 // the header's lines are its row
			if k >= headEnd {
				lo := 0
				if headEnd > first {
					lo = 1
				}
				best = lo
				for r := lo + 1; r < len(anchors); r++ {
					if math.Abs(anchors[r]-lines[k].y) < math.Abs(anchors[best]-lines[k].y)-0.01 {
						best = r
					}
				}
			}
			l := lines[k]
			for text := l.text; text != ""; c++ {
				cell := text
				text = ""
				if c+1 < len(starts) && l.x1 > starts[c+1]+tol && l.x1 > l.x0 {
					// The line runs into the next column: cut it at the space nearest there.
					r := []rune(cell)
					at := int(float64(len(r)) * (starts[c+1] - l.x0) / (l.x1 - l.x0))
					cut := -1
					for d := 0; d < len(r) && cut < 0; d++ {
						for _, p := range []int{at - d, at + d} {
							if p > 0 && p < len(r) && r[p] == ' ' {
								cut = p
								break
							}
						}
					}
					if cut > 0 {
						cell, text = string(r[:cut]), string(r[cut+1:])
						l.x0 = starts[c+1]
					}
				}
				if rows[best][c] != "" {
					rows[best][c] += " "
				}
				rows[best][c] += cell
			}
		}
		out[i] = pdfTable{end: last, rows: rows, header: headEnd > first}
		i = last
	}
	return out
}

// pdfCodeText is the text of a code block's lines: one line each, indented by how far right
// of the block's leftmost line they start (in character widths of the monospaced font), a line
// the layout cut at a wide space put back together, a line the typesetter wrapped (ending in
// an arrow "←", "↩", "↪") joined to the next, typographic quotes made straight again.
func pdfCodeText(lines []pdfLine) string {
	left := lines[0].x0
	for _, l := range lines {
		left = math.Min(left, l.x0)
	}
	var b strings.Builder
	wrapped := false
	for i, l := range lines {
		cw := 0.6 * math.Max(l.size, 1) // a monospaced character's width
		switch {
		case i > 0 && sameRow(lines[i-1], l):
			b.WriteString(strings.Repeat(" ", max(1, int(math.Round((l.x0-lines[i-1].x1)/cw)))))
		case i > 0 && wrapped:
		default:
			if i > 0 {
				b.WriteByte('\n')
			}
			b.WriteString(strings.Repeat(" ", max(0, int(math.Round((l.x0-left)/cw)))))
		}
		text := l.text
		text, wrapped = pdfCodeWrap(text)
		b.WriteString(text)
	}
	return pdfCodeQuotes.Replace(b.String())
}

// pdfCodeWrap cuts the arrow a typesetter puts where it wrapped a long code line.
func pdfCodeWrap(s string) (string, bool) {
	t := strings.TrimRight(s, " ")
	for _, a := range []string{"←-", "←", "↩", "↪", "\u21b5", "⏎"} {
		if u, ok := strings.CutSuffix(t, a); ok {
			return strings.TrimRight(u, " ") + " ", true
		}
	}
	return s, false
}

var pdfCodeQuotes = strings.NewReplacer("”", `"`, "“", `"`, "’", "'", "‘", "'")

// sameRow tells whether l continues prev's row: on its baseline, to its right.
func sameRow(prev, l pdfLine) bool {
	return math.Abs(prev.y-l.y) < 0.3*math.Max(l.size, 1) && l.x0 > prev.x1
}

func pdfEndsSentence(s string) bool {
	s = strings.TrimRight(s, `"'”’)]»`)
	return strings.HasSuffix(s, ".") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, ":")
}

// pdfJoinLines joins the next line of a paragraph to the text so far: with a space, or, after
// a hyphen (or soft hyphen) that ends a word broken at the line's end, with lineBreakHyphen for
// joinHyphenatedWords to decide on once the whole document's words are known.
func pdfJoinLines(sofar, next string) string {
	for _, h := range []string{"-", "\u00ad"} {
		if w, ok := strings.CutSuffix(sofar, h); ok && trailingLetters(w) != "" && leadingLetters(next) != "" {
			return w + lineBreakHyphen + next
		}
	}
	if strings.HasSuffix(sofar, "\u00ad") {
		sofar = strings.TrimSuffix(sofar, "\u00ad")
	}
	return sofar + " " + next
}

// mergeAcrossPages joins a paragraph that a page break cut: the last body paragraph of a page,
// when it does not end a sentence and the next page starts with a body paragraph in lower case
// (or the page ended on a broken word), and a heading continued by one of its level. The
// paragraph stays on its first page.
func mergeAcrossPages(pages []pdfPage) {
	prev := -1 // the last page with paragraphs
	for i := range pages {
		if len(pages[i].paras) == 0 {
			continue
		}
		if prev >= 0 {
			last := &pages[prev].paras[len(pages[prev].paras)-1]
			first := pages[i].paras[0]
			r, _ := utf8.DecodeRuneInString(first.text)
			broken := strings.HasSuffix(last.text, "-") && unicode.IsLower(r)
			body := last.heading == 0 && first.heading == 0 && !first.list && (unicode.IsLower(r) || broken)
			heading := last.heading > 0 && first.heading == last.heading
			if last.table != nil || first.table != nil {
				// a table stays as it is
			} else if last.code && first.code {
				last.text += "\n" + first.text
				pages[i].paras = pages[i].paras[1:]
			} else if (body || heading) && !last.code && !first.code && !pdfEndsSentence(last.text) {
				last.text = pdfJoinLines(last.text, first.text)
				pages[i].paras = pages[i].paras[1:]
			}
		}
		if len(pages[i].paras) > 0 {
			prev = i
		}
	}
}

// joinHyphenatedWords decides, for every word a line end broke with a hyphen ("pi-" + "hak"),
// whether the hyphen was the typesetter's (joined: "pihak") or the word's own (kept:
// "langkah-langkah", "Korea-Rusia"): kept when the halves are the same word (Indonesian
// reduplication) or the second starts in upper case or is a number, or the hyphenated form
// occurs elsewhere in the document and the joined one does not.
func joinHyphenatedWords(pages []pdfPage) {
	// The words of the whole document, to see which spelling it uses.
	words := map[string]bool{}
	for _, p := range pages {
		for _, para := range p.paras {
			for _, w := range strings.FieldsFunc(para.text, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune(`.,;:!?()"“”'’`, r) }) {
				words[strings.ToLower(w)] = true
			}
		}
	}
	for i := range pages {
		for j := range pages[i].paras {
			pages[i].paras[j].text = joinBrokenWords(pages[i].paras[j].text, words)
		}
	}
}

// joinBrokenWords resolves the line-end hyphens pdfJoinLines marked in text.
func joinBrokenWords(text string, words map[string]bool) string {
	if !strings.Contains(text, lineBreakHyphen) {
		return text
	}
	var b strings.Builder
	for {
		i := strings.Index(text, lineBreakHyphen)
		if i < 0 {
			b.WriteString(text)
			return b.String()
		}
		before, after := text[:i], text[i+len(lineBreakHyphen):]
		a := trailingLetters(before)
		z := leadingLetters(after)
		b.WriteString(before)
		if keepHyphen(a, z, words) {
			b.WriteString("-")
		}
		text = after
	}
}

// lineBreakHyphen marks, inside a paragraph being built, a hyphen that ended a line.
const lineBreakHyphen = "-\u2060"

func keepHyphen(a, z string, words map[string]bool) bool {
	if a == "" || z == "" {
		return true
	}
	r, _ := utf8.DecodeRuneInString(z)
	if !unicode.IsLower(r) || strings.EqualFold(a, z) {
		return true
	}
	joined := strings.ToLower(a + z)
	hyph := strings.ToLower(a + "-" + z)
	return words[hyph] && !words[joined]
}

// trailingLetters returns the letters that end s.
func trailingLetters(s string) string {
	i := strings.LastIndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })
	return s[i+1:]
}

// leadingLetters returns the letters that start s.
func leadingLetters(s string) string {
	i := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })
	if i < 0 {
		return s
	}
	return s[:i]
}

// pdfLigatures expands the typographic ligatures some fonts map their glyphs to.
var pdfLigatures = strings.NewReplacer("ﬀ", "ff", "ﬁ", "fi", "ﬂ", "fl", "ﬃ", "ffi", "ﬄ", "ffl", "ﬅ", "st", "ﬆ", "st")

// pdfStraightQuotes turns a right double quote that opens a quotation (”reset”) back into the
// straight quote it stands for: fonts of TeX's family put ” where the source had ", so a PDF's
// text layer reads ”…” where the author typed "…". Its closing ” becomes " too. Real
// typographic quotes (“…”) are left alone.
func pdfStraightQuotes(s string) string {
	if !strings.Contains(s, "”") {
		return s
	}
	r := []rune(s)
	for i := 0; i < len(r); i++ {
		if r[i] != '”' || i+1 >= len(r) || unicode.IsSpace(r[i+1]) || strings.ContainsRune(",;:)]}!?”", r[i+1]) {
			continue
		}
		if i > 0 && !unicode.IsSpace(r[i-1]) && !strings.ContainsRune("([{", r[i-1]) {
			continue
		}
		for j := i + 1; j < len(r); j++ {
			if r[j] == '“' {
				break
			}
			if r[j] == '”' {
				r[i], r[j] = '"', '"'
				i = j
				break
			}
		}
	}
	return string(r)
}

// pdfCaption is a table's caption ("Table 3.4: …", "Tabel 2.1. …").
var pdfCaption = regexp.MustCompile(`^(?:Table|Tabel|Tabla|Tableau|Tabelle)\s+[0-9A-Z][0-9.]*[:.]\s`)

// pdfCaptionsAbove puts a caption set under its table (as DocBook and LaTeX do) above it, where
// it introduces the table as a caption over it does, and as the HTML of the same book has it.
func pdfCaptionsAbove(paras []pdfPara) {
	for i := 1; i < len(paras); i++ {
		if paras[i-1].table != nil && paras[i].table == nil && paras[i].heading == 0 && pdfCaption.MatchString(paras[i].text) {
			paras[i-1], paras[i] = paras[i], paras[i-1]
		}
	}
}
