package bot

import (
	"strconv"
	"strings"

	"github.com/kutip/kutip/retrieval"
)

// Explicit constraints between a question and its answer window. A trap asks for a detail the
// documents never give about something they do mention: "When was the SECOND round held?" over
// a passage dating the first round, "Which SYSTEMD version…" over a passage giving the version of
// something else. The right answer type nearby is not enough: the constraint must hold where the
// answer stands.
//
//   - Ordinals: an ordinal of the question (pertama/kedua/terakhir, first/second/last, ke-2, 2nd)
//     must be in the sentence holding the answer or its section heading; none in the whole
//     window is weak evidence, a different ordinal where the answer stands rules an answer out
//     (featOrdinal, constraintsMet).
//   - The thing an attribute belongs to: a version stands beside what it is the version of
//     ("systemd version", "versi Writer"), a name beside what it names ("nama kapal selam"); see
//     attributeOwner and nearOwner.
//   - A shortcut or a version is taken from a sentence holding a content word of the question
//     (checkFocus), a key only when pressed (keyPressed in answer_types.go).
//   - Modifiers: "the DEFAULT port", "ukuran MAKSIMUM" must be stated in the sentence holding
//     the answer and the word asked about, or the documents give some value, not the one asked
//     (featModifier, constraintsMet).

// Ordinal words of both languages and their values; ordinalLast is "last", "terakhir".
const ordinalLast = -1

var ordinalWords = map[string]int{
	"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
	"ninth": 9, "tenth": 10, "last": ordinalLast, "final": ordinalLast,
	"pertama": 1, "kedua": 2, "ketiga": 3, "keempat": 4, "kelima": 5, "keenam": 6, "ketujuh": 7,
	"kedelapan": 8, "kesembilan": 9, "kesepuluh": 10, "terakhir": ordinalLast,
}

// ordinalDeterminers make the English word after them an ordinal ("THE second round", "ITS
// first meeting"), not an adverb ("when did X first visit") or a time ("last year").
var ordinalDeterminers = setOf("the", "a", "an", "its", "his", "her", "their", "our", "this", "that", "each", "every")

// ordinalAt returns the value of an ordinal at toks[i] and whether there is one. Numeric forms
// always count ("ke-2", "ke2", "2nd", "21st"). An English word counts after a determiner or
// opening a sentence ("Second, …"). An Indonesian word follows what it orders ("putaran
// KEDUA", "yang kedua") or opens a sentence; "kedua" before a noun means "both" ("kedua belah
// pihak", "antara kedua negara") and is none.
func ordinalAt(toks []retrieval.Token, i int) (int, bool) {
	w := toks[i].Norm
	if n, ok := numericOrdinal(w); ok {
		return n, true
	}
	v, ok := ordinalWords[w]
	if !ok {
		return 0, false
	}
	prev, next := "", ""
	if i > 0 {
		prev = toks[i-1].Norm
	}
	if i+1 < len(toks) {
		next = toks[i+1].Norm
	}
	if isEnglishOrdinal(w) {
		return v, i == 0 || ordinalDeterminers[prev]
	}
	if next == "belah" {
		return 0, false
	}
	return v, i == 0 || prev == "yang" || prev != "" && !retrieval.IsStopwordAny(prev) && !hasDigit(prev)
}

func isEnglishOrdinal(w string) bool {
	switch w {
	case "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "last", "final":
		return true
	}
	return false
}

// numericOrdinal reads "ke-2", "ke2", "2nd", "3rd", "21st", "4th".
func numericOrdinal(w string) (int, bool) {
	digits := ""
	switch {
	case strings.HasPrefix(w, "ke-"):
		digits = w[3:]
	case strings.HasPrefix(w, "ke") && len(w) > 2 && w[2] >= '0' && w[2] <= '9':
		digits = w[2:]
	case len(w) > 2 && (strings.HasSuffix(w, "st") || strings.HasSuffix(w, "nd") || strings.HasSuffix(w, "rd") || strings.HasSuffix(w, "th")):
		digits = w[:len(w)-2]
	default:
		return 0, false
	}
	n, err := strconv.Atoi(digits)
	if err != nil || n <= 0 || n > 1000 {
		return 0, false
	}
	return n, true
}

