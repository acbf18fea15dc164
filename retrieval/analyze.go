package retrieval

import (
	"strings"
	"unicode"
)

// Stem returns the stem of a normalised word in a language: English by Snowball (Porter2)
// after WordNet's irregular plurals, Indonesian by Snowball's rules checked against the
// dictionary of root words (see stemIndonesianRoot).
func Stem(lang Lang, word string) string {
	if lang == LangEN {
		return StemEnglish(englishBase(word))
	}
	return stemIndonesianRoot(word)
}

// Stems analyses text in a language into the terms the indexes use: tokens, minus stop words,
// stemmed; hyphenated words give their parts ("langkah-langkah" once, "six-party" two), grouped
// numbers lose their separators ("500.000" and "500,000" are both "500000") and dates give their parts.
func Stems(text string, lang Lang) []string {
	return appendStems(make([]string, 0, len(text)/6+1), text, lang)
}

// appendStems appends the stems of text (see Stems) to out.
func appendStems(out []string, text string, lang Lang) []string {
	scanTokens(text, func(word string, _, _ int) {
		out = appendWordStems(out, normalizeWord(word), lang)
	})
	return out
}

// appendWordStems appends the stems of one normalised token.
func appendWordStems(out []string, w string, lang Lang) []string {
	if isNumber(w) {
		return appendNumber(out, w)
	}
	if strings.ContainsRune(w, '-') {
		parts := strings.Split(w, "-")
		var prev string
		for _, p := range parts {
			if p == "" || p == prev {
				continue
			}
			prev = p
			out = appendWordStems(out, p, lang)
		}
		return out
	}
	if strings.ContainsRune(w, '\'') {
		w = strings.ReplaceAll(w, "'", "")
	}
	if IsStopword(lang, w) {
		return out
	}
	if s := Stem(lang, w); s != "" {
		out = append(out, s)
	}
	return out
}

func appendNumber(out []string, w string) []string {
	if strings.ContainsRune(w, '/') {
		for _, p := range strings.Split(w, "/") {
			if p != "" {
				n := strings.TrimLeft(p, "0")
				if n == "" {
					n = "0"
				}
				out = append(out, n)
			}
		}
		return out
	}
	return append(out, normalizeNumber(w))
}

// normalizeNumber drops thousands separators: "500.000" and "500,000" → "500000"; "3,5" stays.
func normalizeNumber(w string) string {
	w = strings.Trim(w, ".,")
	sep := -1
	groups := 0
	for i := 0; i < len(w); i++ {
		if w[i] == '.' || w[i] == ',' {
			if sep >= 0 && i-sep != 4 {
				return w
			}
			if sep < 0 && (i == 0 || i > 3) {
				return w
			}
			sep = i
			groups++
		}
	}
	if groups == 0 {
		return w
	}
	if len(w)-sep != 4 {
		return w
	}
	return strings.NewReplacer(".", "", ",", "").Replace(w)
}

// QueryTerm is one key term of a question: the asker's words and the stem phrases that count
// as finding it in a passage. Any one alternative matching is a match.
type QueryTerm struct {
	Source string     // the asker's words, lower-case ("north korea", "putin")
	Alts   [][]string // alternatives, each a phrase of stems (all must occur)
	Kind   string     // "word", "name" (capitalised in the question, or an acronym) or "number"
	// Translated is set when the alternatives include a dictionary translation; Unknown when
	// the query was translated but the lexicon did not know the term (it passed through as is).
	Translated bool
	Unknown    bool
	// Context marks a term borrowed from an earlier question of the conversation: it steers
	// the search but is not what the new question asks.
	Context bool
	// Weights, when longer than zero, scale the score of each alternative (by index; missing
	// ones weigh 1): synonyms and corrected spellings weigh less than the asker's own word.
	Weights []float64
}

// Weight is how much alternative i counts.
func (t QueryTerm) Weight(i int) float64 {
	if i < len(t.Weights) {
		return t.Weights[i]
	}
	return 1
}

// addWeightedAlt appends an alternative with a weight, unless it is empty or already there.
func (t *QueryTerm) addWeightedAlt(phrase []string, w float64) {
	n := len(t.Alts)
	t.Alts = addAlt(t.Alts, phrase)
	if len(t.Alts) == n {
		return
	}
	for len(t.Weights) < n {
		t.Weights = append(t.Weights, 1)
	}
	t.Weights = append(t.Weights, w)
}

// Matches reports whether any alternative occurs wholly in a set of stems.
func (t QueryTerm) Matches(stems map[string]bool) bool {
	found, _ := t.bestMatch(func(s string) bool { return stems[s] })
	return found
}

