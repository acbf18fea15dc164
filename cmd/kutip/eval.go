package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/retrieval"
)

func init() {
	registerCommand(command{
		name:    "eval",
		args:    "--qa FILE [--json] [--method hybrid|bm25|vector] [--no-translate] [--compare] [--verbose]",
		summary: "score retrieval and answers on a QA file (id, lang, question, answerable, docs, facts)",
		run:     runEval,
	})
}

// qaItem is one line of a QA file such as bot/testdata/qa-dev.jsonl.
type qaItem struct {
	ID         string   `json:"id"`
	Lang       string   `json:"lang"`
	Question   string   `json:"question"`
	Answerable bool     `json:"answerable"`
	Docs       []string `json:"docs"`
	Facts      []string `json:"facts"`
}

// ratio is a count of successes out of a total.
type ratio struct {
	N     int `json:"n"`
	Total int `json:"total"`
}

func (r *ratio) add(ok bool) {
	r.Total++
	if ok {
		r.N++
	}
}

func (r ratio) String() string {
	if r.Total == 0 {
		return "—"
	}
	return fmt.Sprintf("%d/%d (%.0f%%)", r.N, r.Total, 100*float64(r.N)/float64(r.Total))
}

// evalScores are the figures for one group of questions (all, id, en).
type evalScores struct {
	Top1        ratio `json:"gold_doc_top1"`
	Top3        ratio `json:"gold_doc_top3"`
	FactsTop1   ratio `json:"facts_in_top1"`
	FactsTop3   ratio `json:"facts_in_top3"`
	Cited       ratio `json:"gold_doc_cited"`
	FactsAnswer ratio `json:"facts_in_answer"`
	Refused     ratio `json:"unanswerable_refused"`
	Answered    ratio `json:"answerable_answered"` // answerable questions not refused
	LangRight   ratio `json:"reply_lang_right"`
}

// evalReport is "kutip eval --json".
type evalReport struct {
	File      string                `json:"file"`
	Method    string                `json:"method"`
	Translate bool                  `json:"translate"`
	Questions int                   `json:"questions"`
	Scores    map[string]evalScores `json:"scores"` // "all", "id", "en"
	P50MS     float64               `json:"latency_p50_ms"`
	P95MS     float64               `json:"latency_p95_ms"`
	Failures  []string              `json:"failures,omitempty"`
}

func runEval(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("eval")
	qaPath := fs.String("qa", "", "QA file, one JSON object per line")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	method := fs.String("method", "hybrid", "retrieval method: hybrid, bm25 or vector")
	noTranslate := fs.Bool("no-translate", false, "do not translate queries between Indonesian and English")
	compare := fs.Bool("compare", false, "print the retrieval table for plain BM25, BM25, vectors, hybrid, hybrid with translation, and the default with each part of query analysis off")
	verbose := fs.Bool("verbose", false, "list every question that misses a mark")
	rest, err := e.parse(fs, args)
	if err != nil {
		return err
	}
	if *qaPath == "" && len(rest) == 1 {
		*qaPath = rest[0]
	}
	if *qaPath == "" {
		return usagef("eval needs --qa FILE")
	}
	items, err := readQA(*qaPath)
	if err != nil {
		return err
	}
	docs, err := e.loadDocuments(ctx)
	if err != nil {
		return err
	}
	matchGoldByStem(items, docs)
	if *compare {
		return evalCompare(ctx, e, docs, items, *qaPath, *asJSON)
	}
	m := retrieval.Method(*method)
	if m != retrieval.Hybrid && m != retrieval.Lexical && m != retrieval.Vectors {
		return usagef("--method must be hybrid, bm25 or vector, not %q", *method)
	}
	rep, err := evaluate(ctx, e, docs, items, m, !*noTranslate, nil)
	if err != nil {
		return err
	}
	rep.File = *qaPath
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	printEval(e.stdout, rep, *verbose)
	return nil
}

func readQA(path string) ([]qaItem, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open QA file: %w", err)
	}
	defer f.Close()
	var items []qaItem
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var it qaItem
		if err := json.Unmarshal(sc.Bytes(), &it); err != nil {
			return nil, usagef("%s:%d: not a QA object: %v", path, line, err)
		}
		if it.Question == "" {
			return nil, usagef("%s:%d: no question", path, line)
		}
		items = append(items, it)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read QA file: %w", err)
	}
	if len(items) == 0 {
		return nil, usagef("%s: no questions", path)
	}
	return items, nil
}

