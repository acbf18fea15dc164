package retrieval

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/kutip/kutip/internal/testenv"
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

// flatCases are built once and shared by the tests that read them (they are not changed but
// for a moment, by sequential tests, and put back).
var flatCasesBuilt struct {
	sync.Once
	cases []flatCase
	err   error
}

func flatCases(t *testing.T) []flatCase {
	t.Helper()
	src := seedDocs(t)
	flatCasesBuilt.Do(func() {
		ctx := context.Background()
		build := func(name string, docs []Document, emb Embedder) {
			if flatCasesBuilt.err != nil {
				return
			}
			ix, err := NewIndex(ctx, docs, Options{Embedder: emb})
			if err == nil && ix.flat == nil {
				err = errors.New("no flat vectors")
			}
			if err != nil {
				flatCasesBuilt.err = fmt.Errorf("%s: %w", name, err)
				return
			}
			flatCasesBuilt.cases = append(flatCasesBuilt.cases, flatCase{name, ix})
		}
		n := testenv.Size(1000, 6000) // passages
		build("seeds/local", src, nil)
		build("synthetic/local", SyntheticDocuments(src, n/SyntheticParagraphs, 7), nil)
		build("synthetic/dense1536", SyntheticDocuments(src, testenv.Size(400, 1000)/SyntheticParagraphs, 7), denseEmbedder{dim: 1536})
	})
	if flatCasesBuilt.err != nil {
		t.Fatal(flatCasesBuilt.err)
	}
	return flatCasesBuilt.cases
}

func TestFlatVectorsRankAsChromem(t *testing.T) {
	t.Parallel() // independent and CPU-bound: runs beside the other heavy tests
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
				// The exact scan, and the quantised one with rows read back as from a store.
				exact := exactTop(ix.flat, vec, n)
				if !reflect.DeepEqual(exact, want) {
					t.Errorf("%q: exact scan %v, reference %v", text, exact, want)
				}
				fetched := newFetchedVectors(ix.Len(), ix.flat.dim, func(_ context.Context, i int) ([]float32, error) {
					return ix.flat.row(i), nil
				})
				fetched.q = ix.flat.q
				if got, err := fetched.top(ctx, vec, n); err != nil || !reflect.DeepEqual(got, want) {
					t.Errorf("%q: fetched scan %v (%v), reference %v", text, got, err, want)
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
	t.Parallel() // independent and CPU-bound: runs beside the other heavy tests
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

// exactTop is the exact scan's ranking of a flat matrix: scanDense over every row.
func exactTop(f *flatVectors, q []float32, n int) []int {
	if !chromemIsNormalized(q) {
		q = chromemNormalize(q)
	}
	var ids []int
	for _, s := range f.scanDense(context.Background(), q, 0, f.rows, min(n, f.rows)) {
		ids = append(ids, s.i)
	}
	return ids
}

// TestQuantizedSameAsExact wants the quantised scan to return exactly the rows of the exact
// float32 scan, in the same order, on matrices made to be hard for it: few dimensions (loose
// bounds), duplicate and near-duplicate rows (ties), rows of mixed scales and zeros, sparse and
// unnormalised queries, n from 1 to more than the rows; and, with rows read back through fetch
// as from a persistent store, the same.
func TestQuantizedSameAsExact(t *testing.T) {
	t.Parallel() // independent and CPU-bound: runs beside the other heavy tests
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(1, 2))
	type shape struct{ rows, dim int }
	shapes := []shape{{1, 4}, {7, 3}, {300, 8}, {testenv.Size(1000, 5000), 64}, {testenv.Size(300, 6000), 1536}}
	for _, sh := range shapes {
		vecs := make([][]float32, sh.rows)
		for i := range vecs {
			v := make([]float32, sh.dim)
			switch {
			case i > 0 && i%17 == 0: // duplicate: ties
				copy(v, vecs[i-1])
			case i > 0 && i%19 == 0: // near-duplicate: one ulp apart somewhere
				copy(v, vecs[i-1])
				j := rng.IntN(sh.dim)
				v[j] = math.Nextafter32(v[j], 1)
			case i%23 == 0: // a few large components, the rest zero
				for range 3 {
					v[rng.IntN(sh.dim)] = float32(rng.NormFloat64())
				}
			default:
				for j := range v {
					v[j] = float32(rng.NormFloat64() * math.Exp(rng.NormFloat64()))
				}
			}
			if i%29 == 0 {
				v[0] = 0
			}
			if slices.Max(v) == 0 && slices.Min(v) == 0 {
				v[0] = 1
			}
			vecs[i] = Normalize(v)
		}
		flat := newFlatVectors(sh.rows, sh.dim)
		fitted := newDeferredFlatVectors(sh.rows, sh.dim)
		for i, v := range vecs {
			flat.set(i, v)
			fitted.set(i, v)
		}
		fitted.fit()
		var fetches atomic.Int64
		fetched := newFetchedVectors(sh.rows, sh.dim, func(_ context.Context, i int) ([]float32, error) {
			fetches.Add(1)
			return flat.row(i), nil
		})
		for i := range vecs {
			fetched.q.set(i, flat.row(i))
		}
		for k := range 40 {
			q := make([]float32, sh.dim)
			switch {
			case k%5 == 0: // a stored row: ties with its duplicates
				copy(q, vecs[rng.IntN(sh.rows)])
			case k%5 == 1: // sparse
				q[rng.IntN(sh.dim)] = 1
				q[rng.IntN(sh.dim)] = -0.5
			default:
				for j := range q {
					q[j] = float32(rng.NormFloat64())
				}
			}
			if k%3 == 0 {
				for j := range q {
					q[j] *= 3 // not unit length
				}
			}
			for _, n := range []int{1, 6, 24, sh.rows + 5} {
				want := exactTop(flat, q, n)
				qn := q
				if !chromemIsNormalized(qn) {
					qn = chromemNormalize(qn)
				}
				got, err := flat.topQuantized(ctx, qn, min(n, sh.rows))
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("%d×%d query %d n=%d: quantised %v, exact %v", sh.rows, sh.dim, k, n, got, want)
				}
				if got, err = fitted.top(ctx, q, n); err != nil || !reflect.DeepEqual(got, want) {
					t.Fatalf("%d×%d query %d n=%d: centred %v (%v), exact %v", sh.rows, sh.dim, k, n, got, err, want)
				}
				fetches.Store(0)
				got, err = fetched.top(ctx, q, n)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("%d×%d query %d n=%d: fetched %v, exact %v", sh.rows, sh.dim, k, n, got, want)
				}
			}
		}
	}
}