// MatchWeight is what the best alternative found wholly in a set of stems counts (synonyms and
// corrected spellings weigh less than the asker's own word), or 0 when none is found.
func (t QueryTerm) MatchWeight(stems map[string]bool) float64 {
	_, w := t.bestMatch(func(s string) bool { return stems[s] })
	return w
}

// bestMatch tells whether any alternative has every stem in has, and the highest weight of
// those that do.
func (t QueryTerm) bestMatch(has func(string) bool) (found bool, weight float64) {
	for i, alt := range t.Alts {
		if len(alt) == 0 {
			continue
		}
		ok := true
		for _, s := range alt {
			if !has(s) {
				ok = false
				break
			}
		}
		if ok {
			found = true
			weight = max(weight, t.Weight(i))
		}
	}
	return found, weight
}

// Query is an analysed question.
type Query struct {
	Text  string
	Lang  Lang
	Terms []QueryTerm
	// EmbedText is what the embedder sees: the question followed by its translation.
	EmbedText string
}

// maxQueryTerms bounds the analysis of absurdly long questions.
const maxQueryTerms = 64

// wordsOf returns the content words of a question with their kinds, in order. Consecutive
// capitalised words ("Kim Jong Un", "Korea Utara") share a run number (runs[i] ≥ 0), so callers
// can keep a name together; other words have run -1.
func wordsOf(text string, lang Lang) (words, kinds []string, runs []int) {
	toks := Tokenize(text)
	run := -1
	prevName := -1 // index in toks of the previous capitalised content token
	for i, t := range toks {
		w := t.Norm
		if w == "" || IsStopword(lang, w) || (len(w) == 1 && !isNumber(w)) {
			prevName = -1
			continue
		}
		kind := "word"
		r := -1
		switch {
		case isNumber(w):
			kind = "number"
		case isCapitalized(t.Text):
			joined := prevName >= 0 && prevName == i-1 && strings.TrimSpace(text[toks[i-1].End:t.Start]) == ""
			nextCap := i+1 < len(toks) && isCapitalized(toks[i+1].Text) && strings.TrimSpace(text[t.End:toks[i+1].Start]) == "" && !IsStopword(lang, toks[i+1].Norm)
			if i > 0 || isAcronym(t.Text) || nextCap {
				kind = "name"
			}
			if joined && len(runs) > 0 && runs[len(runs)-1] >= 0 {
				r = runs[len(runs)-1]
				kinds[len(kinds)-1] = "name"
				kind = "name"
			} else {
				run++
				r = run
			}
			prevName = i
		default:
			prevName = -1
		}
		words = append(words, w)
		kinds = append(kinds, kind)
		runs = append(runs, r)
		if len(words) >= maxQueryTerms {
			break
		}
	}
	return words, kinds, runs
}

// splitRuns breaks up the name runs that keepName rejects.
func splitRuns(words []string, runs []int, keepName func([]string) bool) {
	for i := 0; i < len(words); {
		j := i + 1
		for runs[i] >= 0 && j < len(words) && runs[j] == runs[i] {
			j++
		}
		if j-i >= 2 && !keepName(words[i:j]) {
			for k := i; k < j; k++ {
				runs[k] = -2 - k // unique, so no two words join
			}
		}
		i = j
	}
}

// groupNames joins the words of each name run into one phrase: "kim", "jong", "un" → "kim jong un".
func groupNames(words, kinds []string, runs []int) (gw, gk []string) {
	for i, w := range words {
		if i > 0 && runs[i] >= 0 && runs[i] == runs[i-1] && kinds[i] == "name" {
			gw[len(gw)-1] += " " + w
			continue
		}
		gw = append(gw, w)
		gk = append(gk, kinds[i])
	}
	return gw, gk
}

func isCapitalized(s string) bool {
	for _, r := range s {
		return unicode.IsUpper(r)
	}
	return false
}

func isAcronym(s string) bool {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) && !unicode.IsUpper(r) {
			return false
		}
		n++
	}
	return n >= 2
}

// other returns the other language.
func other(l Lang) Lang {
	if l == LangEN {
		return LangID
	}
	return LangEN
}

