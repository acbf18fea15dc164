package retrieval

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/binary"
	"sort"
	"strings"
	"sync"
	"unicode"
)

// lexiconEngInd is the FreeDict English–Indonesian dictionary reduced to "stemmed key TAB
// headword TAB alternative|alternative…" lines by internal/genlexicon (CC BY-SA 3.0, see
// LICENSE-freedict.txt).
//
//go:embed lexicon_eng_ind.tsv.gz
var lexiconEngInd []byte

// lexMaxPhrase is the longest phrase, in words, that Translate matches as one term.
const lexMaxPhrase = 4

// lexMaxAltWords bounds the words of an alternative.
const lexMaxAltWords = 3

// lexMaxAlternatives bounds a TermGroup's alternatives: more would drown the query.
const lexMaxAlternatives = 8

// TermGroup is one source term of a query and its translations.
type TermGroup struct {
	Source       string   // the query words it came from, lower-case ("peace treaty", "russia")
	Alternatives []string // target-language words or phrases, lower-case, best first, deduplicated, at most ~8
	Kind         string   // "dict", "name" (names table), "pass" (name/acronym/number passed through unchanged)
}

// Lexicon translates query terms between English and Indonesian, offline: the names table of
// lexicon_names.go first, then the FreeDict dictionary, in both directions. It lets an English
// question find Indonesian passages (and the reverse) without a model. A Lexicon is read-only
// once built and safe for concurrent use.
type Lexicon struct {
	// rows are the dictionary's headwords in table order, which groups rows of equal key.
	rows []lexRow
	// en maps an English key (headword words stemmed with StemEnglish, joined by spaces) to its
	// rows; several headwords can share a key ("negotiate", "negotiation").
	en map[string]lexSpan
	// enNames maps English keys to rows of the names table, in table order.
	enNames map[string][]*lexName
	// enTech maps the English forms of the technical rows (lexTech), as written, to their rows:
	// they are found by a form's regular inflections, not by stem ("sets" is not "setting").
	enTech map[string][]*lexName
	// persons holds the words of lexPersons, joined by spaces.
	persons map[string]bool

	names     []lexName
	idOnce    sync.Once
	idReverse *lexReverse // built on the first Indonesian → English translation

	phrasesState // Indonesian phrases translated whole, for boundWords (compound.go)
}

// lexRow is one dictionary headword and its Indonesian translations.
type lexRow struct {
	head string // lower-case words joined by single spaces
	alts string // best first, separated by "|"
}

// lexSpan locates the rows of one key: rows[start : start+n].
type lexSpan struct{ start, n int32 }

// lexReverse indexes the dictionary and the names table from Indonesian. Keys are the words of a
// translation lower-cased (word) or stemmed with StemIndonesian (stem), joined by spaces.
type lexReverse struct {
	word  map[string][]lexBack
	stem  map[string][]lexBack
	names map[string][]*lexName
}

// lexBack is one English headword that an Indonesian key translates.
type lexBack struct {
	head  string
	rank  int32 // position of the Indonesian translation among the headword's alternatives
	nalts int32 // how many alternatives the headword has
}

var (
	defaultLexiconOnce sync.Once
	defaultLexicon     *Lexicon
)

// DefaultLexicon returns the lexicon built from the embedded dictionary and the names table.
// It is built on first use, once; later calls return the same value. The Indonesian → English
// index is built on the first translation that needs it.
func DefaultLexicon() *Lexicon {
	defaultLexiconOnce.Do(func() {
		l, err := newLexicon(lexiconEngInd, lexTables(), lexPersons)
		if err != nil {
			// The data is embedded and tested; failing here means a broken build.
			panic("retrieval: embedded lexicon: " + err.Error())
		}
		defaultLexicon = l
	})
	return defaultLexicon
}

// lexTables are the rows that win over the dictionary: the names table, then the technical
// vocabulary (lexicon_tech.go), whose Indonesian forms are filed by their stem only when they
// are their own stem.
func lexTables() []lexName {
	rows := make([]lexName, 0, len(lexNames)+len(lexTech))
	rows = append(rows, lexNames...)
	for _, n := range lexTech {
		n.rootsOnly = true
		rows = append(rows, n)
	}
	return rows
}

