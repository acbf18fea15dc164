package retrieval

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Clean turns a raw text into the text Kutip indexes and quotes from: blocks (paragraphs, list
// items, headings, tables, code) separated by at most one blank line, where the raw text had one;
// a paragraph or list item on one line, trimmed, runs of spaces collapsed to one; tables and code
// verbatim, their spaces and indentation kept.
//
// In order, it
//   - turns invalid UTF-8 into U+FFFD and every line ending (CRLF, CR, U+2028, U+2029, form
//     feed) into "\n";
//   - repairs mojibake, UTF-8 that was read as Latin-1 or Windows-1252 and written back as UTF-8
//     ("Ã©" → "é", "â€œ" → "“", "Â\u00a0" → no-break space), and the lone "Â" such a no-break
//     space leaves behind when the space itself was trimmed away;
//   - drops control and zero-width characters and turns no-break and other Unicode spaces and
//     tabs into plain spaces;
//   - normalises to NFC;
//   - drops web boilerplate lines (see [cleanBoilerplate]) and strips "(Foto ilustrasi)"-style
//     markers from photo captions, and turns horizontal rules ("-----", "━━━━") into blank lines;
//   - reads the text's blocks (see parseBlocks) and joins the lines of a hard-wrapped paragraph
//     or list item (see cleanJoin).
//
// Everything else stays as written: curly and straight quotes, dashes, typos, Markdown heading
// marks. Quotes are taken verbatim from what Clean returns.
func Clean(raw string) string {
	s := strings.ToValidUTF8(raw, "\uFFFD")
	s = cleanLineEndings.Replace(s)
	s = repairAndStrip(s)
	s = norm.NFC.String(s) // after cleanRunes: a dropped character may have split a base from its accent
	s = dropStrayCircumflex(s)
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	// Dropping a line can make its neighbours joinable, and joining two lines can make one
	// boilerplate line ("(Foto" + "ilustrasi)"): repeat until nothing changes, so that cleaning
	// a cleaned text changes nothing.
	for range 4 {
		before := slices.Clone(lines)
		lines = cleanBlocks(dropRules(cleanBoilerplate(lines)))
		if slices.Equal(before, lines) {
			break
		}
	}
	return strings.Join(lines, "\n")
}

// dropRules turns horizontal rules into blank lines, except those right under a line of text: a
// setext heading's underline, or the dashes under a table's header.
func dropRules(lines []string) []string {
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" || !reRule.MatchString(t) {
			continue
		}
		if i > 0 && strings.TrimSpace(lines[i-1]) != "" {
			continue // a setext underline, or the line under a table's header
		}
		lines[i] = ""
	}
	return lines
}

// cleanBlocks rebuilds the lines of a text block by block: one blank line where the text had
// blank lines (none between the items of a list, nor at either end), paragraphs and list items
// joined and collapsed (see cleanJoin), headings trimmed, tables and code as they are.
func cleanBlocks(raw []string) []string {
	tl := splitTextLines(strings.Join(raw, "\n"))
	blocks := parseBlocks(tl)
	width := wrapWidth(tl, blocks)
	var out []string
	for k, b := range blocks {
		if b.blankBefore && len(out) > 0 && !(b.kind == blockItem && blocks[k-1].kind == blockItem) {
			out = append(out, "")
		}
		switch b.kind {
		case blockTable, blockCode:
			for _, l := range tl[b.first : b.last+1] {
				out = append(out, l.text)
			}
		case blockItem:
			out = append(out, collapseSpaces(joinTrimmed(tl[b.first:b.last+1])))
		case blockHeading:
			for _, l := range tl[b.first : b.last+1] {
				out = append(out, collapseSpaces(l.trim))
			}
		default:
			start := b.first
			for j := b.first; j <= b.last; j++ {
				if j < b.last && cleanJoin(tl[j], tl[j+1], width) {
					continue
				}
				out = append(out, collapseSpaces(joinTrimmed(tl[start:j+1])))
				start = j + 1
			}
		}
	}
	return out
}

