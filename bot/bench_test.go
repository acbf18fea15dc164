package bot

import (
	"context"
	"math"
	"slices"
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
	a := New(ix, Options{})
	lat := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		r := a.Ask(ctx, Request{ChatID: int64(i + 1), Text: benchQuestions[i%len(benchQuestions)]})
		lat = append(lat, time.Since(start))
		if len(r.Blocks) == 0 {
			b.Fatalf("%q: empty reply", benchQuestions[i%len(benchQuestions)])
		}
	}
	b.StopTimer()
	slices.Sort(lat)
	pct := func(p float64) float64 {
		i := max(int(math.Ceil(p*float64(len(lat))))-1, 0)
		return float64(lat[i]) / float64(time.Millisecond)
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.95), "p95-ms")
}