// newLexicon builds a lexicon from gzip'd dictionary data, a names table and people's names.
// The generator wrote the data sorted and keyed, so this is little more than reading it.
func newLexicon(gz []byte, names []lexName, persons []string) (*Lexicon, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, err
	}
	// The gzip trailer holds the data's size (mod 2³²): read it in one allocation.
	var buf bytes.Buffer
	if len(gz) >= 4 {
		buf.Grow(int(binary.LittleEndian.Uint32(gz[len(gz)-4:])) + bytes.MinRead)
	}
	if _, err := buf.ReadFrom(zr); err != nil {
		return nil, err
	}
	text := buf.String()
	lines := strings.Count(text, "\n") + 1
	l := &Lexicon{
		rows:    make([]lexRow, 0, lines),
		en:      make(map[string]lexSpan, lines),
		enNames: make(map[string][]*lexName, 4*len(names)),
		enTech:  make(map[string][]*lexName, 4*len(lexTech)),
		persons: make(map[string]bool, len(persons)),
		names:   make([]lexName, len(names)),
	}
	prevKey := ""
	for len(text) > 0 {
		line := text
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			line, text = text[:i], text[i+1:]
		} else {
			text = ""
		}
		key, rest, ok1 := strings.Cut(line, "\t")
		head, alts, ok2 := strings.Cut(rest, "\t")
		if !ok1 || !ok2 || key == "" || head == "" || alts == "" {
			continue
		}
		if strings.Count(head, " ") >= lexMaxPhrase {
			continue
		}
		if sp, ok := l.en[key]; ok && key == prevKey {
			sp.n++
			l.en[key] = sp
		} else {
			l.en[key] = lexSpan{start: int32(len(l.rows)), n: 1}
		}
		prevKey = key
		l.rows = append(l.rows, lexRow{head: head, alts: alts})
	}
	var words []string
	// A copy of the table, with each form also as lexWords splits it, to compare with queries.
	copy(l.names, names)
	for i := range l.names {
		n := &l.names[i]
		n.enWords, n.idWords = make([]string, len(n.en)), make([]string, len(n.id))
		for j, s := range n.id {
			n.idWords[j] = strings.Join(lexWords(words[:0], s), " ")
		}
		seen := map[string]bool{}
		for j, s := range n.en {
			words = lexWords(words[:0], s)
			n.enWords[j] = strings.Join(words, " ")
			key := lexStemKey(words, LangEN)
			if n.rootsOnly {
				lexAddName(l.enTech, n.enWords[j], n)
			} else {
				lexAddName(l.enNames, key, n)
			}
			if !seen[key] {
				seen[key] = true
				n.enDistinct = append(n.enDistinct, s)
			}
		}
	}
	for _, p := range persons {
		l.persons[strings.Join(lexWords(words[:0], p), " ")] = true
	}
	return l, nil
}

// reverse returns the Indonesian → English index, building it on first use.
func (l *Lexicon) reverse() *lexReverse {
	l.idOnce.Do(func() {
		r := &lexReverse{
			word:  make(map[string][]lexBack, 2*len(l.rows)),
			stem:  make(map[string][]lexBack, len(l.rows)),
			names: make(map[string][]*lexName, 4*len(l.names)),
		}
		stems := make(map[string]string, 2*len(l.rows)) // StemIndonesian memo: words recur
		stemKey := func(words []string) string {
			for i, w := range words {
				s, ok := stems[w]
				if !ok {
					s = StemIndonesian(w)
					stems[w] = s
				}
				words[i] = s
			}
			return strings.Join(words, " ")
		}
		var words []string
		for _, row := range l.rows {
			if strings.Count(row.head, " ") >= lexMaxAltWords {
				continue // too long to offer as an English alternative
			}
			nalts := int32(strings.Count(row.alts, "|") + 1)
			rank := int32(0)
			for alt := range strings.SplitSeq(row.alts, "|") {
				words = lexWords(words[:0], alt)
				if len(words) > 0 && len(words) <= lexMaxPhrase {
					back := lexBack{head: row.head, rank: rank, nalts: nalts}
					wkey := alt
					if !lexPlain(alt) {
						wkey = strings.Join(words, " ")
					}
					r.word[wkey] = append(r.word[wkey], back)
					if skey := stemKey(words); skey != wkey {
						r.stem[skey] = append(r.stem[skey], back)
					}
				}
				rank++
			}
		}
		for i := range l.names {
			n := &l.names[i]
			for _, s := range n.id {
				words = lexWords(words[:0], s)
				surface := strings.Join(words, " ")
				lexAddName(r.names, surface, n)
				if stem := stemKey(words); !n.rootsOnly || stem == surface {
					lexAddName(r.names, stem, n)
				}
			}
		}
		l.idReverse = r
	})
	return l.idReverse
}

