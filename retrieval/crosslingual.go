package retrieval

import (
	"strings"
	"unicode"
)

// Technical text shares much of its vocabulary across Indonesian and English, in two ways that
// the dictionary misses; both are found here from the question's words and the corpus itself.
//
// Loanwords are spelled by regular correspondences (the spelling reform rules Indonesian applies
// to borrowed words): "installation" / "instalasi", "configuration" / "konfigurasi", "directory" /
// "direktori", "technical" / "teknis", "active" / "aktif". loanwordSpellings applies them in
// either direction; only spellings whose stem the corpus has are kept.
//
// Indonesian documentation often glosses a term with its English original in parentheses:
// "berkas (file)", "tautan simbolik (symbolic link)". harvestGlosses collects those pairs when
// the index is built, and a question's word in either language then finds the other.

// enToIDSuffixes are English endings and their Indonesian spellings, longest first.
var enToIDSuffixes = [][2]string{
	{"ization", "isasi"}, {"isation", "isasi"}, {"ation", "asi"}, {"ition", "isi"}, {"ution", "usi"},
	{"ction", "ksi"}, {"tion", "si"}, {"ssion", "si"}, {"sion", "si"}, {"ology", "ologi"},
	{"graphy", "grafi"}, {"ical", "is"}, {"ics", "ika"}, {"ity", "itas"}, {"ism", "isme"},
	{"ive", "if"}, {"ic", "ik"}, {"ary", "er"}, {"ory", "ori"}, {"ure", "ur"}, {"ment", "men"},
	{"ance", "ansi"}, {"ence", "ensi"}, {"ate", "at"}, {"y", "i"}, {"e", ""},
}

// loanwordSpellings returns the spellings a technical word may have in the other language.
func loanwordSpellings(w string, from Lang) []string {
	if len(w) < 4 || !isLetters(w) {
		return nil
	}
	if from == LangEN {
		return enToID(w)
	}
	return idToEN(w)
}

func enToID(w string) []string {
	var out []string
	stems := []string{w}
	for _, s := range enToIDSuffixes {
		if b, ok := strings.CutSuffix(w, s[0]); ok && len(b) >= 2 {
			stems = append(stems, b+s[1])
			break
		}
	}
	for _, s := range stems {
		out = appendUnique(out, idOrthography(s))
	}
	return out
}

