package retrieval

import (
	"context"
	"math"
	"reflect"
	"testing"

	"github.com/kutip/kutip/internal/testenv"
)

// The BM25 scorer must give exactly the scores of this straightforward implementation (the
// first one Kutip had): dense arrays, every term over every passage.

func refScore(ix *bm25Index, terms []QueryTerm, scores []float64) {
	if len(terms) == 0 || len(ix.docLen) == 0 {
		return
	}
	if len(terms) == 1 && len(terms[0].Alts) == 1 && len(terms[0].Alts[0]) == 1 {
		refAddTermScores(ix, scores, terms[0].Alts[0][0], terms[0].Weight(0))
		return
	}
	termScores := make([]float64, len(scores))
	altScores := make([]float64, len(scores))
	for _, t := range terms {
		clear(termScores)
		for ai, alt := range t.Alts {
			if len(alt) == 1 {
				refMaxInto(ix, termScores, alt[0], t.Weight(ai))
				continue
			}
			clear(altScores)
			for _, s := range alt {
				refAddTermScores(ix, altScores, s, t.Weight(ai)/float64(len(alt)))
			}
			for _, d := range refPassagesWithAll(ix, alt) {
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

func refNorm(ix *bm25Index, doc int32) float64 {
	return bm25K1 * (1 - bm25B + bm25B*float64(ix.docLen[doc])/ix.avgLen)
}

func refAddTermScores(ix *bm25Index, scores []float64, stem string, weight float64) {
	idf := ix.idf(stem) * weight
	for _, p := range ix.list(stem) {
		tf := float64(p.tf)
		scores[p.doc] += idf * tf * (bm25K1 + 1) / (tf + refNorm(ix, p.doc))
	}
}

func refMaxInto(ix *bm25Index, scores []float64, stem string, weight float64) {
	idf := ix.idf(stem) * weight
	for _, p := range ix.list(stem) {
		tf := float64(p.tf)
		if v := idf * tf * (bm25K1 + 1) / (tf + refNorm(ix, p.doc)); v > scores[p.doc] {
			scores[p.doc] = v
		}
	}
}

func refPassagesWithAll(ix *bm25Index, stems []string) []int32 {
	var out []int32
	for _, p := range ix.list(stems[0]) {
		ok := true
		for _, s := range stems[1:] {
			found := false
			for _, q := range ix.list(s) {
				if q.doc == p.doc {
					found = true
					break
				}
			}
			if !found {
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

// refTopIndices is topIndices by sorting everything.
func refTopIndices(scores []float64, n int) []int {
	var idx []int
	for i, s := range scores {
		if s > 0 {
			idx = append(idx, i)
		}
	}
	for i := 1; i < len(idx); i++ { // insertion sort: stable, best first
		for j := i; j > 0 && scores[idx[j]] > scores[idx[j-1]]; j-- {
			idx[j], idx[j-1] = idx[j-1], idx[j]
		}
	}
	if len(idx) > n {
		idx = idx[:n]
	}
	if idx == nil {
		idx = []int{}
	}
	return idx
}

func TestBM25ScoresAsReference(t *testing.T) {
	t.Parallel() // independent and CPU-bound: runs beside the other heavy tests
	ctx := context.Background()
	src := seedDocs(t)
	queries := append([]string{
		"Korea Utara", "North Korea nuclear weapons", "peace treaty security guarantee",
		"Six-Party Talks Beijing 2003", "Amerika Serikat Korea Selatan latihan militer",
		"reaktor nuklir Yongbyon", "zzzz", "500.000",
	}, benchQueries...)
	for _, c := range []struct {
		name string
		docs []Document
	}{
		{"seeds", src},
		{"synthetic", SyntheticDocuments(src, testenv.Size(60, 300), 3)},
	} {
		ix, err := NewIndex(ctx, c.docs, Options{})
		if err != nil {
			t.Fatal(err)
		}
		phrases := 0
		for _, text := range queries {
			for _, lang := range []Lang{LangID, LangEN} {
				q := ix.Query(text, lang)
				for _, term := range q.Terms {
					for _, alt := range term.Alts {
						if len(alt) > 1 {
							phrases++
							if got, want := ix.bm25.passagesWithAll(alt), refPassagesWithAll(ix.bm25, alt); !reflect.DeepEqual(got, want) {
								t.Errorf("%s %q: passagesWithAll(%v) = %v, want %v", c.name, text, alt, got, want)
							}
							if got, want := ix.bm25.anyWithAll(alt), len(refPassagesWithAll(ix.bm25, alt)) > 0; got != want {
								t.Errorf("%s %q: anyWithAll(%v) = %v, want %v", c.name, text, alt, got, want)
							}
						}
					}
				}
				want := make([]float64, ix.Len())
				refScore(ix.bm25, q.Terms, want)
				for round := 0; round < 2; round++ { // the second time with reused buffers
					got := ix.bm25.scoreBuffer()
					ix.bm25.score(q.Terms, got)
					for i := range got {
						if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
							t.Fatalf("%s %q (%s): passage %d scores %v, want %v", c.name, text, lang, i, got[i], want[i])
						}
					}
					if g, w := topIndices(got, 24), refTopIndices(want, 24); !reflect.DeepEqual(g, w) {
						t.Errorf("%s %q: topIndices %v, want %v", c.name, text, g, w)
					}
					ix.bm25.release(got)
				}
			}
		}
		if phrases == 0 {
			t.Errorf("%s: no phrase alternative tested", c.name)
		}
	}
}