// lexAddName files a names-table row under a key, once.
func lexAddName(m map[string][]*lexName, key string, n *lexName) {
	for _, have := range m[key] {
		if have == n {
			return
		}
	}
	m[key] = append(m[key], n)
}

// lexNameGroup translates with the names-table rows filed under a key. Rows that have the
// phrase as written (forms of side from) win over rows that only share its stems: "mediator"
// and "mediate" share a stem but are different rows.
func lexNameGroup(rows []*lexName, surface string, fromEN bool) TermGroup {
	forms := func(n *lexName) (from, to []string) {
		if fromEN {
			return n.enWords, n.id
		}
		return n.idWords, n.enDistinct
	}
	var alts []string
	for _, n := range rows {
		from, to := forms(n)
		for _, f := range from {
			if f == surface {
				alts = lexAppendNew(alts, to...)
				break
			}
		}
	}
	if len(alts) == 0 {
		_, to := forms(rows[0])
		alts = lexAppendNew(alts, to...)
	}
	return TermGroup{Alternatives: lexCap(alts), Kind: "name"}
}

// Translate maps the words of a query (already split into lower-case word tokens, stop words
// REMOVED by the caller) from one language to the other: greedy longest match over up to
// 4-word phrases, then single words. At each length the names table wins over the dictionary.
// Numbers, well-known people's names and words neither source knows pass through unchanged.
// Translating a language into itself passes every word through.
func (l *Lexicon) Translate(words []string, from, to Lang) []TermGroup {
	units := lexUnits(words)
	if len(units) == 0 {
		return nil
	}
	translate := l != nil && from != to && (from == LangEN || from == LangID) && (to == LangEN || to == LangID)
	if translate {
		for i := range units {
			if !units[i].number {
				units[i].stem = lexStem(from, units[i].word)
			}
		}
	}
	groups := make([]TermGroup, 0, len(units))
	for i := 0; i < len(units); {
		n, g := 0, TermGroup{}
		if translate && !units[i].number {
			n, g = l.match(units[i:], from)
		}
		if n == 0 {
			groups = append(groups, lexPass(lexSource(words, units[i:i+1])))
			i++
			continue
		}
		span := units[i : i+n]
		g.Source = lexSource(words, span)
		if g.Kind == "" {
			g.Alternatives, g.Kind = []string{g.Source}, "pass" // a person
		} else if len(g.Alternatives) == 1 && g.Alternatives[0] == g.Source {
			g.Kind = "pass" // the same word in both languages
		}
		groups = append(groups, g)
		i += n
	}
	return groups
}

// match finds the longest phrase at the start of units that a source knows, and translates it.
// It returns the phrase's length, 0 when none; a group without Kind means a person's name.
func (l *Lexicon) match(units []lexUnit, from Lang) (int, TermGroup) {
	longest := min(lexMaxPhrase, len(units))
	for n, u := range units[:longest] {
		if u.number {
			longest = n
			break
		}
	}
	if longest == 0 {
		return 0, TermGroup{}
	}
	// The keys of shorter phrases are prefixes of the longest one's.
	surfaces, stems := lexSpanKey(units[:longest], false), lexSpanKey(units[:longest], true)
	surfaceEnd, stemEnd := len(surfaces), len(stems)
	for n := longest; n >= 1; n-- {
		if n < longest {
			surfaceEnd -= len(units[n].word) + 1
			stemEnd -= len(units[n].stem) + 1
		}
		surface, stem := surfaces[:surfaceEnd], stems[:stemEnd]
		if l.persons[surface] {
			return n, TermGroup{}
		}
		var g TermGroup
		var ok bool
		if from == LangEN {
			g, ok = l.lookupEN(surface, stem)
		} else {
			g, ok = l.lookupID(surface, stem)
		}
		if ok {
			return n, g
		}
	}
	return 0, TermGroup{}
}

