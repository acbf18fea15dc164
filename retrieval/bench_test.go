package retrieval

import (
	"bufio"
	"context"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/kutip/kutip/seeds"
)

// Benchmarks from the seeds to 100,000 passages; docs/performance.md has the figures and the
// commands. Search benchmarks report each query's latency as p50-ms and p95-ms. The 100,000
// passage cases take tens of seconds to set up: they run only when KUTIP_BENCH_LARGE is set,
// and never with -short.

// benchQueries are questions about the seeds, in both languages, as users ask them.
var benchQueries = []string{
	"Kapan Kerangka Kerja Sepakat ditandatangani?",
	"Siapa saja peserta Pembicaraan Enam Pihak?",
	"Apa isi perjanjian antara Korea Utara dan Amerika Serikat tahun 1994?",
	"Bagaimana kerja sama Rusia dan Korea Utara?",
	"Mengapa Korea Utara keluar dari NPT?",
	"Berapa reaktor air ringan yang dijanjikan?",
	"usulan perdamaian di Semenanjung Korea",
	"peran China sebagai mediator",
	"When was the Agreed Framework signed?",
	"Who took part in the Six-Party Talks?",
	"What did North Korea promise to freeze?",
	"How does Russia cooperate with North Korea?",
	"Why did North Korea leave the NPT?",
	"proposals for peace on the Korean peninsula",
	"IAEA inspectors nuclear reactor Yongbyon",
	"Kim Jong-Un Putin summit",
}

// benchSizes are the corpus sizes, in passages.
var benchSizes = []int{1000, 10000, 100000, 1000000}

const (
	benchLargeEnv = "KUTIP_BENCH_LARGE" // 100,000 passages: tens of seconds, about 1 GB
	benchHugeEnv  = "KUTIP_BENCH_HUGE"  // 1,000,000 passages: minutes and several GB
)

func skipLarge(b *testing.B, passages int) {
	b.Helper()
	if passages < 100000 {
		return
	}
	if testing.Short() {
		b.Skip("100,000 passages and more: skipped with -short")
	}
	if passages >= 1000000 {
		if os.Getenv(benchHugeEnv) == "" {
			b.Skip("1,000,000 passages: set " + benchHugeEnv + "=1 to run")
		}
		return
	}
	if os.Getenv(benchLargeEnv) == "" {
		b.Skip("100,000 passages: set " + benchLargeEnv + "=1 to run")
	}
}

// skipHugeDense skips dense API-sized vectors at a million passages: 6 GB of vectors alone,
// and not what the targets at that size are about (the local embedder's).
func skipHugeDense(b *testing.B, passages int, emb Embedder) {
	b.Helper()
	if passages >= 1000000 && emb != nil {
		b.Skip("1,000,000 passages: local embedder only")
	}
}

// denseEmbedder stands in for an API embedder: deterministic dense unit vectors of dim
// dimensions, drawn from a generator seeded by the text's hash, at no cost worth measuring.
type denseEmbedder struct{ dim int }

func (e denseEmbedder) Name() string { return fmt.Sprintf("dense-fake-%d", e.dim) }

func (e denseEmbedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	out := make([][]float32, len(texts))
	for i, t := range texts {
		h := fnv.New64a()
		h.Write([]byte(t))
		rng := rand.New(rand.NewPCG(h.Sum64(), 1536))
		v := make([]float32, e.dim)
		for j := range v {
			v[j] = float32(rng.NormFloat64())
		}
		out[i] = Normalize(v)
	}
	return out, ctx.Err()
}

// benchEmbedders names the embedders the benchmarks use: nil is the default local one.
var benchEmbedders = []struct {
	name string
	emb  Embedder
}{
	{"local", nil},
	{"dense1536", denseEmbedder{dim: 1536}},
}

var benchCache = struct {
	sync.Mutex
	docs map[int][]Document
	ix   map[string]*Index
}{docs: map[int][]Document{}, ix: map[string]*Index{}}

// benchDocs returns the synthetic corpus of a number of passages, made once per size.
func benchDocs(tb testing.TB, passages int) []Document {
	benchCache.Lock()
	defer benchCache.Unlock()
	if d, ok := benchCache.docs[passages]; ok {
		return d
	}
	d := SyntheticDocuments(seedDocs(tb), passages/SyntheticParagraphs, 1)
	benchCache.docs[passages] = d
	return d
}

// benchIndex returns the index of a synthetic corpus, built once per size and embedder and
// shared by the sub-benchmarks; the larger ones are dropped before the next is built to bound memory.
func benchIndex(b *testing.B, passages int, embName string, emb Embedder) *Index {
	docs := benchDocs(b, passages)
	key := fmt.Sprintf("%d/%s", passages, embName)
	benchCache.Lock()
	defer benchCache.Unlock()
	if ix, ok := benchCache.ix[key]; ok {
		return ix
	}
	clear(benchCache.ix)
	runtime.GC()
	ix, err := NewIndex(context.Background(), docs, Options{Embedder: emb})
	if err != nil {
		b.Fatal(err)
	}
	if ix.Len() != passages {
		b.Fatalf("synthetic corpus indexed into %d passages, want %d", ix.Len(), passages)
	}
	benchCache.ix[key] = ix
	return ix
}

