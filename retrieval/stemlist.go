package retrieval

import (
	"slices"
	"strings"
)

// vocabulary numbers the distinct stems of an index: BM25's posting lists and the passages'
// stem sets refer to stems by these IDs, four bytes each, and each stem's text is kept once.
type vocabulary struct {
	ids   map[string]uint32
	terms []string // by ID
}

func newVocabulary() *vocabulary { return &vocabulary{ids: make(map[string]uint32)} }

// id returns a stem's ID, if it has one.
func (v *vocabulary) id(stem string) (uint32, bool) {
	id, ok := v.ids[stem]
	return id, ok
}

// add returns a stem's ID, numbering it (and keeping a copy of its text) when it is new.
func (v *vocabulary) add(stem string) uint32 {
	if id, ok := v.ids[stem]; ok {
		return id
	}
	stem = strings.Clone(stem) // analysis's strings are dropped with their chunk
	id := uint32(len(v.terms))
	v.ids[stem] = id
	v.terms = append(v.terms, stem)
	return id
}

// len is the number of stems.
func (v *vocabulary) len() int { return len(v.terms) }

// stemList is the set of a passage's stems: their IDs, sorted, without repeats, and the
// vocabulary they come from. Lookups are a map lookup and a binary search over some tens of IDs.
// (As strings, sorted, the sets were most of what the index kept besides the vectors: 16 bytes
// a stem instead of 4.)
type stemList struct {
	ids   []uint32
	vocab *vocabulary
}

// has reports whether stem is in the list.
func (l stemList) has(stem string) bool {
	id, ok := l.vocab.id(stem)
	if !ok {
		return false
	}
	_, ok = slices.BinarySearch(l.ids, id)
	return ok
}

// set returns the list as a new map.
func (l stemList) set() map[string]bool {
	m := make(map[string]bool, len(l.ids))
	for _, id := range l.ids {
		m[l.vocab.terms[id]] = true
	}
	return m
}

// matchesList is QueryTerm.Matches on a stem list.
func (t QueryTerm) matchesList(l stemList) bool {
	found, _ := t.bestMatch(l.has)
	return found
}