// lookupEN translates an English phrase, given as written and stemmed, into Indonesian.
func (l *Lexicon) lookupEN(surface, stem string) (TermGroup, bool) {
	if rows := l.enNames[stem]; len(rows) > 0 {
		return lexNameGroup(rows, surface, true), true
	}
	for _, base := range englishInflectionBases(surface) {
		if rows := l.enTech[base]; len(rows) > 0 {
			return lexNameGroup(rows, base, true), true
		}
	}
	if g, ok := l.lookupENDict(surface, stem); ok {
		return g, true
	}
	// A superlative the dictionary lacks ("closest", "biggest", "easiest") is looked up by its
	// adjective, in the dictionary only (the technical table's "close" is the verb, tutup); the
	// Indonesian says it with ter- or "paling", whose stem is the adjective ("terdekat": dekat).
	for _, base := range englishSuperlativeBases(surface) {
		if g, ok := l.lookupENDict(base, lexStem(LangEN, base)); ok {
			return g, true
		}
	}
	return TermGroup{}, false
}

// lookupENDict translates an English phrase by the dictionary (FreeDict) alone.
func (l *Lexicon) lookupENDict(surface, stem string) (TermGroup, bool) {
	sp, ok := l.en[stem]
	if !ok {
		return TermGroup{}, false
	}
	rows := l.rows[sp.start : sp.start+sp.n]
	// The headword as written wins. Without it, the headwords that share its stems
	// ("negotiations": "negotiate", "negotiation") take turns, closest in length first.
	for _, r := range rows {
		if r.head == surface {
			return TermGroup{Alternatives: lexCap(strings.Split(r.alts, "|")), Kind: "dict"}, true
		}
	}
	rest := make([][]string, len(rows))
	for i, r := range rows {
		rest[i] = strings.Split(r.alts, "|")
	}
	order := make([]int, len(rows))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool {
		return lexAbs(len(rows[order[i]].head)-len(surface)) < lexAbs(len(rows[order[j]].head)-len(surface))
	})
	var alts []string
	for turn := 0; len(alts) < lexMaxAlternatives; turn++ {
		more := false
		for _, i := range order {
			if turn < len(rest[i]) {
				alts = lexAppendNew(alts, rest[i][turn])
				more = true
			}
		}
		if !more {
			break
		}
	}
	return TermGroup{Alternatives: lexCap(alts), Kind: "dict"}, true
}

// lookupID translates an Indonesian phrase, given as written and stemmed, into English: the
// names table, then headwords whose translation is the phrase as written, then those whose
// translation has the same stems.
func (l *Lexicon) lookupID(surface, stem string) (TermGroup, bool) {
	r := l.reverse()
	if rows := r.names[surface]; len(rows) > 0 {
		return lexNameGroup(rows, surface, false), true
	}
	if rows := r.names[stem]; len(rows) > 0 {
		return lexNameGroup(rows, surface, false), true
	}
	// Translations as written, then translations that are the phrase's stem ("bangun" for
	// "membangun"), then any with the same stems ("pembangun").
	byWord, byStemWord, byStem := r.word[surface], []lexBack(nil), r.stem[stem]
	if stem != surface {
		byStemWord = r.word[stem]
	}
	if len(byWord) == 0 && len(byStemWord) == 0 && len(byStem) == 0 {
		return TermGroup{}, false
	}
	var alts []string
	alts = lexAppendBacks(alts, byWord)
	alts = lexAppendBacks(alts, byStemWord)
	alts = lexAppendBacks(alts, byStem)
	return TermGroup{Alternatives: lexCap(alts), Kind: "dict"}, true
}