// latencies records each operation's duration and reports percentiles.
type latencies []time.Duration

func (l latencies) report(b *testing.B) {
	if len(l) == 0 {
		return
	}
	s := slices.Clone(l)
	slices.Sort(s)
	pct := func(p float64) float64 {
		i := int(math.Ceil(p*float64(len(s)))) - 1
		return float64(s[max(i, 0)]) / float64(time.Millisecond)
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.95), "p95-ms")
}

// BenchmarkIndexSeeds indexes the seeds from their files: load, clean, chunk, BM25 and vectors.
func BenchmarkIndexSeeds(b *testing.B) {
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		docs, err := Load(seeds.FS, nil)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := NewIndex(ctx, docs, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSearchSeeds is one hybrid search over the seeds, query analysis and translation included.
func BenchmarkSearchSeeds(b *testing.B) {
	ctx := context.Background()
	docs, err := Load(seeds.FS, nil)
	if err != nil {
		b.Fatal(err)
	}
	ix, err := NewIndex(ctx, docs, Options{})
	if err != nil {
		b.Fatal(err)
	}
	benchSearch(b, ix, Hybrid)
}

func benchSearch(b *testing.B, ix *Index, method Method) {
	ctx := context.Background()
	lat := make(latencies, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		text := benchQueries[i%len(benchQueries)]
		start := time.Now()
		hits, err := ix.SearchQuery(ctx, ix.Query(text, guessLang(text, ix.Lang())), 6, method)
		lat = append(lat, time.Since(start))
		if err != nil || (len(hits) == 0 && method != Lexical) {
			b.Fatalf("%q: %d hits, %v", text, len(hits), err)
		}
	}
	b.StopTimer()
	lat.report(b)
	reportCPU(b, cpu0)
}

// cpuTime is the process's user and system CPU time so far: on a machine shared with other
// work, CPU per operation says what wall-clock percentiles cannot.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU reports the CPU time per operation since start, garbage collection included.
func reportCPU(b *testing.B, start time.Duration) {
	if b.N > 0 {
		b.ReportMetric(float64(cpuTime()-start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
	}
}

// BenchmarkBuild indexes synthetic corpora: chunking, analysis, BM25 and vectors.
func BenchmarkBuild(b *testing.B) {
	ctx := context.Background()
	for _, n := range benchSizes {
		for _, e := range benchEmbedders {
			b.Run(fmt.Sprintf("passages=%d/emb=%s", n, e.name), func(b *testing.B) {
				skipLarge(b, n)
				skipHugeDense(b, n, e.emb)
				docs := benchDocs(b, n)
				benchCache.Lock()
				clear(benchCache.ix)
				benchCache.Unlock()
				runtime.GC()
				b.ReportAllocs()
				b.ResetTimer()
				cpu0 := cpuTime()
				for i := 0; i < b.N; i++ {
					ix, err := NewIndex(ctx, docs, Options{Embedder: e.emb})
					if err != nil {
						b.Fatal(err)
					}
					runtime.KeepAlive(ix)
				}
				b.ReportMetric(float64(b.Elapsed().Seconds())/float64(b.N), "s/build")
				reportCPU(b, cpu0)
			})
		}
	}
}

// BenchmarkSearch searches synthetic corpora with each method; query analysis included.
func BenchmarkSearch(b *testing.B) {
	for _, n := range benchSizes {
		for _, e := range benchEmbedders {
			for _, m := range []Method{Lexical, Vectors, Hybrid} {
				if m == Lexical && e.emb != nil {
					continue // BM25 does not depend on the embedder
				}
				b.Run(fmt.Sprintf("passages=%d/emb=%s/method=%s", n, e.name, m), func(b *testing.B) {
					skipLarge(b, n)
					skipHugeDense(b, n, e.emb)
					benchSearch(b, benchIndex(b, n, e.name, e.emb), m)
				})
			}
		}
	}
}

// BenchmarkMemory reports what an index keeps on the heap, per passage and in all, and the peak
// resident memory (VmHWM) of a fresh process that builds the index and searches it.
func BenchmarkMemory(b *testing.B) {
	for _, n := range benchSizes {
		for _, e := range benchEmbedders {
			b.Run(fmt.Sprintf("passages=%d/emb=%s", n, e.name), func(b *testing.B) {
				skipLarge(b, n)
				skipHugeDense(b, n, e.emb)
				for i := 0; i < b.N; i++ {
					heap, peak, err := childMemory(fmt.Sprintf("%d/%s", n, e.name))
					if err != nil {
						b.Fatal(err)
					}
					b.ReportMetric(float64(heap)/float64(n), "heap-B/passage")
					b.ReportMetric(float64(heap)/(1<<20), "heap-MB")
					b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
					if t, ok := peakTargets[n]; ok && e.emb == nil && peak > t {
						b.Errorf("peak memory %d MiB, over the target of %d MiB", peak>>20, t>>20)
					}
				}
			})
		}
	}
}

// peakTargets are the peak memory targets (VmHWM) of BenchmarkMemory with the local embedder,
// by number of passages; the benchmark fails above them.
var peakTargets = map[int]uint64{100000: 1 << 30, 1000000: 6 << 30}

// docsBenchEnv names a folder of documents for BenchmarkMemoryDocs.
const docsBenchEnv = "KUTIP_BENCH_DOCS"

// docsPeakTarget is the peak memory target of reading and indexing 100 MB of PDFs.
const docsPeakTarget = 1 << 30

// BenchmarkMemoryDocs reads and indexes the documents of the folder KUTIP_BENCH_DOCS (local
// embedder) in a fresh process, as kutip index does, and reports the passages, the heap the index
// keeps and the peak resident memory; above 1 GiB it fails (the target for 100 MB of PDFs,
// docs/formats.md). Skipped without the variable.
func BenchmarkMemoryDocs(b *testing.B) {
	dir := os.Getenv(docsBenchEnv)
	if dir == "" {
		b.Skip("set " + docsBenchEnv + " to a folder of documents")
	}
	for i := 0; i < b.N; i++ {
		heap, peak, err := childMemory("docs:" + dir)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(heap)/(1<<20), "heap-MB")
		b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
		if peak > docsPeakTarget {
			b.Errorf("peak memory %d MiB, over the target of %d MiB", peak>>20, docsPeakTarget>>20)
		}
	}
}

const memoryChildEnv = "KUTIP_BENCH_MEMORY_CHILD"

// childMemory runs TestMemoryChild in a new process of this test binary, for a spec of
// "passages/embedder" (a synthetic corpus) or "docs:folder".
func childMemory(spec string) (heap, peak uint64, err error) {
	cmd := exec.Command(os.Args[0], "-test.run=^TestMemoryChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), memoryChildEnv+"="+spec)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return 0, 0, fmt.Errorf("memory child: %v\n%s", err, out)
	}
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for sc.Scan() {
		if f := strings.Fields(sc.Text()); len(f) == 3 && f[0] == "MEMORY" {
			heap, _ = strconv.ParseUint(f[1], 10, 64)
			peak, _ = strconv.ParseUint(f[2], 10, 64)
			return heap, peak, nil
		}
	}
	return 0, 0, fmt.Errorf("memory child printed no figures:\n%s", out)
}

// TestMemoryChild is BenchmarkMemory's child process; it does nothing in a normal test run. It
// prints the heap the index holds and the process's peak resident memory, both in bytes.
func TestMemoryChild(t *testing.T) {
	spec := os.Getenv(memoryChildEnv)
	if spec == "" {
		t.Skip("run by BenchmarkMemory")
	}
	var before, after runtime.MemStats
	var emb Embedder
	var docs []Document
	if dir, ok := strings.CutPrefix(spec, "docs:"); ok {
		runtime.GC()
		runtime.ReadMemStats(&before)
		var err error
		if docs, err = LoadDir(dir, nil); err != nil {
			t.Fatal(err)
		}
	} else {
		sizeText, embName, _ := strings.Cut(spec, "/")
		passages, err := strconv.Atoi(sizeText)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range benchEmbedders {
			if e.name == embName {
				emb = e.emb
			}
		}
		docs = SyntheticDocuments(seedDocs(t), passages/SyntheticParagraphs, 1)
		runtime.GC()
		runtime.ReadMemStats(&before)
	}
	ix, err := NewIndex(context.Background(), docs, Options{Embedder: emb})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range benchQueries {
		if _, err := ix.Search(context.Background(), q, 6); err != nil {
			t.Fatal(err)
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(ix)
	fmt.Printf("MEMORY %d %d\n", after.HeapAlloc-before.HeapAlloc, vmHWM(t))
}

// vmHWM reads the process's peak resident set size from /proc/self/status.
func vmHWM(t *testing.T) uint64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Skip("no /proc/self/status:", err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// BenchmarkFlatDense compares the exact scan of 20,000 dense 1536-dimension rows with the
// quantised scan and its re-scoring, which return the same rows (TestQuantizedSameAsExact).
func BenchmarkFlatDense(b *testing.B) {
	ctx := context.Background()
	const rows, dim, n = 20000, 1536, 24
	emb := denseEmbedder{dim: dim}
	flat := newFlatVectors(rows, dim)
	texts := make([]string, rows)
	for i := range texts {
		texts[i] = strconv.Itoa(i)
	}
	vecs, _ := emb.Embed(ctx, texts)
	for i, v := range vecs {
		flat.set(i, v)
	}
	qs, _ := emb.Embed(ctx, benchQueries)
	for _, scan := range []string{"exact", "quantized"} {
		b.Run("scan="+scan, func(b *testing.B) {
			q := flat.q
			if scan == "exact" {
				flat.q = nil
			}
			defer func() { flat.q = q }()
			b.ReportAllocs()
			cpu0 := cpuTime()
			for i := 0; b.Loop(); i++ {
				if _, err := flat.top(ctx, qs[i%len(qs)], n); err != nil {
					b.Fatal(err)
				}
			}
			reportCPU(b, cpu0)
		})
	}
}
