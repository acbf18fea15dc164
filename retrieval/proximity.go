package retrieval

import "sort"

// Proximity: a passage whose text holds two consecutive key terms of the question close
// together ("nomor halaman", "page numbers"; "urutan halaman terbalik") is more likely about
// what was asked than one that mentions them apart. The BM25 ranking's best passages are
// reordered by their score raised by proximityWeight times the share of the question's
// consecutive term pairs found within proximityWindow words of each other (a simple form of
// the term-proximity boosts studied by Tao and Zhai 2007; measured in the README).
const (
	proximityWeight = 0.5
	proximityWindow = 3  // words between the two terms, either order
	proximityTop    = 30 // passages of the BM25 ranking reordered
)

// proximityRerank reorders the head of a BM25 ranking by proximity (see above).
func (ix *Index) proximityRerank(terms []QueryTerm, scores []float64, rank []int) []int {
	if ix.opts.NoProximity || len(terms) < 2 || len(rank) < 2 {
		return rank
	}
	n := min(proximityTop, len(rank))
	boosted := make(map[int]float64, n)
	pos := make([][]int, len(terms))
	var stems []string
	for _, d := range rank[:n] {
		p := &ix.passages[d]
		lang := ix.docLang(p.DocID)
		for k := range pos {
			pos[k] = pos[k][:0]
		}
		for ti, tok := range Tokenize(p.Text) {
			stems = appendWordStems(stems[:0], tok.Norm, lang)
			for _, s := range stems {
				for k, t := range terms {
					if termHasStem(t, s) {
						pos[k] = append(pos[k], ti)
					}
				}
			}
		}
		pairs := 0
		for k := 0; k+1 < len(terms); k++ {
			if positionsWithin(pos[k], pos[k+1], proximityWindow) {
				pairs++
			}
		}
		boosted[d] = scores[d] * (1 + proximityWeight*float64(pairs)/float64(len(terms)-1))
	}
	head := append([]int(nil), rank[:n]...)
	sort.SliceStable(head, func(i, j int) bool { return boosted[head[i]] > boosted[head[j]] })
	return append(head, rank[n:]...)
}

// termHasStem reports whether one of a term's single-stem alternatives is s.
func termHasStem(t QueryTerm, s string) bool {
	for _, a := range t.Alts {
		if len(a) == 1 && a[0] == s {
			return true
		}
	}
	return false
}

// positionsWithin reports whether some position of a and some of b are at most w apart.
func positionsWithin(a, b []int, w int) bool {
	for _, x := range a {
		for _, y := range b {
			if d := x - y; d <= w && d >= -w {
				return true
			}
		}
	}
	return false
}