// buildQuery analyses a question asked in lang. When translate is set and a lexicon is given,
// each term also gets its translations into the other language, analysed in that language.
//
// keepName, when set, decides whether a multi-word name stays one term; names it rejects are
// analysed word by word.
//
// tw weighs the translations (1: as much as the asker's own words).
func buildQuery(text string, lang Lang, lex *Lexicon, translate bool, tw float64, keepName func(words []string) bool) Query {
	q := Query{Text: text, Lang: lang}
	words, kinds, runs := wordsOf(text, lang)
	if keepName != nil {
		splitRuns(words, runs, keepName)
	}
	if len(words) == 0 {
		q.EmbedText = text
		return q
	}
	kindOf := make(map[string]string, len(words))
	for i, w := range words {
		kindOf[w] = kinds[i]
	}
	gwords, gkinds := groupNames(words, kinds, runs)
	for i, w := range gwords {
		kindOf[w] = gkinds[i]
	}
	var embed strings.Builder
	embed.WriteString(text)
	if translate && lex != nil {
		to := other(lang)
		for _, g := range translateSegments(lex, words, runs, lang, to) {
			t := QueryTerm{Source: g.Source, Kind: groupKind(g.Source, kindOf), Translated: g.Kind != "pass", Unknown: g.Kind == "pass"}
			t.Alts = addAlt(t.Alts, Stems(g.Source, lang))
			t.Alts = addAlt(t.Alts, Stems(g.Source, to))
			for i, a := range g.Alternatives {
				t.addWeightedAlt(Stems(a, to), tw)
				if i < 2 {
					embed.WriteString(" ")
					embed.WriteString(a)
				}
			}
			if len(t.Alts) > 0 {
				q.Terms = append(q.Terms, t)
			}
		}
	} else if lex != nil {
		for _, g := range lex.Aliases(gwords, lang) {
			t := QueryTerm{Source: g.Source, Kind: groupKind(g.Source, kindOf)}
			t.Alts = addAlt(t.Alts, Stems(g.Source, lang))
			for _, a := range g.Alternatives {
				t.Alts = addAlt(t.Alts, Stems(a, lang))
			}
			if len(t.Alts) > 0 {
				q.Terms = append(q.Terms, t)
			}
		}
	} else {
		for i, w := range gwords {
			t := QueryTerm{Source: w, Kind: gkinds[i]}
			t.Alts = addAlt(t.Alts, Stems(w, lang))
			if len(t.Alts) > 0 {
				q.Terms = append(q.Terms, t)
			}
		}
	}
	q.EmbedText = embed.String()
	return q
}

// groupKind is the kind of a translated group: a name if any of its words was written as one.
func groupKind(source string, kindOf map[string]string) string {
	if k, ok := kindOf[source]; ok {
		return k
	}
	kind := "word"
	for _, w := range strings.Fields(source) {
		switch kindOf[w] {
		case "name":
			return "name"
		case "number":
			kind = "number"
		}
	}
	return kind
}

// translateSegments translates a query's words, keeping each multi-word name whole: a name the
// lexicon knows as a whole ("North Korea", "Six-Party Talks") takes its translation; any other
// ("New York Times", "Ri Il Gyu") passes through as one phrase instead of word by word.
func translateSegments(lex *Lexicon, words []string, runs []int, from, to Lang) []TermGroup {
	var out []TermGroup
	flush := func(seg []string) {
		if len(seg) > 0 {
			out = append(out, lex.Translate(seg, from, to)...)
		}
	}
	var plain []string
	for i := 0; i < len(words); {
		j := i + 1
		for runs[i] >= 0 && j < len(words) && runs[j] == runs[i] {
			j++
		}
		if j-i < 2 {
			plain = append(plain, words[i])
			i = j
			continue
		}
		flush(plain)
		plain = nil
		name := words[i:j]
		gs := lex.Translate(name, from, to)
		if len(gs) == 1 && gs[0].Kind == "name" {
			out = append(out, gs[0])
		} else {
			phrase := strings.Join(name, " ")
			out = append(out, TermGroup{Source: phrase, Alternatives: []string{phrase}, Kind: "pass"})
		}
		i = j
	}
	flush(plain)
	return out
}

// addAlt appends a stem phrase unless it is empty or already there.
func addAlt(alts [][]string, phrase []string) [][]string {
	if len(phrase) == 0 {
		return alts
	}
	for _, a := range alts {
		if equalStrings(a, phrase) {
			return alts
		}
	}
	return append(alts, phrase)
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// MatchesWord reports whether a normalised word is one of the query's terms, by its stem in
// either language.
func (q Query) MatchesWord(w string) bool {
	a, b := Stem(LangID, w), Stem(LangEN, w)
	for _, t := range q.Terms {
		for _, alt := range t.Alts {
			for _, s := range alt {
				if s == a || s == b || s == w {
					return true
				}
			}
		}
	}
	return false
}