// idOrthography respells English letters as Indonesian writes them: c as k (s before e, i, y),
// ph f, th t, ch k, sh sy, qu kw, x ks, y i, double consonants single.
func idOrthography(w string) string {
	var b strings.Builder
	for i := 0; i < len(w); i++ {
		c := w[i]
		next := byte(0)
		if i+1 < len(w) {
			next = w[i+1]
		}
		switch {
		case c == 'p' && next == 'h':
			b.WriteByte('f')
			i++
		case (c == 't' || c == 'c') && next == 'h':
			b.WriteByte(map[byte]byte{'t': 't', 'c': 'k'}[c])
			i++
		case c == 's' && next == 'h':
			b.WriteString("sy")
			i++
		case c == 'q' && next == 'u':
			b.WriteString("kw")
			i++
		case c == 'c' && next == 'k':
			b.WriteByte('k')
			i++
		case c == 'c' && (next == 'e' || next == 'i' || next == 'y'):
			b.WriteByte('s')
		case c == 'c':
			b.WriteByte('k')
		case c == 'x':
			b.WriteString("ks")
		case c == 'y':
			b.WriteByte('i')
		case c == next && !isVowelByte(c):
			// a double consonant is written once
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// idToENSuffixes are Indonesian endings and their English spellings.
var idToENSuffixes = [][2]string{
	{"isasi", "ization"}, {"asi", "ation"}, {"isi", "ition"}, {"usi", "ution"}, {"ksi", "ction"},
	{"si", "sion"}, {"ologi", "ology"}, {"grafi", "graphy"}, {"ika", "ics"}, {"itas", "ity"},
	{"isme", "ism"}, {"if", "ive"}, {"ik", "ic"}, {"is", "ical"}, {"ori", "ory"}, {"ur", "ure"},
	{"en", "ent"}, {"at", "ate"}, {"i", "y"},
}

func idToEN(w string) []string {
	var out []string
	forms := []string{w}
	for _, s := range idToENSuffixes {
		if b, ok := strings.CutSuffix(w, s[0]); ok && len(b) >= 2 {
			forms = append(forms, b+s[1])
			if s[0] == "is" {
				forms = append(forms, b+"ic")
			}
			if s[0] == "si" {
				forms = append(forms, b+"tion")
			}
			break
		}
	}
	for _, f := range forms {
		out = appendUnique(out, f)
		out = appendUnique(out, strings.ReplaceAll(strings.ReplaceAll(f, "ks", "x"), "k", "c"))
		out = appendUnique(out, strings.ReplaceAll(f, "f", "ph"))
	}
	return out
}

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// addLoanwords gives each word term its loanword spellings in the other language that the
// corpus has, weighted as a translation (see Index.Query).
func (ix *Index) addLoanwords(q *Query, tw float64) {
	if ix.opts.NoLoanwords || ix.langs[other(q.Lang)] == 0 && q.Lang == ix.lang {
		return
	}
	to := other(q.Lang)
	for i := range q.Terms {
		t := &q.Terms[i]
		if t.Kind == "number" || strings.Contains(t.Source, " ") || t.Context {
			continue
		}
		for _, v := range loanwordSpellings(t.Source, q.Lang) {
			s := Stem(to, v)
			if len(s) >= 3 && ix.bm25.docFreq(s) > 0 {
				t.addWeightedAlt([]string{s}, tw)
			}
		}
		for _, g := range ix.glosses[glossKey{q.Lang, Stem(q.Lang, t.Source)}] {
			t.addWeightedAlt(g, tw)
		}
	}
}

// glossKey is a one-word term, stemmed in its language, that a parenthesised gloss pairs with
// a phrase of the other language.
type glossKey struct {
	lang Lang
	stem string
}

// maxGlossWords bounds the words inside a harvested gloss.
const maxGlossWords = 3

// harvestGlosses collects "istilah (term)" pairs from the Indonesian passages: one to three
// words in parentheses, written in lower case, each an English word WordNet knows and none an
// Indonesian root, after as many Indonesian content words. Both directions are kept, keyed by one-word terms.
func harvestGlosses(passages []Passage, docLang func(string) Lang) map[glossKey][][]string {
	out := map[glossKey][][]string{}
	en := currentThesauri()[LangEN]
	m := currentMorphology()
	for i := range passages {
		p := &passages[i]
		if docLang(p.DocID) != LangID || !strings.Contains(p.Text, "(") {
			continue
		}
		text := p.Text
		for start := 0; ; {
			open := strings.IndexByte(text[start:], '(')
			if open < 0 {
				break
			}
			open += start
			closeAt := strings.IndexByte(text[open:], ')')
			if closeAt < 0 {
				break
			}
			closeAt += open
			start = closeAt + 1
			// Written in lower case: "Tabel (Writer)" names a program, "berkas (file)" glosses.
			inner := strings.Fields(text[open+1 : closeAt])
			if len(inner) == 0 || len(inner) > maxGlossWords {
				continue
			}
			english := true
			for _, w := range inner {
				known := false
				for _, b := range englishBases(w) {
					_, ok := en[b]
					known = known || ok
				}
				if !isLetters(w) || !known || m.isDictRoot(w) || IsStopword(LangEN, w) {
					english = false
					break
				}
			}
			if !english {
				continue
			}
			before := precedingWords(text[:open], len(inner))
			if len(before) != len(inner) {
				continue
			}
			idStems := Stems(strings.Join(before, " "), LangID)
			enStems := Stems(strings.Join(inner, " "), LangEN)
			if len(idStems) == 0 || len(enStems) == 0 || equalStrings(idStems, enStems) {
				continue
			}
			if len(enStems) == 1 {
				k := glossKey{LangEN, enStems[0]}
				out[k] = addAlt(out[k], idStems)
			}
			if len(idStems) == 1 {
				k := glossKey{LangID, idStems[0]}
				out[k] = addAlt(out[k], enStems)
			}
		}
	}
	return out
}

// precedingWords returns the last n words of text when they are all Indonesian content words
// (letters only, no stop word), or fewer.
func precedingWords(text string, n int) []string {
	fields := strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && r != '-' })
	if len(fields) < n {
		return nil
	}
	tail := fields[len(fields)-n:]
	out := make([]string, 0, n)
	for _, w := range tail {
		w = strings.ToLower(w)
		if IsStopword(LangID, w) {
			return nil
		}
		out = append(out, w)
	}
	// The words must end right before the parenthesis (no sentence break in between).
	if t := strings.TrimRight(text, " "); len(t) == 0 || !unicode.IsLetter(rune(t[len(t)-1])) {
		return nil
	}
	return out
}
