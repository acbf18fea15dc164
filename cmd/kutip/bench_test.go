package main

import (
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// BenchmarkAskCold runs "kutip ask --json" as a whole process on the embedded seeds, from
// process start to the printed answer: the binary is built once, then each operation starts it
// anew, so every run loads, cleans, chunks and indexes the seeds before answering. It reports
// each run's wall time as p50-ms and p95-ms, and the process's peak resident memory as peak-MB.
func BenchmarkAskCold(b *testing.B) {
	if _, ok := commands["ask"]; !ok {
		b.Skip("no ask command yet")
	}
	bin := filepath.Join(b.TempDir(), "kutip")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	questions := []string{"Kapan Kerangka Kerja Sepakat ditandatangani?", "When was the Agreed Framework signed?"}
	// A clean environment: no keys, no data folder, the embedded seeds.
	env := []string{"HOME=" + b.TempDir(), "PATH=" + os.Getenv("PATH")}
	lat := make([]time.Duration, 0, b.N)
	var peak float64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		cmd := exec.Command(bin, "ask", "--json", questions[i%len(questions)])
		cmd.Env = env
		start := time.Now()
		out, err := cmd.Output()
		lat = append(lat, time.Since(start))
		if err != nil || !strings.Contains(string(out), `"passages"`) {
			b.Fatalf("kutip ask: %v\n%s", err, out)
		}
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			peak = max(peak, float64(ru.Maxrss)/1024) // kilobytes on Linux
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
	if peak > 0 {
		b.ReportMetric(peak, "peak-MB")
	}
}