// evaluate asks every question through the assistant and scores retrieval and answers; adjust,
// when set, changes the index options (to switch a part of query analysis off).
func evaluate(ctx context.Context, e *env, docs []retrieval.Document, items []qaItem, m retrieval.Method, translate bool, adjust func(*retrieval.Options)) (evalReport, error) {
	opts, err := e.indexOptions()
	if err != nil {
		return evalReport{}, err
	}
	opts.NoTranslate = !translate
	if adjust != nil {
		adjust(&opts)
	}
	ix, err := retrieval.NewIndex(ctx, slices.Clone(docs), opts)
	if err != nil {
		return evalReport{}, err
	}
	gen, err := e.generator()
	if err != nil {
		return evalReport{}, err
	}
	a := bot.New(ix, bot.Options{DefaultLang: bot.Lang(e.cfg.Lang), TopK: e.cfg.TopK, Method: m, Logger: e.logger, Generator: gen})
	rep := evalReport{Method: string(m), Translate: translate, Questions: len(items), Scores: map[string]evalScores{}}
	var lat []float64
	for i, it := range items {
		start := time.Now()
		r := a.Ask(ctx, bot.Request{ChatID: int64(i + 1), Text: it.Question})
		lat = append(lat, float64(time.Since(start).Microseconds())/1000)
		if err := ctx.Err(); err != nil {
			return rep, err
		}
		for _, group := range []string{"all", it.Lang} {
			s := rep.Scores[group]
			fails := scoreOne(&s, it, r)
			rep.Scores[group] = s
			if group == "all" {
				for _, f := range fails {
					rep.Failures = append(rep.Failures, it.ID+": "+f)
				}
			}
		}
	}
	slices.Sort(lat)
	rep.P50MS, rep.P95MS = percentile(lat, 0.50), percentile(lat, 0.95)
	return rep, nil
}

// scoreOne adds one question's outcome to s and returns the marks it missed.
func scoreOne(s *evalScores, it qaItem, r bot.Reply) (fails []string) {
	check := func(r *ratio, ok bool, what string) {
		r.add(ok)
		if !ok {
			fails = append(fails, what)
		}
	}
	check(&s.LangRight, string(r.Lang) == it.Lang, "reply language "+string(r.Lang))
	if !it.Answerable {
		check(&s.Refused, r.Refused, "answered an unanswerable question")
		return fails
	}
	top := func(n int) []retrieval.Hit { return r.Passages[:min(n, len(r.Passages))] }
	check(&s.Top1, hitsHaveDoc(top(1), it.Docs), "gold document not top-1")
	check(&s.Top3, hitsHaveDoc(top(3), it.Docs), "gold document not in top-3")
	var top1, top3 strings.Builder
	for _, h := range top(1) {
		top1.WriteString(h.Passage.Text)
	}
	check(&s.FactsTop1, containsAll(top1.String(), it.Facts), "facts not in the top passage")
	for _, h := range top(3) {
		top3.WriteString(h.Passage.Text + "\n")
	}
	check(&s.FactsTop3, containsAll(top3.String(), it.Facts), "facts not in top-3 passages")
	check(&s.Answered, !r.Refused, "refused an answerable question")
	cited := false
	for _, c := range r.Citations {
		if slices.Contains(it.Docs, c.Doc) {
			cited = true
		}
	}
	check(&s.Cited, cited && !r.Refused, "gold document not cited")
	check(&s.FactsAnswer, !r.Refused && containsAll(r.Text(), it.Facts), "facts not in the answer")
	return fails
}

func hitsHaveDoc(hits []retrieval.Hit, docs []string) bool {
	for _, h := range hits {
		if slices.Contains(docs, h.Passage.DocID) {
			return true
		}
	}
	return false
}

func containsAll(text string, facts []string) bool {
	for _, f := range facts {
		if !strings.Contains(text, f) {
			return false
		}
	}
	return true
}

func percentile(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := int(p*float64(len(sorted)-1) + 0.5)
	return sorted[i]
}

