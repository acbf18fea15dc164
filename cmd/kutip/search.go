package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/retrieval"
)

func init() {
	registerCommand(command{
		name:    "search",
		args:    "[--json] [--k N] [--method hybrid|bm25|vector] [--no-translate] query",
		summary: "show the passages retrieval finds for a query, ranked",
		run:     runSearch,
	})
}

func runSearch(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("search")
	asJSON := fs.Bool("json", false, "print the hits as JSON")
	k := fs.Int("k", 5, "how many passages")
	method := fs.String("method", "hybrid", "hybrid, bm25 or vector")
	noTranslate := fs.Bool("no-translate", false, "do not translate the query")
	rest, err := e.parse(fs, args)
	if err != nil {
		return err
	}
	query := strings.TrimSpace(strings.Join(rest, " "))
	if query == "" {
		return usagef("search needs a query")
	}
	if *k < 1 || *k > 100 {
		return usagef("--k must be between 1 and 100")
	}
	m := retrieval.Method(*method)
	if m != retrieval.Hybrid && m != retrieval.Lexical && m != retrieval.Vectors {
		return usagef("--method must be hybrid, bm25 or vector, not %q", *method)
	}
	ix, err := e.buildIndexWith(ctx, func(o *retrieval.Options) { o.NoTranslate = *noTranslate })
	if err != nil {
		return err
	}
	lang := bot.DetectLang(query, ix.Lang())
	q := ix.Query(query, lang)
	hits, err := ix.SearchQuery(ctx, q, *k, m)
	if err != nil && err != retrieval.ErrEmptyQuery {
		return err
	}
	if *asJSON {
		type hitJSON struct {
			Rank    int      `json:"rank"`
			ID      string   `json:"id"`
			Doc     string   `json:"doc"`
			Title   string   `json:"title"`
			Score   float64  `json:"score"`
			BM25    int      `json:"bm25_rank"`
			Vector  int      `json:"vector_rank"`
			Matched []string `json:"matched"`
			Text    string   `json:"text"`
		}
		out := struct {
			Query string    `json:"query"`
			Lang  string    `json:"lang"`
			Hits  []hitJSON `json:"hits"`
		}{Query: query, Lang: string(lang), Hits: []hitJSON{}}
		for i, h := range hits {
			out.Hits = append(out.Hits, hitJSON{i + 1, h.Passage.ID, h.Passage.DocID, h.Passage.Title, h.Score, h.Lexical, h.Vector, h.Matched, h.Passage.Text})
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		return enc.Encode(out)
	}
	if len(hits) == 0 {
		_, err := fmt.Fprintln(e.stdout, "no passage matches")
		return err
	}
	for i, h := range hits {
		fmt.Fprintf(e.stdout, "%d. %s  score %.4f  (bm25 #%d, vector #%d)  matched: %s\n   %s\n\n", i+1, h.Passage.ID, h.Score, h.Lexical, h.Vector, strings.Join(h.Matched, ", "), h.Passage.Text)
	}
	return nil
}