// englishSuperlativeBases are the adjectives a one-word English superlative may come from:
// "longest" → long, "closest" → close, "biggest" → big, "easiest" → easy; none for other words.
func englishSuperlativeBases(w string) []string {
	if strings.ContainsRune(w, ' ') || len(w) < 6 {
		return nil
	}
	if b, ok := strings.CutSuffix(w, "iest"); ok {
		return []string{b + "y"}
	}
	b, ok := strings.CutSuffix(w, "est")
	if !ok {
		return nil
	}
	out := []string{b, b + "e"}
	if n := len(b); n >= 3 && b[n-1] == b[n-2] {
		out = append(out, b[:n-1])
	}
	return out
}

// englishInflectionBases are the forms an English phrase's last word may be a regular
// inflection of, the phrase itself first: plural and third person (-s, -es, -ies), past
// (-ed, -d, a doubled consonant) and -ing (with its e or doubled consonant restored).
func englishInflectionBases(phrase string) []string {
	head, w := "", phrase
	if i := strings.LastIndexByte(phrase, ' '); i >= 0 {
		head, w = phrase[:i+1], phrase[i+1:]
	}
	out := []string{phrase}
	add := func(b string) {
		if len(b) >= 2 {
			out = append(out, head+b)
		}
	}
	undouble := func(b string) {
		if n := len(b); n >= 3 && b[n-1] == b[n-2] {
			add(b[:n-1])
		}
	}
	switch {
	case strings.HasSuffix(w, "ies"):
		add(w[:len(w)-3] + "y")
	case strings.HasSuffix(w, "es"):
		add(w[:len(w)-1])
		add(w[:len(w)-2])
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss"):
		add(w[:len(w)-1])
	case strings.HasSuffix(w, "ied"):
		add(w[:len(w)-3] + "y")
	case strings.HasSuffix(w, "ed"):
		add(w[:len(w)-1])
		add(w[:len(w)-2])
		undouble(w[:len(w)-2])
	case strings.HasSuffix(w, "ing"):
		add(w[:len(w)-3])
		add(w[:len(w)-3] + "e")
		undouble(w[:len(w)-3])
	}
	return out
}

// lexAppendBacks appends English headwords best first: those that give the Indonesian word as
// their first translation, single words, then headwords with many translations and short
// ones, both signs of a common word ("free" before "acquittal" for "bebas").
func lexAppendBacks(alts []string, backs []lexBack) []string {
	if len(backs) == 0 || len(alts) >= lexMaxAlternatives {
		return alts
	}
	sorted := make([]lexBack, len(backs))
	copy(sorted, backs)
	sort.Slice(sorted, func(i, j int) bool {
		a, b := sorted[i], sorted[j]
		if a.rank != b.rank {
			return a.rank < b.rank
		}
		wa, wb := strings.Count(a.head, " "), strings.Count(b.head, " ")
		if wa != wb {
			return wa < wb
		}
		if a.nalts != b.nalts {
			return a.nalts > b.nalts
		}
		if len(a.head) != len(b.head) {
			return len(a.head) < len(b.head)
		}
		return a.head < b.head
	})
	for _, b := range sorted {
		alts = lexAppendNew(alts, b.head)
	}
	return alts
}

// lexUnit is one word of a query as the lexicon matches it: a token, or a part of a hyphenated
// token ("six-party" is "six" and "party"; "negara-negara" is "negara").
type lexUnit struct {
	word        string
	stem        string // in the source language
	tok         int    // index of the token in the caller's words
	first, last bool   // the unit starts / ends its token
	number      bool   // the token has a digit: passed through whole
}

// lexUnits splits the caller's tokens into units.
func lexUnits(words []string) []lexUnit {
	units := make([]lexUnit, 0, len(words))
	var parts []string
	for t, w := range words {
		w = strings.ToLower(strings.TrimSpace(w))
		if w == "" {
			continue
		}
		if strings.IndexFunc(w, unicode.IsDigit) >= 0 {
			units = append(units, lexUnit{word: w, tok: t, first: true, last: true, number: true})
			continue
		}
		parts = lexWords(parts[:0], w)
		for i, p := range parts {
			units = append(units, lexUnit{word: p, tok: t, first: i == 0, last: i == len(parts)-1})
		}
	}
	return units
}

