package bot

import (
	"context"
	"math"
	"os"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/kutip/kutip/retrieval"
	"github.com/kutip/kutip/seeds"
)

// benchQuestions are questions about the seeds in both languages, answerable or not.
var benchQuestions = []string{
	"Kapan Kerangka Kerja Sepakat ditandatangani?",
	"Siapa saja peserta Pembicaraan Enam Pihak?",
	"Bagaimana kerja sama Rusia dan Korea Utara?",
	"Mengapa Korea Utara keluar dari NPT?",
	"When was the Agreed Framework signed?",
	"Who took part in the Six-Party Talks?",
	"How does Russia cooperate with North Korea?",
	"When was Kim Jong-Un born?",
}

// BenchmarkAsk answers one offline question on the seeds, as a chat's first question: each
// operation uses a new chat, so no answer leans on the one before. It reports each question's
// latency as p50-ms and p95-ms.
func BenchmarkAsk(b *testing.B) {
	ctx := context.Background()
	docs, err := retrieval.Load(seeds.FS, nil)
	if err != nil {
		b.Fatal(err)
	}
	ix, err := retrieval.NewIndex(ctx, docs, retrieval.Options{})
	if err != nil {
		b.Fatal(err)
	}
	benchAsk(b, New(ix, Options{}))
}

// BenchmarkAskLarge is BenchmarkAsk over 100,000 synthetic passages made from the seeds
// (retrieval.SyntheticDocuments, 10 passages a document); it runs only with
// KUTIP_BENCH_LARGE=1, and never with -short.
func BenchmarkAskLarge(b *testing.B) {
	if testing.Short() || os.Getenv("KUTIP_BENCH_LARGE") == "" {
		b.Skip("100,000 passages: set KUTIP_BENCH_LARGE=1 to run")
	}
	ctx := context.Background()
	src, err := retrieval.Load(seeds.FS, nil)
	if err != nil {
		b.Fatal(err)
	}
	docs := retrieval.SyntheticDocuments(src, 100000/retrieval.SyntheticParagraphs, 1)
	ix, err := retrieval.NewIndex(ctx, docs, retrieval.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%d passages", ix.Len())
	benchAsk(b, New(ix, Options{}))
}

func benchAsk(b *testing.B, a *Assistant) {
	ctx := context.Background()
	lat := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		r := a.Ask(ctx, Request{ChatID: int64(i + 1), Text: benchQuestions[i%len(benchQuestions)]})
		lat = append(lat, time.Since(start))
		if len(r.Blocks) == 0 {
			b.Fatalf("%q: empty reply", benchQuestions[i%len(benchQuestions)])
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
	slices.Sort(lat)
	pct := func(p float64) float64 {
		i := max(int(math.Ceil(p*float64(len(lat))))-1, 0)
		return float64(lat[i]) / float64(time.Millisecond)
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.95), "p95-ms")
}

// cpuTime is the process's user and system CPU time so far: on a machine shared with other
// work, CPU per question says what wall-clock percentiles cannot.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
