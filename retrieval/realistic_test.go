package retrieval

import (
	"context"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"reflect"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kutip/kutip/internal/testenv"
)

// realisticEmbedder stands in for a real embedding model. Embedding models do not spread their
// vectors evenly over the sphere: they share a mean direction (the average cosine between the
// vectors of unrelated texts is 0.5 to 0.8 for several popular models — Ethayarajh 2019, "How
// Contextual are Contextualized Word Representations?", measures the anisotropy of contextual
// models; Mu & Viswanath 2018, "All-but-the-Top", the dominant mean and top principal
// directions of word vectors), a few "rogue" dimensions carry far more magnitude and variance
// than the rest (Timkey & van Schijndel 2021, "All Bark and No Bite: Rogue Dimensions in
// Transformer Language Models Obscure Representational Quality"), and texts on one topic
// cluster. Each vector here is, before normalising,
//
//	realMean·μ + realCluster·c_k + realNoise·z + rogue dimensions
//
// with μ one fixed random unit direction, c_k the unit centre of the text's topic (one of
// realClusters, chosen by the text's hash), z the text's own random unit direction, and
// realRogue dimensions with an offset of realRogueMean and a spread of realRogueSpread, in units
// of a typical dimension's magnitude (1/√dim). The mean cosine between unrelated texts comes out
// at about 0.65 (TestRealisticEmbedderIsAnisotropic measures it).
type realisticEmbedder struct{ dim int }

const (
	realMean, realCluster, realNoise = 0.62, 0.40, 0.50
	realClusters                     = 64
	realRogue                        = 3
	realRogueMean, realRogueSpread   = 12.0, 4.0
)

var realBasis = struct {
	sync.Mutex
	m map[int][][]float64 // by dimension: μ, then the cluster centres
}{m: map[int][][]float64{}}

func realisticBasis(dim int) [][]float64 {
	realBasis.Lock()
	defer realBasis.Unlock()
	if b, ok := realBasis.m[dim]; ok {
		return b
	}
	rng := rand.New(rand.NewPCG(uint64(dim), 65))
	b := make([][]float64, 1+realClusters)
	for k := range b {
		b[k] = randomUnit(rng, dim)
	}
	realBasis.m[dim] = b
	return b
}

func randomUnit(rng *rand.Rand, dim int) []float64 {
	v := make([]float64, dim)
	var n float64
	for j := range v {
		v[j] = rng.NormFloat64()
		n += v[j] * v[j]
	}
	n = math.Sqrt(n)
	for j := range v {
		v[j] /= n
	}
	return v
}

func (e realisticEmbedder) Name() string { return fmt.Sprintf("realistic-fake-%d", e.dim) }

func (e realisticEmbedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	basis := realisticBasis(e.dim)
	out := make([][]float32, len(texts))
	unit := 1 / math.Sqrt(float64(e.dim))
	for i, t := range texts {
		h := fnv.New64a()
		h.Write([]byte(t))
		seed := h.Sum64()
		rng := rand.New(rand.NewPCG(seed, 7))
		c := basis[1+int(seed%realClusters)]
		z := randomUnit(rng, e.dim)
		v := make([]float32, e.dim)
		for j := range v {
			x := realMean*basis[0][j] + realCluster*c[j] + realNoise*z[j]
			if j < realRogue {
				x += (realRogueMean + realRogueSpread*rng.NormFloat64()) * unit
			}
			v[j] = float32(x)
		}
		out[i] = Normalize(v)
	}
	return out, ctx.Err()
}

// TestRealisticEmbedderIsAnisotropic checks the generator against what it stands for: the mean
// cosine of unrelated texts between 0.5 and 0.8, texts of one topic closer than that, and rogue
// dimensions far larger than the rest.
func TestRealisticEmbedderIsAnisotropic(t *testing.T) {
	n, dim := testenv.Size(150, 400), 1536
	texts := make([]string, n)
	for i := range texts {
		texts[i] = fmt.Sprintf("text %d", i)
	}
	vecs, _ := realisticEmbedder{dim: dim}.Embed(context.Background(), texts)
	var all, same float64
	var nAll, nSame int
	for i := range vecs {
		for j := i + 1; j < len(vecs); j++ {
			c := float64(dot32(vecs[i], vecs[j]))
			all += c
			nAll++
			if realisticCluster(texts[i]) == realisticCluster(texts[j]) {
				same += c
				nSame++
			}
		}
	}
	mean, meanSame := all/float64(nAll), same/float64(max(nSame, 1))
	t.Logf("mean cosine %.3f over %d pairs; %.3f within a topic (%d pairs)", mean, nAll, meanSame, nSame)
	if mean < 0.5 || mean > 0.8 {
		t.Errorf("mean cosine of unrelated texts %.3f, want 0.5–0.8", mean)
	}
	if nSame > 0 && meanSame <= mean+0.05 {
		t.Errorf("texts of one topic %.3f, not closer than all %.3f", meanSame, mean)
	}
	var rogue, rest float64
	for _, v := range vecs {
		for j, x := range v {
			if j < realRogue {
				rogue += math.Abs(float64(x))
			} else {
				rest += math.Abs(float64(x))
			}
		}
	}
	ratio := (rogue / realRogue) / (rest / float64(dim-realRogue))
	t.Logf("rogue dimensions %.1f× the others' magnitude", ratio)
	if ratio < 5 {
		t.Errorf("rogue dimensions only %.1f× the others", ratio)
	}
}

