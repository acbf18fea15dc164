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

// boundWordsBuilder collects the bound stems of the passages as NewIndex analyses them, in
// passage order, as excludes' binary search needs; passages share their lists of meanings.
type boundWordsBuilder struct {
	words    boundWords
	meanings map[string][]string
}

func newBoundWordsBuilder() *boundWordsBuilder {
	return &boundWordsBuilder{words: boundWords{}, meanings: map[string][]string{}}
}

// add records the bound stems of passage doc (from boundStems); stem turns a stem of the
// passage into the index's own copy.
func (b *boundWordsBuilder) add(doc int32, bound map[string][]string, stem func(string) string) {
	for s, m := range bound {
		key := strings.Join(m, "\x00")
		shared, ok := b.meanings[key]
		if !ok {
			shared = slices.Clip(m)
			b.meanings[key] = shared
		}
		s = stem(s)
		b.words[s] = append(b.words[s], boundIn{doc: doc, meanings: shared})
	}
}

// passageBoundWords returns the stems of a passage that occur there only inside dictionary
// phrases, with the meanings of those phrases.
func passageBoundWords(ph *idPhraseIndex, text string) map[string][]string {
	var words, stems []string
	var ends []int
	scanTokens(text, func(word string, _, _ int) {
		w := normalizeWord(word)
		words = append(words, w)
		stems = appendWordStems(stems, w, LangID)
		ends = append(ends, len(stems))
	})
	return boundStems(ph, words, stems, ends)
}

// boundStems is passageBoundWords on the normalised words of a passage and their stems:
// stems[ends[j-1]:ends[j]] are word j's (from 0 for the first).
func boundStems(ph *idPhraseIndex, words, stems []string, ends []int) map[string][]string {
	meanings := make([][]string, len(words)) // per word: the meanings of its phrase, if any
	found := false
	var key []byte
	for i := 0; i < len(words); {
		n := 0
		if ph.starts[words[i]] {
			for n = min(lexMaxPhrase, len(words)-i); n >= 2; n-- {
				key = key[:0]
				for j, w := range words[i : i+n] {
					if j > 0 {
						key = append(key, ' ')
					}
					key = append(key, w...)
				}
				if m, ok := ph.meanings[string(key)]; ok {
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
	from := 0
	for j := range words {
		for _, s := range stems[from:ends[j]] {
			if meanings[j] == nil {
				free[s] = true
			} else {
				bound[s] = lexAppendNew(bound[s], meanings[j]...)
			}
		}
		from = ends[j]
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