// TestStoreSearchUsesFlat: with a persistent store, searches scan the quantised copy of the
// stored vectors, and find what chromem-go's query finds.
func TestStoreSearchUsesFlat(t *testing.T) {
	t.Parallel() // independent and CPU-bound: runs beside the other heavy tests
	ctx := context.Background()
	docs := SyntheticDocuments(seedDocs(t), 300/SyntheticParagraphs, 3)
	dir := t.TempDir()
	for round := range 2 { // build the store, then open it again
		ix, err := NewIndex(ctx, docs, Options{Embedder: denseEmbedder{dim: 256}, DataDir: dir})
		if err != nil {
			t.Fatal(err)
		}
		if ix.flat == nil || ix.flat.data != nil || ix.flat.q == nil {
			t.Fatalf("round %d: no quantised vectors from the store", round)
		}
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
					t.Errorf("round %d %s %q:\nflat    %s\nchromem %s", round, m, text, hitSummary(got), hitSummary(want))
				}
			}
		}
	}
}

// TestQuantizedPrunes: on dense vectors of 1536 dimensions, as an API embedder makes, the
// quantised scan re-scores few rows.
func TestQuantizedPrunes(t *testing.T) {
	t.Parallel() // independent and CPU-bound: runs beside the other heavy tests
	ctx := context.Background()
	const dim, n = 1536, 24
	rows := testenv.Size(4000, 20000)
	emb := denseEmbedder{dim: dim}
	flat := newFlatVectors(rows, dim)
	for start := 0; start < rows; start += 1000 {
		texts := make([]string, 1000)
		for i := range texts {
			texts[i] = strconv.Itoa(start + i)
		}
		vecs, _ := emb.Embed(ctx, texts)
		for i, v := range vecs {
			flat.set(start+i, v)
		}
	}
	var fetches atomic.Int64
	fetched := newFetchedVectors(rows, dim, func(_ context.Context, i int) ([]float32, error) {
		fetches.Add(1)
		return flat.row(i), nil
	})
	for i := range rows {
		fetched.q.set(i, flat.row(i))
	}
	qs, _ := emb.Embed(ctx, benchQueries)
	total := 0
	for k, q := range qs {
		fetches.Store(0)
		got, err := fetched.top(ctx, q, n)
		if err != nil {
			t.Fatal(err)
		}
		if want := exactTop(flat, q, n); !reflect.DeepEqual(got, want) {
			t.Fatalf("query %d: quantised %v, exact %v", k, got, want)
		}
		total += int(fetches.Load())
	}
	t.Logf("%d×%d, n=%d: %.0f rows re-scored per query", rows, dim, n, float64(total)/float64(len(qs)))
	// The top n are a larger share of fewer rows: at the small size a twentieth may be re-scored.
	if total/len(qs) > rows/testenv.Size(20, 50) {
		t.Errorf("%d rows re-scored per query of %d", total/len(qs), rows)
	}
}

// TestDotsInt8 wants the integer products of the platform's kernel (AVX2 on amd64) equal to
// the plain loop's, extremes included.
func TestDotsInt8(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, stride := range []int{32, 64, 416, 1536, 3072} {
		z := newQuantized(1, stride)
		rows := 1 + rng.IntN(40)
		codes := make([]int8, rows*stride)
		d := make([]int16, stride)
		for round := range 3 {
			for i := range codes {
				switch round {
				case 0:
					codes[i] = int8(rng.IntN(255) - 127)
				case 1:
					codes[i] = 127
				default:
					codes[i] = -127
				}
			}
			for j := range d {
				switch round {
				case 0:
					d[j] = int16(rng.Int64N(2*z.qmax+1) - z.qmax)
				default:
					d[j] = int16(z.qmax)
				}
			}
			got, want := make([]int32, rows), make([]int32, rows)
			dotsInt8(d, codes, stride, got)
			dotsInt8Go(d, codes, stride, want)
			for k := range want {
				var exact int64
				for j := range d {
					exact += int64(d[j]) * int64(codes[k*stride+j])
				}
				if int64(want[k]) != exact {
					t.Fatalf("stride %d row %d: Go %d, exact %d", stride, k, want[k], exact)
				}
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("stride %d round %d: kernel %v, Go %v", stride, round, got, want)
			}
		}
	}
}
