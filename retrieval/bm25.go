package retrieval

import (
	"math"
)

// BM25 parameters: the usual ones, which suit short passages of a few sentences.
const (
	bm25K1 = 1.2
	bm25B  = 0.75
)

type posting struct {
	doc int32 // passage index
	tf  int32
}

// bm25Index is an in-process Okapi BM25 index over analysed passages.
type bm25Index struct {
	postings map[string][]posting
	docLen   []int32
	avgLen   float64
}

func newBM25(passageStems [][]string) *bm25Index {
	ix := &bm25Index{postings: make(map[string][]posting), docLen: make([]int32, len(passageStems))}
	total := 0
	counts := make(map[string]int32)
	for i, stems := range passageStems {
		clear(counts)
		for _, s := range stems {
			counts[s]++
		}
		for s, tf := range counts {
			ix.postings[s] = append(ix.postings[s], posting{doc: int32(i), tf: tf})
		}
		ix.docLen[i] = int32(len(stems))
		total += len(stems)
	}
	if len(passageStems) > 0 {
		ix.avgLen = float64(total) / float64(len(passageStems))
	}
	return ix
}

// docFreq is the number of passages holding a stem.
func (ix *bm25Index) docFreq(stem string) int { return len(ix.postings[stem]) }

// idf is BM25's inverse document frequency, never negative; a stem found nowhere gets the
// highest value a stem could have.
func (ix *bm25Index) idf(stem string) float64 {
	n := float64(len(ix.docLen))
	df := float64(len(ix.postings[stem]))
	return math.Log(1 + (n-df+0.5)/(df+0.5))
}

// addTermScores adds the BM25 contribution of one stem to scores, scaled by weight.
func (ix *bm25Index) addTermScores(scores []float64, stem string, weight float64) {
	ps := ix.postings[stem]
	if len(ps) == 0 {
		return
	}
	idf := ix.idf(stem) * weight
	for _, p := range ps {
		tf := float64(p.tf)
		norm := bm25K1 * (1 - bm25B + bm25B*float64(ix.docLen[p.doc])/ix.avgLen)
		scores[p.doc] += idf * tf * (bm25K1 + 1) / (tf + norm)
	}
}

// score ranks passages for a query: each term scores as its best alternative, and a phrase
// alternative as the mean of its stems where all of them occur.
func (ix *bm25Index) score(terms []QueryTerm, scores []float64) {
	if len(terms) == 0 || len(ix.docLen) == 0 {
		return
	}
	single := len(terms) == 1 && len(terms[0].Alts) == 1 && len(terms[0].Alts[0]) == 1
	if single {
		ix.addTermScores(scores, terms[0].Alts[0][0], 1)
		return
	}
	termScores := make([]float64, len(scores))
	altScores := make([]float64, len(scores))
	for _, t := range terms {
		clear(termScores)
		for _, alt := range t.Alts {
			if len(alt) == 1 {
				ix.maxInto(termScores, alt[0])
				continue
			}
			// A phrase: the mean of its stems, only in passages holding all of them.
			clear(altScores)
			for _, s := range alt {
				ix.addTermScores(altScores, s, 1/float64(len(alt)))
			}
			present := ix.passagesWithAll(alt)
			for _, d := range present {
				if altScores[d] > termScores[d] {
					termScores[d] = altScores[d]
				}
			}
		}
		for i, v := range termScores {
			scores[i] += v
		}
	}
}

// maxInto raises scores to a single stem's BM25 score where it is higher.
func (ix *bm25Index) maxInto(scores []float64, stem string) {
	ps := ix.postings[stem]
	if len(ps) == 0 {
		return
	}
	idf := ix.idf(stem)
	for _, p := range ps {
		tf := float64(p.tf)
		norm := bm25K1 * (1 - bm25B + bm25B*float64(ix.docLen[p.doc])/ix.avgLen)
		if v := idf * tf * (bm25K1 + 1) / (tf + norm); v > scores[p.doc] {
			scores[p.doc] = v
		}
	}
}

// passagesWithAll returns the passages that hold every stem of a phrase.
func (ix *bm25Index) passagesWithAll(stems []string) []int32 {
	var out []int32
	first := ix.postings[stems[0]]
	for _, p := range first {
		ok := true
		for _, s := range stems[1:] {
			if !hasPosting(ix.postings[s], p.doc) {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, p.doc)
		}
	}
	return out
}

// hasPosting searches a posting list, sorted by passage, for a passage.
func hasPosting(ps []posting, doc int32) bool {
	lo, hi := 0, len(ps)
	for lo < hi {
		m := (lo + hi) / 2
		switch {
		case ps[m].doc == doc:
			return true
		case ps[m].doc < doc:
			lo = m + 1
		default:
			hi = m
		}
	}
	return false
}
