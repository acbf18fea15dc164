package retrieval

import (
	"slices"
	"strings"
)

// stemList is the set of a passage's stems as a sorted slice without repeats: a third of the
// memory of a map of the same stems, which at 100,000 passages is most of what the index kept
// besides the vectors. Lookups are a binary search over some tens of stems.
type stemList []string

// newStemList makes the set of stems, sorted; stems is reordered.
func newStemList(stems []string) stemList {
	s := slices.Clone(stems)
	slices.Sort(s)
	return stemList(slices.Compact(s))
}

// has reports whether stem is in the list.
func (l stemList) has(stem string) bool {
	_, ok := slices.BinarySearch(l, stem)
	return ok
}

// set returns the list as a new map.
func (l stemList) set() map[string]bool {
	m := make(map[string]bool, len(l))
	for _, s := range l {
		m[s] = true
	}
	return m
}

// internStems makes the lists share one copy of each distinct stem: analysis allocates every
// occurrence anew, and the lists outlive it.
func internStems(lists []stemList) {
	canon := make(map[string]string)
	for _, l := range lists {
		for k, s := range l {
			if c, ok := canon[s]; ok {
				l[k] = c
			} else {
				s = strings.Clone(s)
				canon[s] = s
				l[k] = s
			}
		}
	}
}

// matchesList is QueryTerm.Matches on a stem list.
func (t QueryTerm) matchesList(l stemList) bool {
	found, _ := t.bestMatch(l.has)
	return found
}