func joinTrimmed(lines []textLine) string {
	parts := make([]string, len(lines))
	for i, l := range lines {
		parts[i] = l.trim
	}
	return strings.Join(parts, " ")
}

func collapseSpaces(s string) string { return strings.Join(strings.Fields(s), " ") }

// wrapWidth estimates the width a text was hard-wrapped at: the 90th percentile of the lengths
// of its lines of running text and list items that are at least 40 characters long, when there
// are five such lines or more and that length is at most 200 characters (a text with a
// paragraph a line is not wrapped); 0 otherwise.
func wrapWidth(lines []textLine, blocks []block) int {
	var lens []int
	for _, b := range blocks {
		if b.kind != blockPara && b.kind != blockItem {
			continue
		}
		for j := b.first; j <= b.last; j++ {
			if n := utf8.RuneCountInString(lines[j].text); n >= 40 {
				lens = append(lens, n)
			}
		}
	}
	if len(lens) < 5 {
		return 0
	}
	slices.Sort(lens)
	if w := lens[len(lens)*9/10]; w <= 200 {
		return w
	}
	return 0
}

// cleanJoin reports whether a paragraph line continues on the next: when the text is
// hard-wrapped at width and the next line's first word would not have fitted on this one, or
// when this one stops mid-sentence (it ends in a letter, a digit or a comma) and the next starts
// in lower case, as real paragraphs do not. Other short lines (a heading, a line of a poem or
// an address, a paragraph a line) stay lines of their own, and so do lines starting with "#" and
// lines before one that starts with a symbol.
func cleanJoin(l, next textLine, width int) bool {
	last, _ := utf8.DecodeLastRuneInString(l.trim)
	first, _ := utf8.DecodeRuneInString(next.trim)
	if strings.HasPrefix(l.trim, "#") || !(unicode.IsLetter(first) || unicode.IsDigit(first) || isOpener(first)) {
		return false // a comment or heading line; a line of symbols ("::1 localhost") is no prose
	}
	if (unicode.IsLetter(last) || unicode.IsDigit(last) || last == ',') && unicode.IsLower(first) {
		return true
	}
	if width == 0 {
		return false
	}
	word := next.trim
	if i := strings.IndexByte(word, ' '); i >= 0 {
		word = word[:i]
	}
	return utf8.RuneCountInString(l.text)+1+utf8.RuneCountInString(word) > width
}

// cleanLineEndings turns ASCII line endings into "\n"; cleanRune does the Unicode separators.
var cleanLineEndings = strings.NewReplacer("\r\n", "\n", "\r", "\n", "\f", "\n", "\v", "\n")