func printEval(w io.Writer, rep evalReport, verbose bool) {
	fmt.Fprintf(w, "QA file %s: %d questions; retrieval %s, translation %v\n\n", rep.File, rep.Questions, rep.Method, rep.Translate)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "\tall\tid\ten")
	row := func(name string, get func(evalScores) ratio) {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", name, get(rep.Scores["all"]), get(rep.Scores["id"]), get(rep.Scores["en"]))
	}
	fmt.Fprintln(tw, "Retrieval (answerable)\t\t\t")
	row("  gold document top-1", func(s evalScores) ratio { return s.Top1 })
	row("  gold document top-3", func(s evalScores) ratio { return s.Top3 })
	row("  all facts in the top passage", func(s evalScores) ratio { return s.FactsTop1 })
	row("  all facts in top-3 passages", func(s evalScores) ratio { return s.FactsTop3 })
	fmt.Fprintln(tw, "Answers\t\t\t")
	row("  gold document cited", func(s evalScores) ratio { return s.Cited })
	row("  all facts in the answer", func(s evalScores) ratio { return s.FactsAnswer })
	row("  answerable, not refused", func(s evalScores) ratio { return s.Answered })
	row("  unanswerable, refused", func(s evalScores) ratio { return s.Refused })
	row("  reply language right", func(s evalScores) ratio { return s.LangRight })
	tw.Flush()
	fmt.Fprintf(w, "\nLatency per question: p50 %.2f ms, p95 %.2f ms\n", rep.P50MS, rep.P95MS)
	if verbose && len(rep.Failures) > 0 {
		fmt.Fprintln(w, "\nMissed:")
		for _, f := range rep.Failures {
			fmt.Fprintln(w, "  "+f)
		}
	}
}

// evalCompare prints retrieval figures for each method, with and without translation, against a
// plain BM25 baseline (words as written, no stemming), and for the full analysis with each of
// its parts switched off in turn.
func evalCompare(ctx context.Context, e *env, docs []retrieval.Document, items []qaItem, path string, asJSON bool) error {
	configs := []struct {
		name      string
		m         retrieval.Method
		translate bool
		adjust    func(*retrieval.Options)
		noMorph   bool
	}{
		{"plain BM25 (no stemming)", retrieval.Lexical, false, func(o *retrieval.Options) { o.PlainTerms = true }, false},
		{"BM25 alone", retrieval.Lexical, false, nil, false},
		{"vectors alone", retrieval.Vectors, false, nil, false},
		{"hybrid", retrieval.Hybrid, false, nil, false},
		{"hybrid + translation (default)", retrieval.Hybrid, true, nil, false},
		{"  without chat spellings", retrieval.Hybrid, true, func(o *retrieval.Options) { o.NoColloquial = true }, false},
		{"  without typo correction", retrieval.Hybrid, true, func(o *retrieval.Options) { o.NoTypos = true }, false},
		{"  without synonyms", retrieval.Hybrid, true, func(o *retrieval.Options) { o.NoSynonyms = true }, false},
		{"  without dictionary stems", retrieval.Hybrid, true, nil, true},
		{"  without loanwords and glosses", retrieval.Hybrid, true, func(o *retrieval.Options) { o.NoLoanwords = true }, false},
		{"  without proximity", retrieval.Hybrid, true, func(o *retrieval.Options) { o.NoProximity = true }, false},
	}
	var reps []evalReport
	for _, c := range configs {
		retrieval.SetMorphology(!c.noMorph)
		rep, err := evaluate(ctx, e, docs, items, c.m, c.translate, c.adjust)
		retrieval.SetMorphology(true)
		if err != nil {
			return err
		}
		rep.File = path
		reps = append(reps, rep)
	}
	if asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(reps)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "| method | top-1 id | top-1 en | top-3 id | top-3 en | facts in top-3 id | facts in top-3 en | p50 ms |")
	fmt.Fprintln(tw, "|---|---|---|---|---|---|---|---|")
	for i, rep := range reps {
		id, en := rep.Scores["id"], rep.Scores["en"]
		fmt.Fprintf(tw, "| %s | %s | %s | %s | %s | %s | %s | %.2f |\n", configs[i].name, id.Top1, en.Top1, id.Top3, en.Top3, id.FactsTop3, en.FactsTop3, rep.P50MS)
	}
	return tw.Flush()
}

// matchGoldByStem lets a QA file written for one format score a corpus converted to another: a
// gold document the corpus lacks ("a.txt") stands for the one document of the same path but
// another extension ("a.pdf"), when there is exactly one.
func matchGoldByStem(items []qaItem, docs []retrieval.Document) {
	ids := make(map[string]bool, len(docs))
	byStem := make(map[string][]string)
	for _, d := range docs {
		ids[d.ID] = true
		stem := strings.TrimSuffix(d.ID, path.Ext(d.ID))
		byStem[stem] = append(byStem[stem], d.ID)
	}
	for i := range items {
		for j, g := range items[i].Docs {
			if ids[g] {
				continue
			}
			if c := byStem[strings.TrimSuffix(g, path.Ext(g))]; len(c) == 1 {
				items[i].Docs[j] = c[0]
			}
		}
	}
}