// lexSource is a TermGroup's Source: the caller's tokens when the span covers whole tokens, so
// that a one-word group's Source is exactly the word given, else the span's words.
func lexSource(words []string, span []lexUnit) string {
	if span[0].first && span[len(span)-1].last {
		toks := words[span[0].tok : span[len(span)-1].tok+1]
		if len(toks) == 1 {
			return strings.ToLower(strings.TrimSpace(toks[0]))
		}
		var b strings.Builder
		for _, t := range toks {
			if t = strings.ToLower(strings.TrimSpace(t)); t != "" {
				if b.Len() > 0 {
					b.WriteByte(' ')
				}
				b.WriteString(t)
			}
		}
		return b.String()
	}
	return lexSpanKey(span, false)
}

// lexSpanKey joins a span's words, or their stems.
func lexSpanKey(span []lexUnit, stem bool) string {
	pick := func(u lexUnit) string {
		if stem {
			return u.stem
		}
		return u.word
	}
	if len(span) == 1 {
		return pick(span[0])
	}
	var b strings.Builder
	size := len(span) - 1
	for _, u := range span {
		size += len(pick(u))
	}
	b.Grow(size)
	for i, u := range span {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(pick(u))
	}
	return b.String()
}

// lexStem stems a lower-case word with StemEnglish or StemIndonesian.
func lexStem(lang Lang, w string) string {
	if lang == LangEN {
		return StemEnglish(w)
	}
	return StemIndonesian(w)
}

// lexStemKey stems words in a language and joins them with spaces.
func lexStemKey(words []string, lang Lang) string {
	if len(words) == 1 {
		return lexStem(lang, words[0])
	}
	var b strings.Builder
	for i, w := range words {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(lexStem(lang, w))
	}
	return b.String()
}

// lexPlain reports whether s is lower-case ASCII words separated by single spaces, the form
// lexWords would give it anyway.
func lexPlain(s string) bool {
	if s == "" || s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ' ' {
			if s[i-1] == ' ' {
				return false
			}
			continue
		}
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// lexWords appends the lower-case words of s to dst: runs of letters and digits. A possessive
// "'s" is dropped, other apostrophes join ("d'état" is "détat"), and a reduplicated word
// ("negara-negara") counts once.
func lexWords(dst []string, s string) []string {
	if lexPlain(s) {
		for {
			i := strings.IndexByte(s, ' ')
			if i < 0 {
				return append(dst, s)
			}
			dst = append(dst, s[:i])
			s = s[i+1:]
		}
	}
	s = strings.ToLower(s)
	if strings.ContainsAny(s, "'\u2019") {
		s = strings.NewReplacer("'s ", " ", "\u2019s ", " ", "'", "", "\u2019", "").Replace(s + " ")
	}
	start := len(dst)
	prevSep := byte(' ')
	for len(s) > 0 {
		i := strings.IndexFunc(s, lexWordRune)
		if i < 0 {
			break
		}
		if i > 0 {
			prevSep = s[i-1]
		}
		s = s[i:]
		j := strings.IndexFunc(s, func(r rune) bool { return !lexWordRune(r) })
		if j < 0 {
			j = len(s)
		}
		w := s[:j]
		s = s[j:]
		if n := len(dst); prevSep == '-' && n > start && dst[n-1] == w {
			continue // reduplication
		}
		dst = append(dst, w)
	}
	return dst
}

func lexWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

func lexPass(w string) TermGroup {
	return TermGroup{Source: w, Alternatives: []string{w}, Kind: "pass"}
}

// lexAppendNew appends the strings of add that dst does not hold yet.
func lexAppendNew(dst []string, add ...string) []string {
next:
	for _, a := range add {
		if a == "" {
			continue
		}
		for _, d := range dst {
			if d == a {
				continue next
			}
		}
		dst = append(dst, a)
	}
	return dst
}

// lexCap returns a copy of at most lexMaxAlternatives alternatives of at most lexMaxAltWords
// words (longer ones are explanations, not search terms), so callers cannot modify the lexicon
// through a TermGroup.
func lexCap(alts []string) []string {
	out := make([]string, 0, min(len(alts), lexMaxAlternatives))
	for _, a := range alts {
		if len(out) == lexMaxAlternatives {
			break
		}
		if strings.Count(a, " ") < lexMaxAltWords {
			out = append(out, a)
		}
	}
	return out
}

func lexAbs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