// cleanRunes drops control and invisible format characters and maps every kind of space to " ".
func cleanRunes(s string) string {
	if strings.IndexFunc(s, func(r rune) bool { return cleanRune(r) != r }) < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if r = cleanRune(r); r >= 0 {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// cleanRune returns what r becomes in a cleaned text: itself, a space, a line break, or -1 when
// it is dropped.
func cleanRune(r rune) rune {
	switch {
	case r >= ' ' && r < 0x7f:
		return r
	case r == '\n' || r == '\u2028' || r == '\u2029': // a repair may yield a separator
		return '\n'
	case r == '\t' || unicode.Is(unicode.Zs, r):
		return ' '
	case unicode.IsControl(r):
		return -1
	case r == '\u200b' || r == '\ufeff' || r == '\u00ad' || r == '\u2060' ||
		r == '\u200e' || r == '\u200f' || (r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069'):
		// zero-width space, byte-order mark, soft hyphen, word joiner, bidi marks: invisible,
		// and they would split or glue words for the tokenizer. ZWJ and ZWNJ stay (emoji, scripts).
		return -1
	}
	return r
}

// cp1252 maps the Windows-1252 characters of bytes 0x80–0x9F back to their bytes.
var cp1252 = map[rune]byte{
	'€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87, 'ˆ': 0x88,
	'‰': 0x89, 'Š': 0x8a, '‹': 0x8b, 'Œ': 0x8c, 'Ž': 0x8e, '‘': 0x91, '’': 0x92, '“': 0x93,
	'”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97, '˜': 0x98, '™': 0x99, 'š': 0x9a, '›': 0x9b,
	'œ': 0x9c, 'ž': 0x9e, 'Ÿ': 0x9f,
}

// mojibakeByte returns the byte that r stands for when UTF-8 bytes were decoded as Windows-1252
// (or Latin-1, for the five bytes Windows-1252 leaves undefined).
func mojibakeByte(r rune) (byte, bool) {
	if r >= 0x80 && r <= 0xff {
		return byte(r), true
	}
	b, ok := cp1252[r]
	return b, ok
}

// repairAndStrip repairs mojibake (repairMojibake) and applies cleanRunes until neither changes
// the text: dropping a control character can bring a mojibake pair together, and a repair can
// yield a control character or a space to map. The repair comes first, as the C1 controls that
// cleanRunes drops are part of some mojibake ("â€\u009d" is "”").
func repairAndStrip(s string) string {
	for range 4 {
		next := cleanRunes(repairMojibake(s))
		if next == s {
			break
		}
		s = next
	}
	return s
}

// dropStrayCircumflex drops a lone "Â" before a space or a line end, unless it ends an upper-case
// word: it is what remains of a double-encoded no-break space ("Â\u00a0") once the space itself
// was trimmed away or turned into a plain one.
func dropStrayCircumflex(s string) string {
	if !strings.Contains(s, "Â") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	prev := rune(-1)
	for i, r := range s {
		if r == 'Â' && !unicode.IsUpper(prev) {
			if rest := s[i+len("Â"):]; rest == "" || rest[0] == ' ' || rest[0] == '\n' {
				continue // prev stays: "xÂ Â" loses both
			}
		}
		b.WriteRune(r)
		prev = r
	}
	return b.String()
}

// repairMojibake undoes UTF-8 read as Windows-1252: a lead character "Â"–"ô" followed by the
// right number of continuation characters whose bytes form one valid multi-byte UTF-8 sequence.
// Such pairs ("Ã©", "â€œ") do not occur in real Indonesian or English text, which is what makes
// the repair safe; anything that does not decode exactly is left alone.
func repairMojibake(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r >= 'Â' && r <= 'ô' }) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if n := mojibakeContinuations(r); n > 0 {
			var seq [4]byte
			seq[0] = byte(r)
			j := i + size
			k := 1
			for ; k <= n && j < len(s); k++ {
				c, csize := utf8.DecodeRuneInString(s[j:])
				cb, ok := mojibakeByte(c)
				if !ok || cb < 0x80 || cb > 0xbf {
					break
				}
				seq[k] = cb
				j += csize
			}
			if k == n+1 {
				if dec, dsize := utf8.DecodeRune(seq[:n+1]); dec != utf8.RuneError && dsize == n+1 {
					b.WriteRune(dec)
					i = j
					continue
				}
			}
		}
		b.WriteString(s[i : i+size])
		i += size
	}
	return b.String()
}

// mojibakeContinuations returns how many continuation bytes follow r taken as a UTF-8 lead byte,
// or 0 when r cannot start a mojibake sequence.
func mojibakeContinuations(r rune) int {
	switch {
	case r >= 0xc2 && r <= 0xdf:
		return 1
	case r >= 0xe0 && r <= 0xef:
		return 2
	case r >= 0xf0 && r <= 0xf4:
		return 3
	}
	return 0
}

