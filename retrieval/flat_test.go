package retrieval

import (
	"context"
	"reflect"
	"slices"
	"testing"
)

// The flat vector scan must rank exactly as chromem-go does: the same similarities, bit for bit,
// and the same passages (chromem-go orders equal similarities at random; the scan by passage).

// referenceVectorRank ranks every passage by the plain sequential float32 dot product of the
// query and the vector chromem-go stores for it, ties by passage order.
func referenceVectorRank(t *testing.T, ix *Index, vec []float32, n int) ([]int, []float32) {
	t.Helper()
	ctx := context.Background()
	if !chromemIsNormalized(vec) {
		vec = chromemNormalize(vec)
	}
	sims := make([]float32, ix.Len())
	order := make([]int, ix.Len())
	for i := range ix.passages {
		doc, err := ix.coll.GetByID(ctx, ix.passages[i].ID)
		if err != nil {
			t.Fatal(err)
		}
		var s float32
		for j := range vec {
			s += vec[j] * doc.Embedding[j]
		}
		sims[i], order[i] = s, i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case sims[a] > sims[b]:
			return -1
		case sims[a] < sims[b]:
			return 1
		}
		return 0
	})
	order = order[:min(n, len(order))]
	top := make([]float32, len(order))
	for r, i := range order {
		top[r] = sims[i]
	}
	return order, top
}

type flatCase struct {
	name string
	ix   *Index
}

func flatCases(t *testing.T) []flatCase {
	t.Helper()
	ctx := context.Background()
	src := seedDocs(t)
	build := func(docs []Document, emb Embedder) *Index {
		ix, err := NewIndex(ctx, docs, Options{Embedder: emb})
		if err != nil {
			t.Fatal(err)
		}
		if ix.flat == nil {
			t.Fatal("no flat vectors")
		}
		return ix
	}
	n := 6000
	if testing.Short() {
		n = 1000
	}
	return []flatCase{
		{"seeds/local", build(src, nil)},
		{"synthetic/local", build(SyntheticDocuments(src, n/SyntheticParagraphs, 7), nil)},
		{"synthetic/dense1536", build(SyntheticDocuments(src, 1000/SyntheticParagraphs, 7), denseEmbedder{dim: 1536})},
	}
}

func TestFlatVectorsRankAsChromem(t *testing.T) {
	ctx := context.Background()
	for _, c := range flatCases(t) {
		t.Run(c.name, func(t *testing.T) {
			ix := c.ix
			for _, text := range benchQueries {
				q := ix.Query(text, guessLang(text, ix.Lang()))
				vec, err := ix.queryVector(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				n := min(24, ix.Len())
				want, wantSims := referenceVectorRank(t, ix, vec, n)
				got, err := ix.flat.top(ctx, vec, n)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%q: flat scan %v, reference %v", text, got, want)
				}
				// Both scans, whichever the query would take.
				qn := vec
				if !chromemIsNormalized(qn) {
					qn = chromemNormalize(qn)
				}
				var nz []int32
				var nzq []float32
				for i, x := range qn {
					if x != 0 {
						nz, nzq = append(nz, int32(i)), append(nzq, x)
					}
				}
				scans := map[string][]scored{
					"dense":  ix.flat.scanDense(ctx, qn, 0, ix.Len(), n),
					"sparse": ix.flat.scanSparse(ctx, nz, nzq, 0, ix.Len(), n),
				}
				if ix.flat.cols != nil {
					scans["columns"] = ix.flat.scanColumns(ctx, nz, nzq, make([]float32, ix.Len()), 0, ix.Len(), n)
				}
				for name, part := range scans {
					ids := make([]int, len(part))
					for r, s := range part {
						ids[r] = s.i
					}
					if !reflect.DeepEqual(ids, want) {
						t.Errorf("%q: %s scan %v, reference %v", text, name, ids, want)
					}
				}
				// chromem-go's own similarities, bit for bit, and its passages where no two tie.
				res, err := ix.coll.QueryEmbedding(ctx, vec, n, nil, nil)
				if err != nil {
					t.Fatal(err)
				}
				sims := make([]float32, len(res))
				for r := range res {
					sims[r] = res[r].Similarity
				}
				if !reflect.DeepEqual(sims, wantSims) {
					t.Errorf("%q: chromem-go similarities %v, reference %v", text, sims, wantSims)
				}
				for r := range res {
					tied := (r > 0 && sims[r-1] == sims[r]) || (r+1 < len(sims) && sims[r+1] == sims[r])
					if !tied && ix.byID[res[r].ID] != want[r] {
						t.Errorf("%q: rank %d: chromem-go %s, reference %s", text, r+1, res[r].ID, ix.passages[want[r]].ID)
					}
				}
			}
		})
	}
}

// TestSearchSameWithChromemQuery runs whole searches with the flat scan and with chromem-go's
// query and wants the same hits.
func TestSearchSameWithChromemQuery(t *testing.T) {
	ctx := context.Background()
	for _, c := range flatCases(t) {
		t.Run(c.name, func(t *testing.T) {
			ix := c.ix
			for _, m := range []Method{Hybrid, Vectors} {
				for _, text := range benchQueries {
					q := ix.Query(text, guessLang(text, ix.Lang()))
					got, err := ix.SearchQuery(ctx, q, 6, m)
					if err != nil {
						t.Fatal(err)
					}
					flat := ix.flat
					ix.flat = nil
					want, err := ix.SearchQuery(ctx, q, 6, m)
					ix.flat = flat
					if err != nil {
						t.Fatal(err)
					}
					if !reflect.DeepEqual(got, want) {
						t.Errorf("%s %q:\nflat    %s\nchromem %s", m, text, hitSummary(got), hitSummary(want))
					}
				}
			}
		})
	}
}

func hitSummary(hits []Hit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, h.Passage.ID)
	}
	return out
}