// ordinalsIn returns the ordinals a text holds. With indexes, a number just after a word
// also counts ("character console 3" for "console karakter ke-3", "Track II" for "jalur
// kedua"): support for an ordinal asked, never a different one against it ("Agustus 2003").
func ordinalsIn(text string, indexes bool) map[int]bool {
	toks := retrieval.Tokenize(text)
	var out map[int]bool
	add := func(v int) {
		if out == nil {
			out = make(map[int]bool)
		}
		out[v] = true
	}
	for i, t := range toks {
		if v, ok := ordinalAt(toks, i); ok {
			add(v)
			continue
		}
		if i == 0 || retrieval.IsStopwordAny(toks[i-1].Norm) || hasDigit(toks[i-1].Norm) {
			continue
		}
		if v, ok := romanNumeral(t.Text); ok {
			add(v) // "Perang Dunia II", "Track II"
		} else if n, err := strconv.Atoi(t.Norm); indexes && err == nil && n > 0 && n <= 100 {
			add(n)
		}
	}
	return out
}

// romanNumeral reads II to XX written in capitals ("I", "V" and "X" alone are too often
// letters).
func romanNumeral(s string) (int, bool) {
	romans := []string{"II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX"}
	if len(s) < 2 {
		return 0, false
	}
	for i, r := range romans {
		if s == r {
			return i + 2, true
		}
	}
	return 0, false
}

// Values of featOrdinal: the question's ordinals stand where the answer stands (or it has
// none); the window holds no ordinal at all, which is weak evidence ("his first meeting" over
// the only meeting the documents tell of); the answer stands beside a different ordinal.
const (
	ordinalMatched = 1.0
	ordinalNone    = 0.5
	ordinalOther   = 0.0
)

// ordinalsMatched measures whether every ordinal of the question stands where the answer
// stands: in a quoted sentence holding the expected answer type (any quoted sentence when the
// question expects none), or in its section heading. An answer sentence holding a different
// ordinal does not answer ("putaran PERTAMA" for "the SECOND round"); when the answer sentences
// hold no ordinal at all, one elsewhere in the window will do, and none anywhere is weak
// evidence (ordinalNone).
func (ev *evidence) ordinalsMatched(q *Question) float64 {
	want := ordinalsIn(q.Text, false)
	if len(want) == 0 {
		return ordinalMatched
	}
	if len(ev.selected) == 0 {
		return ordinalOther
	}
	var answer []*candidate
	for _, c := range ev.selected {
		if ev.want == "" || hasAnswerType(ev.want, c.sent.Text, c.stems, q) {
			answer = append(answer, c)
		}
	}
	if len(answer) == 0 {
		answer = ev.selected
	}
	holds := func(cs []*candidate) (all, other bool) {
		strict, support := make(map[int]bool), make(map[int]bool)
		for _, c := range cs {
			texts := []string{c.sent.Text}
			if len(c.passage.Section) > 0 {
				texts = append(texts, c.passage.Section[len(c.passage.Section)-1])
			}
			for _, text := range texts {
				for v := range ordinalsIn(text, false) {
					strict[v] = true
				}
				for v := range ordinalsIn(text, true) {
					support[v] = true
				}
			}
		}
		all = true
		for v := range want {
			all = all && support[v]
		}
		return all, len(strict) > 0
	}
	all, other := holds(answer)
	switch {
	case all:
		return ordinalMatched
	case other:
		return ordinalOther
	}
	if all, other = holds(ev.selected); all {
		return ordinalMatched
	}
	if other {
		return ordinalOther
	}
	return ordinalNone
}