// Boilerplate. Only what is clearly not the author's text is dropped; a doubtful line stays.
var (
	// cleanBoilerplateLines are whole lines (compared case-insensitively, final "." or ":"
	// ignored) that news sites and blogs add around an article.
	cleanBoilerplateLines = map[string]bool{
		"share": true, "bagikan": true, "comments are closed": true, "komentar ditutup": true,
		"halaman selanjutnya": true, "halaman sebelumnya": true, "selanjutnya": true,
		"advertisement": true, "iklan": true, "scroll to continue with content": true,
		"scroll untuk melanjutkan": true, "baca juga": true, "baca selengkapnya": true,
		"read more": true, "lihat juga": true, "simak juga": true, "tweet": true,
		"leave a comment": true, "tinggalkan komentar": true, "loading": true, "loading...": true,
	}
	// cleanBoilerplatePattern matches lines that point to other articles ("Baca juga: …") and
	// copyright lines.
	cleanBoilerplatePattern = regexp.MustCompile(`(?i)^(?:(?:baca|lihat|simak) juga|read also|see also|artikel terkait|berita terkait|related)\s*:|^(?:copyright|hak cipta)\b.{0,80}$|^©.{0,80}$`)
	// cleanCounter matches a line that is a bare number: a share or comment counter, a page number.
	cleanCounter = regexp.MustCompile(`^\d{1,4}$`)
	// cleanCreditLabel matches a photo or source credit line: the bare label ("Photo :",
	// "Sumber :") or the label with a short credit ("Foto: Reuters").
	cleanCreditLabel = regexp.MustCompile(`(?i)^(?:photo|foto|image|gambar|sumber|source|kredit|credit|caption|keterangan foto)\s*:\s*(.{0,60})$`)
	// cleanCaptionMarker is the marker that ends a photo caption.
	cleanCaptionMarker = regexp.MustCompile(`(?i)\s*\((?:foto|photo|gambar|image|ilustrasi|illustration)(?: ilustrasi| illustration)?(?:\s*:[^()]{0,60})?\)$`)
	// cleanMaxBoilerplate is the length in bytes of the longest line that can be boilerplate.
	cleanMaxBoilerplate = 200
	// cleanReferenceHeadings are the headings of a reference list; one that ends the text heads
	// a list that was not kept.
	cleanReferenceHeadings = map[string]bool{
		"referensi": true, "daftar pustaka": true, "daftar referensi": true, "references": true,
		"bibliography": true, "sumber referensi": true, "pustaka": true,
	}
)

// cleanBoilerplate drops boilerplate lines. lines may be empty or indented: an empty line
// separates blocks, which tells an inserted headline from a heading. It returns the kept lines,
// the empty ones included.
//
// Dropped:
//   - the lines of cleanBoilerplateLines, cleanBoilerplatePattern and cleanCounter ("Share.",
//     "Comments are closed.", "Halaman Selanjutnya", "Baca juga: …", a lone "0");
//   - credit lines ("Photo :", "Sumber : Reuters") with the "• twitter.com/@WhiteHouse" bullet
//     lines right under them, and the headline-like caption right above a bare "Photo :" label;
//   - on a news page (one where any of the above was found), headlines of related articles that
//     the site inserts mid-text: a block of one line, not the first line, in title case with no
//     final punctuation and not numbered. Only there, so that a real section heading of an
//     essay stays;
//   - a reference-list heading ("Referensi") that ends the text.
//
// A caption ending in "(Foto ilustrasi)" keeps its text, which often holds facts (who met
// where), and loses only the marker.
func cleanBoilerplate(lines []string) []string {
	drop := make([]bool, len(lines))
	newsPage := false
	for i, l := range lines {
		if strings.HasSuffix(l, ")") {
			lines[i] = strings.TrimRight(cleanCaptionMarker.ReplaceAllString(l, ""), " ")
		}
	}
	trimmed := make([]string, len(lines))
	for i, l := range lines {
		trimmed[i] = strings.TrimSpace(l)
	}
	first, last := -1, -1 // the first kept non-empty line, and the last one so far
	for i := 0; i < len(lines); i++ {
		l := trimmed[i]
		if l == "" {
			continue
		}
		var m []string
		if len(l) <= cleanMaxBoilerplate { // boilerplate is short; running text skips the regexps
			key := strings.ToLower(strings.TrimRight(l, ".: "))
			if cleanBoilerplateLines[key] || cleanBoilerplatePattern.MatchString(l) {
				drop[i], newsPage = true, true
				continue
			}
			if cleanCounter.MatchString(l) {
				drop[i] = true
				continue
			}
			m = cleanCreditLabel.FindStringSubmatch(l)
		}
		if m == nil || cleanLooksLikeSentence(m[1]) {
			if first < 0 {
				first = i
			}
			last = i
			continue
		}
		drop[i], newsPage = true, true
		for i+1 < len(lines) && cleanIsBullet(trimmed[i+1]) {
			i++
			drop[i] = true
		}
		// The caption of a photo sits right above its label, maybe a blank line up.
		if lower := strings.ToLower(l); m[1] == "" && (strings.HasPrefix(lower, "photo") || strings.HasPrefix(lower, "foto")) &&
			last > first && cleanIsHeadline(trimmed[last]) {
			drop[last] = true
			last = -1 // unknown; a label right after this one finds no caption, which is safe
		}
	}
	if newsPage {
		for i, l := range trimmed {
			if drop[i] || l == "" || i == first || !cleanIsHeadline(l) {
				continue
			}
			before := i == 0 || trimmed[i-1] == "" || drop[i-1]
			after := i+1 == len(lines) || trimmed[i+1] == "" || drop[i+1]
			if before && after {
				drop[i] = true
			}
		}
	}
	var kept []string
	nonEmpty := 0
	for i, l := range lines {
		if !drop[i] {
			kept = append(kept, l)
			if trimmed[i] != "" {
				nonEmpty++
			}
		}
	}
	for {
		for len(kept) > 0 && strings.TrimSpace(kept[len(kept)-1]) == "" {
			kept = kept[:len(kept)-1]
		}
		if nonEmpty <= 1 || !cleanReferenceHeadings[strings.ToLower(strings.Trim(kept[len(kept)-1], ".: "))] {
			break
		}
		kept = kept[:len(kept)-1]
		nonEmpty--
	}
	return kept
}