func realisticCluster(text string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(text))
	return h.Sum64() % realClusters
}

// BenchmarkSearchRealistic is vector search (query analysis and embedding included) over
// synthetic corpora embedded by realisticEmbedder, reporting p50-ms and p95-ms per query. Run the
// 100,000-passage case with KUTIP_BENCH_LARGE=1; BenchmarkSearchRealisticChromem is the same
// query through chromem-go's own QueryEmbedding, in the same run.
func BenchmarkSearchRealistic(b *testing.B) {
	for _, n := range benchSizes {
		for _, dim := range []int{768, 1536} {
			b.Run(fmt.Sprintf("passages=%d/dims=%d", n, dim), func(b *testing.B) {
				skipLarge(b, n)
				skipHugeDense(b, n, realisticEmbedder{})
				benchSearch(b, realisticIndex(b, n, dim), Vectors)
			})
		}
	}
}

// BenchmarkSearchRealisticChromem is BenchmarkSearchRealistic's queries, embedded the same way,
// through a raw chromem-go query of the same collection: the baseline the flat scan replaces.
func BenchmarkSearchRealisticChromem(b *testing.B) {
	ctx := context.Background()
	for _, n := range benchSizes {
		for _, dim := range []int{768, 1536} {
			b.Run(fmt.Sprintf("passages=%d/dims=%d", n, dim), func(b *testing.B) {
				skipLarge(b, n)
				skipHugeDense(b, n, realisticEmbedder{})
				ix := realisticIndex(b, n, dim)
				qs, _ := ix.embedder.Embed(ctx, benchQueries)
				lat := make(latencies, 0, b.N)
				b.ResetTimer()
				cpu0 := cpuTime()
				for i := 0; i < b.N; i++ {
					start := time.Now()
					if _, err := ix.coll.QueryEmbedding(ctx, qs[i%len(qs)], 6, nil, nil); err != nil {
						b.Fatal(err)
					}
					lat = append(lat, time.Since(start))
				}
				b.StopTimer()
				lat.report(b)
				reportCPU(b, cpu0)
			})
		}
	}
}

func realisticIndex(b *testing.B, passages, dim int) *Index {
	name := fmt.Sprintf("realistic%d", dim)
	return benchIndex(b, passages, name, realisticEmbedder{dim: dim})
}

// TestQuantizedSameAsExactRealistic: on anisotropic vectors, the centred, scaled pre-scan with
// its side dimensions returns exactly the exact scan's rows, and re-scores few of them; for
// unit rows of a few dimensions that dominate, ties and rows read back through fetch too.
func TestQuantizedSameAsExactRealistic(t *testing.T) {
	t.Parallel() // independent and CPU-bound: runs beside the other heavy tests
	ctx := context.Background()
	rows, dim := testenv.Size(4000, 20000), testenv.Size(384, 1536)
	emb := realisticEmbedder{dim: dim}
	texts := make([]string, rows)
	for i := range texts {
		texts[i] = strconv.Itoa(i)
	}
	vecs, _ := emb.Embed(ctx, texts)
	for i := 17; i < rows; i += 17 {
		vecs[i] = vecs[i-1] // ties
	}
	plain := newFlatVectors(rows, dim)
	fitted := newDeferredFlatVectors(rows, dim)
	for i, v := range vecs {
		plain.set(i, v)
		fitted.set(i, v)
	}
	fitted.fit()
	if len(fitted.q.sideDims) == 0 {
		t.Fatal("no side dimensions found on vectors with rogue dimensions")
	}
	rescored := func(f *flatVectors, q []float32, n int) ([]int, int) {
		var count atomic.Int64
		fetched := newFetchedVectors(rows, dim, func(_ context.Context, i int) ([]float32, error) {
			count.Add(1)
			return f.row(i), nil
		})
		fetched.q = f.q
		got, err := fetched.top(ctx, q, n)
		if err != nil {
			t.Fatal(err)
		}
		return got, int(count.Load())
	}
	qs, _ := emb.Embed(ctx, benchQueries)
	qs = append(qs, vecs[16], vecs[100]) // stored rows: ties with their duplicates
	var before, after int
	for k, q := range qs {
		for _, n := range []int{1, 24} {
			want := exactTop(plain, q, n)
			got, c := rescored(fitted, q, n)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("query %d n=%d: centred %v, exact %v", k, n, got, want)
			}
			_, c0 := rescored(plain, q, n)
			if n == 24 {
				after += c
				before += c0
			}
		}
	}
	t.Logf("%d×%d: rows re-scored per query %d uncentred, %d centred with %d side dimensions",
		rows, dim, before/len(qs), after/len(qs), len(fitted.q.sideDims))
	if after/len(qs) > rows/50 {
		t.Errorf("%d rows re-scored per query of %d", after/len(qs), rows)
	}
}
