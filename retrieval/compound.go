package retrieval

import (
	"slices"
	"strings"
	"sync"
)

// Words inside dictionary phrases. An English question's word is translated word by word:
// "water" becomes "air", "ship" becomes "kapal". In Indonesian, "air" is also a word of "tanah
// air" (homeland) and "kapal" of "kapal selam" (submarine), phrases the dictionary knows as
// wholes with meanings of their own. A passage that has "air" only inside "tanah air" does not
// speak of water; counting it as a match put "matched: water" on a passage about a submarine
// and the homeland.
//
// So, at index time, the Indonesian passages are scanned for the phrases the dictionary (and
// the names table) translates as a whole, longest first, up to lexMaxPhrase words; a stem all
// of whose occurrences in a passage are inside such phrases is bound there, with the meanings
// of those phrases. At query time, a single-word translation of an English word does not match
// a passage where its stem is bound, unless one of the phrases means the English word too
// ("air" inside "air mineral", mineral water, still matches "water"). The asker's own words,
// phrase translations ("kapal selam" for "submarine") and questions in the corpus's language
// are not affected.

// boundIn is one passage where a stem occurs only inside dictionary phrases.
type boundIn struct {
	doc int32
	// meanings are the English stems of what the phrases mean ("homeland", "motherland").
	meanings []string
}

// boundWords maps a stem to the passages, in order, where it is bound.
type boundWords map[string][]boundIn

// buildBoundWords scans the Indonesian passages for dictionary phrases, on all cores; each
// stem's list stays in passage order, as excludes' binary search needs.
func buildBoundWords(lex *Lexicon, passages []Passage, langOf func(docID string) Lang) boundWords {
	if lex == nil {
		return nil
	}
	ph := lex.idPhrases()
	type bind struct {
		stem     string
		meanings []string
	}
	per := make([][]bind, len(passages))
	parallel(len(passages), func(i int) {
		p := &passages[i]
		if langOf(p.DocID) != LangID {
			return
		}
		for s, m := range passageBoundWords(ph, p.Text) {
			per[i] = append(per[i], bind{s, m})
		}
	})
	b := boundWords{}
	for i, binds := range per {
		for _, x := range binds {
			b[x.stem] = append(b[x.stem], boundIn{doc: int32(i), meanings: x.meanings})
		}
	}
	return b
}

// passageBoundWords returns the stems of a passage that occur there only inside dictionary
// phrases, with the meanings of those phrases.
func passageBoundWords(ph *idPhraseIndex, text string) map[string][]string {
	var words []string
	for _, t := range Tokenize(text) {
		words = append(words, t.Norm)
	}
	meanings := make([][]string, len(words)) // per word: the meanings of its phrase, if any
	found := false
	for i := 0; i < len(words); {
		n := 0
		if ph.starts[words[i]] {
			for n = min(lexMaxPhrase, len(words)-i); n >= 2; n-- {
				if m, ok := ph.meanings[strings.Join(words[i:i+n], " ")]; ok {
					for j := i; j < i+n; j++ {
						meanings[j] = m
					}
					found = true
					break
				}
			}
		}
		i += max(n, 1)
	}
	if !found {
		return nil
	}
	free := map[string]bool{}
	bound := map[string][]string{}
	for j, w := range words {
		for _, s := range appendWordStems(nil, w, LangID) {
			if meanings[j] == nil {
				free[s] = true
			} else {
				bound[s] = lexAppendNew(bound[s], meanings[j]...)
			}
		}
	}
	for s := range bound {
		if free[s] {
			delete(bound, s)
		}
	}
	return bound
}

// excludes reports whether a single-word translation stem does not count in passage doc for
// an English source whose stems are source: the stem is bound there to phrases none of which
// means any of the source's words.
func (b boundWords) excludes(stem string, doc int32, source []string) bool {
	list := b[stem]
	k, ok := slices.BinarySearchFunc(list, doc, func(e boundIn, d int32) int { return int(e.doc - d) })
	if !ok {
		return false
	}
	for _, s := range source {
		if slices.Contains(list[k].meanings, s) {
			return false
		}
	}
	return true
}

// translationStem returns the stem of alternative i of t when it is a single-word dictionary
// translation of the asker's word (an English question's, or an English word the corpus lacks
// in an Indonesian question), the kind a bound word must not match; ok is false for every other
// alternative (the asker's own word, a phrase). Only Indonesian passages have bound words, so
// translations into English never meet one.
func translationStem(t *QueryTerm, i int) (string, bool) {
	if !t.Translated || t.Unknown || len(t.Alts[i]) != 1 {
		return "", false
	}
	s := t.Alts[i][0]
	for _, own := range [][]string{Stems(t.Source, LangEN), Stems(t.Source, LangID)} {
		if len(own) == 1 && own[0] == s {
			return "", false
		}
	}
	return s, true
}

// idPhraseIndex is the Indonesian phrases of two or more words the lexicon translates whole,
// with their English meanings stemmed, and the words such phrases start with.
type idPhraseIndex struct {
	meanings map[string][]string
	starts   map[string]bool
}

// idPhrases builds the phrase index on first use.
func (l *Lexicon) idPhrases() *idPhraseIndex {
	l.phrasesOnce.Do(func() {
		r := l.reverse()
		ix := &idPhraseIndex{meanings: map[string][]string{}, starts: map[string]bool{}}
		add := func(key string, english []string) {
			if !strings.Contains(key, " ") {
				return
			}
			for _, e := range english {
				ix.meanings[key] = lexAppendNew(ix.meanings[key], Stems(e, LangEN)...)
			}
			first, _, _ := strings.Cut(key, " ")
			ix.starts[first] = true
		}
		for key, backs := range r.word {
			heads := make([]string, 0, len(backs))
			for _, bk := range backs {
				heads = append(heads, bk.head)
			}
			add(key, heads)
		}
		for key, names := range r.names {
			for _, n := range names {
				add(key, n.en)
			}
		}
		l.phrases = ix
	})
	return l.phrases
}

// phrasesState holds the lazily built phrase index of a Lexicon.
type phrasesState struct {
	phrasesOnce sync.Once
	phrases     *idPhraseIndex
}