func cleanIsBullet(l string) bool {
	return strings.HasPrefix(l, "•") || strings.HasPrefix(l, "·")
}

// cleanLooksLikeSentence reports whether s reads as running text rather than a credit: it has
// more than eight words or a sentence end followed by more text.
func cleanLooksLikeSentence(s string) bool {
	if len(strings.Fields(s)) > 8 {
		return true
	}
	t := strings.TrimRight(s, ".!? ")
	return strings.Contains(t, ". ") || strings.Contains(t, "! ") || strings.Contains(t, "? ")
}

// cleanTitleCaseExempt are the short words a title-case headline keeps in lower case.
var cleanTitleCaseExempt = map[string]bool{
	"yang": true, "dan": true, "di": true, "ke": true, "dari": true, "dengan": true, "untuk": true,
	"dalam": true, "pada": true, "atau": true, "oleh": true, "soal": true, "bagi": true, "serta": true,
	"the": true, "of": true, "and": true, "a": true, "an": true, "in": true, "on": true, "to": true,
	"for": true, "with": true, "at": true, "by": true, "from": true, "as": true, "or": true, "vs": true,
}

// cleanIsHeadline reports whether l reads like a news headline: 3 to 16 words, at most 120
// characters, no final punctuation, not numbered, and every word but the exempt ones
// capitalised (or a number).
func cleanIsHeadline(l string) bool {
	if utf8.RuneCountInString(l) > 120 || !headingEnd(l) {
		return false
	}
	words := strings.Fields(l)
	if len(words) < 3 || len(words) > 16 || strings.HasSuffix(words[0], ".") {
		return false
	}
	first, _ := utf8.DecodeRuneInString(words[0])
	if !unicode.IsUpper(first) {
		return false
	}
	for _, w := range words {
		w = strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		if w == "" || cleanTitleCaseExempt[strings.ToLower(w)] {
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) && !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// headingEnd reports whether a line ends the way a heading does, not the way a sentence or an
// unfinished clause does: with a letter, a digit or a closing bracket.
func headingEnd(l string) bool {
	r, _ := utf8.DecodeLastRuneInString(l)
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == ')'
}
