package retrieval

import (
	"strings"
	"sync"
)

// Aliases maps the words of a query (lower-case, stop words removed) to the other forms the
// names table knows in the same language: "ktt" → "konferensi tingkat tinggi", "pertemuan puncak";
// "korut" → "korea utara". Greedy longest match over phrases of up to lexMaxPhrase words; words
// without aliases come back alone.
func (l *Lexicon) Aliases(words []string, lang Lang) []TermGroup {
	idx := l.aliasIndex(lang)
	var out []TermGroup
	for i := 0; i < len(words); {
		matched := false
		for n := min(lexMaxPhrase, len(words)-i); n >= 1 && !matched; n-- {
			phrase := strings.Join(words[i:i+n], " ")
			forms, ok := idx[phrase]
			if !ok {
				forms, ok = idx[strings.Join(lexWords(nil, phrase), " ")]
			}
			if !ok {
				continue
			}
			var alts []string
			for _, f := range forms {
				if f != phrase {
					alts = lexAppendNew(alts, f)
				}
			}
			out = append(out, TermGroup{Source: phrase, Alternatives: lexCap(alts), Kind: "name"})
			i += n
			matched = true
		}
		if !matched {
			out = append(out, TermGroup{Source: words[i], Kind: "pass"})
			i++
		}
	}
	return out
}

var (
	aliasOnce  sync.Once
	aliasIndex map[Lang]map[string][]string
)

// aliasIndex maps each form of a names-table row, in one language, to all the row's forms in it.
func (l *Lexicon) aliasIndex(lang Lang) map[string][]string {
	aliasOnce.Do(func() {
		aliasIndex = map[Lang]map[string][]string{LangID: {}, LangEN: {}}
		for _, n := range lexNames {
			for lg, forms := range map[Lang][]string{LangID: n.id, LangEN: n.en} {
				for _, f := range forms {
					key := strings.Join(lexWords(nil, f), " ")
					for _, g := range forms {
						aliasIndex[lg][key] = lexAppendNew(aliasIndex[lg][key], strings.Join(lexWords(nil, g), " "))
					}
				}
			}
		}
	})
	return aliasIndex[lang]
}
