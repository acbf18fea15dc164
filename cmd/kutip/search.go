package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

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
	ix, err := e.buildIndexOrLocal(ctx, func(o *retrieval.Options) { o.NoTranslate = *noTranslate })
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
			BM25    *int     `json:"bm25_rank"`   // null when BM25 did not rank the passage
			Vector  *int     `json:"vector_rank"` // null when the vectors did not rank it
			Matched []string `json:"matched"`
			Text    string   `json:"text"`
		}
		out := struct {
			Query string    `json:"query"`
			Lang  string    `json:"lang"`
			Hits  []hitJSON `json:"hits"`
		}{Query: query, Lang: string(lang), Hits: []hitJSON{}}
		for i, h := range hits {
			if h.Matched == nil {
				h.Matched = []string{}
			}
			out.Hits = append(out.Hits, hitJSON{i + 1, h.Passage.ID, h.Passage.DocID, h.Passage.Title, h.Score, rankOrNull(h.Lexical), rankOrNull(h.Vector), h.Matched, h.Passage.Text})
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
		fmt.Fprintf(e.stdout, "%s\n%s\n", hitLine(i+1, h), indentWrap(h.Passage.Text, "   ", searchWidth))
	}
	return nil
}

// rankOrNull is a ranking's 1-based rank, or nil (JSON null) for 0, not ranked.
func rankOrNull(r int) *int {
	if r <= 0 {
		return nil
	}
	return &r
}

// searchWidth is the width passages are wrapped to under their hit line.
const searchWidth = 100

// hitLine is a hit's first line: rank, passage, score, the rankings that found it (a ranking
// that did not rank it is left out) and the query terms it holds, when it holds any.
func hitLine(rank int, h retrieval.Hit) string {
	var ranks []string
	if h.Lexical > 0 {
		ranks = append(ranks, fmt.Sprintf("bm25 #%d", h.Lexical))
	}
	if h.Vector > 0 {
		ranks = append(ranks, fmt.Sprintf("vector #%d", h.Vector))
	}
	line := fmt.Sprintf("%d. %s  score %.4f", rank, h.Passage.ID, h.Score)
	if len(ranks) > 0 {
		line += "  (" + strings.Join(ranks, ", ") + ")"
	}
	if len(h.Matched) > 0 {
		line += "  matched: " + strings.Join(h.Matched, ", ")
	}
	return line
}

// indentWrap wraps text at width columns (counted in characters), every line indented, and ends
// with a blank line. A word longer than the width gets a line of its own.
func indentWrap(text, indent string, width int) string {
	var b strings.Builder
	for _, para := range strings.Split(text, "\n") {
		col := 0
		for _, w := range strings.Fields(para) {
			n := utf8.RuneCountInString(w)
			switch {
			case col == 0:
				b.WriteString(indent)
				col = utf8.RuneCountInString(indent)
			case col+1+n > width:
				b.WriteString("\n" + indent)
				col = utf8.RuneCountInString(indent)
			default:
				b.WriteByte(' ')
				col++
			}
			b.WriteString(w)
			col += n
		}
		if col > 0 {
			b.WriteByte('\n')
		}
	}
	return b.String()
}
