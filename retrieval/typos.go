package retrieval

import (
	"sort"
	"strings"
	"sync"
)

// A question's word that the corpus lacks may be a slip of the keyboard ("konfigurasu",
// "instalsi", "pakage"). Such a word gets, as an alternative, the corpus stem nearest to its own
// by edit distance (Damerau–Levenshtein: a swap of neighbours counts one), when all of these hold:
//   - the word is letters only, at least 4 of them, not a name or a number, and no dictionary
//     (hunspell-id's roots, the thesauri, FreeDict) knows it as a word: real words are not typos;
//   - the corpus stem starts with the same letter (slips rarely hit the first one) and lies
//     within distance 1 for stems up to 7 letters, 2 for longer ones;
//   - among the nearest, the stem found in the most passages wins.
// Words the corpus has, rare names included, are never touched.

// typoVocab is the corpus's stems by first byte, for the nearest-stem search.
type typoVocab struct {
	once    sync.Once
	byFirst map[byte][]string
}

func (ix *Index) typoCandidates(first byte) []string {
	ix.typos.once.Do(func() {
		m := make(map[byte][]string)
		for _, s := range ix.vocab.terms {
			if len(s) >= 3 && isLetters(s) {
				m[s[0]] = append(m[s[0]], s)
			}
		}
		for _, l := range m {
			sort.Strings(l)
		}
		ix.typos.byFirst = m
	})
	return ix.typos.byFirst[first]
}

// correctTypos adds to each word term the corpus lacks its nearest corpus stem (see above).
func (ix *Index) correctTypos(q *Query) {
	if ix.opts.NoTypos {
		return
	}
	for i := range q.Terms {
		t := &q.Terms[i]
		w := t.Source
		if t.Kind != "word" || t.Context || len(w) < 4 || !isLetters(w) {
			continue
		}
		if _, in := ix.TermRarity(*t); in || ix.knownWord(w, q.Lang) {
			continue
		}
		stem := Stem(q.Lang, w)
		if len(stem) < 4 {
			continue
		}
		if s := ix.nearestStem(stem, maxTypoDistance(len(stem))); s != "" {
			t.Alts = addAlt(t.Alts, []string{s})
		}
	}
}

func maxTypoDistance(n int) int {
	if n <= 7 {
		return 1
	}
	return 2
}

// knownWord reports whether a dictionary knows w as a word of either language.
func (ix *Index) knownWord(w string, lang Lang) bool {
	m := currentMorphology()
	if m.isRoot(w) || m.isRoot(stemIndonesianRoot(w)) {
		return true
	}
	th := currentThesauri()
	if _, ok := th[LangID][w]; ok {
		return true
	}
	if _, ok := th[LangEN][w]; ok {
		return true
	}
	for _, base := range englishBases(w) {
		if _, ok := th[LangEN][base]; ok {
			return true
		}
	}
	if ix.lex != nil {
		for _, from := range []Lang{LangEN, LangID} {
			if gs := ix.lex.Translate([]string{w}, from, other(from)); len(gs) == 1 && gs[0].Kind != "pass" {
				return true
			}
		}
	}
	return false
}

// nearestStem returns the corpus stem within maxDist of s that is nearest, the most frequent of
// those, or "" when none is.
func (ix *Index) nearestStem(s string, maxDist int) string {
	best, bestDist, bestDF := "", maxDist+1, 0
	for _, c := range ix.typoCandidates(s[0]) {
		if d := len(c) - len(s); d > maxDist || -d > maxDist || c == s {
			continue
		}
		d := editDistance(s, c, bestDist)
		if d > maxDist || d > bestDist {
			continue
		}
		df := ix.bm25.docFreq(c)
		if d < bestDist || df > bestDF {
			best, bestDist, bestDF = c, d, df
		}
	}
	return best
}

// editDistance is the optimal-string-alignment Damerau–Levenshtein distance between two
// strings of bytes, or a value above limit as soon as it must exceed limit.
func editDistance(a, b string, limit int) int {
	if a == b {
		return 0
	}
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

// englishBases are the forms an English word may be inflected from: its irregular singular, and
// the word without -s, -es, -ed, -d, -ing (with a final e restored).
func englishBases(w string) []string {
	out := []string{englishBase(w)}
	for _, suf := range []string{"s", "es", "ed", "d", "ing"} {
		if b, ok := strings.CutSuffix(w, suf); ok && len(b) >= 3 {
			out = append(out, b, b+"e")
		}
	}
	if b, ok := strings.CutSuffix(w, "ies"); ok {
		out = append(out, b+"y")
	}
	return out
}
