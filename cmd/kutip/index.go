package main

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/kutip/kutip/retrieval"
)

func init() {
	registerCommand(command{
		name:    "index",
		args:    "[--json]",
		summary: "load and index the documents (API embeddings go to the persistent store under KUTIP_DATA) and report what it took",
		run:     runIndex,
	})
}

func runIndex(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("index")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	rest, err := e.parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("index takes no arguments")
	}
	start := time.Now()
	var stats *retrieval.StoreStats
	ix, err := e.buildIndexWith(ctx, func(o *retrieval.Options) {
		if log := o.OnStore; log != nil {
			o.OnStore = func(st retrieval.StoreStats) { stats = &st; log(st) }
		}
		var progress func(int)
		o.Progress = func(done, n int) {
			if progress == nil {
				progress = newProgress(e, "embedding passages", n)
			}
			progress(done)
		}
	})
	if err != nil {
		return err
	}
	report := struct {
		Documents int                   `json:"documents"`
		Passages  int                   `json:"passages"`
		Embedder  string                `json:"embedder"`
		Store     *retrieval.StoreStats `json:"store,omitempty"`
		ElapsedMS float64               `json:"elapsed_ms"`
	}{len(ix.Documents()), ix.Len(), ix.EmbedderName(), stats, float64(time.Since(start).Microseconds()) / 1000}
	if *asJSON {
		return json.NewEncoder(e.stdout).Encode(report)
	}
	fmt.Fprintf(e.stdout, "%d documents, %d passages, embedder %s, %.1f ms\n", report.Documents, report.Passages, report.Embedder, report.ElapsedMS)
	if stats != nil {
		fmt.Fprintf(e.stdout, "vector store %s: %d reused, %d embedded, %d deleted", e.cfg.Data, stats.Reused, stats.Embedded, stats.Deleted)
		if stats.Rebuilt {
			fmt.Fprintf(e.stdout, ", rebuilt (%s)", stats.Reason)
		}
		fmt.Fprintln(e.stdout)
	}
	return nil
}