// attributeOwner is what an attribute the question asks about belongs to: the thing named in
// "apa nama KAPAL SELAM itu", "the name of the ORGANIZATION" (typeName), the thing versioned in
// "which SYSTEMD version", "the version of the TWAIN standard", "versi WRITER berapa"
// (typeVersion). It is the first content word after the attribute noun (after "of"), or for a
// version the word just before it; "" when there is none.
func attributeOwner(text, want string) string {
	var nouns map[string]bool
	switch want {
	case typeName:
		nouns = setOf("nama", "name")
	case typeVersion:
		nouns = setOf("version", "versi")
	default:
		return ""
	}
	toks := retrieval.Tokenize(text)
	content := func(w string) bool {
		return !retrieval.IsStopwordAny(w) && !lightWords[w] && !questionWords[w] && !versionModifiers[w]
	}
	for i, t := range toks {
		if !nouns[t.Norm] {
			continue
		}
		if want == typeVersion && i > 0 && content(toks[i-1].Norm) {
			return toks[i-1].Norm // "systemd version"
		}
		for _, u := range toks[i+1:] {
			if content(u.Norm) {
				return u.Norm
			}
		}
	}
	return ""
}

// versionModifiers qualify a version without naming what it is the version of.
var versionModifiers = setOf("minimum", "minimal", "latest", "current", "terbaru", "terkini", "required", "berapa", "newest", "oldest", "stable")

// nearOwner reports whether a term of the question holding the owner word (a name such as
// "PipeWire" or a word such as "systemd") matches a token within four tokens of toks[i].
func nearOwner(toks []retrieval.Token, i int, q *Question, owner string) bool {
	for j := max(0, i-4); j < len(toks) && j <= i+4; j++ {
		if j == i {
			continue
		}
		stem := map[string]bool{retrieval.Stem(q.Index.Lang(), toks[j].Norm): true, toks[j].Norm: true}
		for _, t := range q.Query.Terms {
			if t.Context || !strings.Contains(" "+strings.ToLower(t.Source)+" ", " "+owner+" ") {
				continue
			}
			if t.Matches(stem) || strings.EqualFold(toks[j].Norm, owner) {
				return true
			}
		}
	}
	return false
}

// Modifiers narrow what a question asks to one value among several a document may give: the
// DEFAULT port, the MAXIMUM size, the ukuran MINIMAL. General words of both languages.
var modifierWords = setOf("default", "bawaan", "maximum", "max", "maksimum", "maksimal", "minimum", "minimal",
	"standard", "standar", "largest", "smallest", "biggest", "terbesar", "terkecil")

// modifiersMatched reports whether every modifier of the question stands where the answer
// stands: in a quoted sentence holding the expected answer type (any quoted sentence when the
// question expects none) and the word the question puts in question, if any ("margin
// BAWAAN … berapa MODUL"), by the asker's word, its stem or a translation. A passage that gives
// a margin's width, but not its default one, does not answer "the default width". True when the
// question has none.
func (ev *evidence) modifiersMatched(q *Question) bool {
	var mods []int
	for i, t := range ev.terms {
		if t.term.Context {
			continue
		}
		for _, w := range strings.Fields(strings.ToLower(t.term.Source)) {
			if modifierWords[w] {
				mods = append(mods, i)
				break
			}
		}
	}
	if len(mods) == 0 {
		return true
	}
	for _, i := range mods {
		ok := false
		for _, c := range ev.selected {
			if ev.want != "" && !hasAnswerType(ev.want, c.sent.Text, c.stems, q) || !holdsAsked(ev, c) {
				continue
			}
			if ev.terms[i].term.MatchWeight(c.stems) > 0 {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// holdsAsked reports whether a sentence holds one of the words the question's form puts in
// question, or it has none.
func holdsAsked(ev *evidence, c *candidate) bool {
	for _, i := range ev.asked {
		if ev.terms[i].term.MatchWeight(c.stems) > 0 {
			return true
		}
	}
	return len(ev.asked) == 0
}
