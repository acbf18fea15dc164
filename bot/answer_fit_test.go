package bot

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kutip/kutip/retrieval"
)

// fitSample is one labelled question's evidence: label 1 when answering is right (the question
// is answerable and the answer window holds its facts), 0 when it must be refused.
type fitSample struct {
	id         string
	set        string // the QA file it comes from
	f          [nFeatures]float64
	label      float64
	answerable bool
	inWindow   bool // the window holds the facts
}

// fitLogistic fits logistic weights by gradient descent with L2 regularisation (bias unpenalised).
// A refusable question (label 0) counts negCost times: answering one wrongly costs more than
// refusing an answerable one.
func fitLogistic(samples []fitSample, lambda, negCost float64, iters int) ([nFeatures]float64, float64) {
	var w [nFeatures]float64
	var b float64
	var n float64
	for _, s := range samples {
		n += 1 + (negCost-1)*(1-s.label)
	}
	for it := 0; it < iters; it++ {
		var gw [nFeatures]float64
		var gb float64
		for _, s := range samples {
			p := logistic(s.f, w, b)
			e := (p - s.label) * (1 + (negCost-1)*(1-s.label))
			for j := range gw {
				gw[j] += e * s.f[j]
			}
			gb += e
		}
		lr := 1.0
		for j := range w {
			// Every feature is evidence for answering: weights stay non-negative, which keeps
			// the model readable where features overlap (names are part of coverage).
			w[j] = max(0, w[j]-lr*(gw[j]/n+lambda*w[j]))
		}
		b -= lr * gb / n
	}
	return w, b
}

// fitCounts are the outcomes of a decision rule on a set of samples.
type fitCounts struct {
	answerable, answered, factsAnswered, unanswerable, refused int
}

func (c *fitCounts) add(s fitSample, answer bool) {
	if s.answerable {
		c.answerable++
		if answer {
			c.answered++
			if s.inWindow {
				c.factsAnswered++
			}
		}
		return
	}
	c.unanswerable++
	if !answer {
		c.refused++
	}
}

func (c fitCounts) String() string {
	pct := func(a, b int) string { return fmt.Sprintf("%d/%d (%.0f%%)", a, b, 100*float64(a)/float64(max(b, 1))) }
	return fmt.Sprintf("facts in answer %s, answerable refused %s, unanswerable refused %s",
		pct(c.factsAnswered, c.answerable), pct(c.answerable-c.answered, c.answerable), pct(c.refused, c.unanswerable))
}

// fitSamples computes the evidence features of every question of the QA files, as Ask would for
// a first question in a chat.
func fitSamples(t *testing.T, ix *retrieval.Index, files []string) []fitSample {
	var out []fitSample
	for _, path := range files {
		for _, it := range readQAFile(t, path) {
			det := detectLang(it.Question, LangID)
			q := &Question{Text: it.Question, Lang: det.Lang, TextLang: det.Lang, Index: ix}
			q.Query = ix.Query(it.Question, det.Lang)
			hits, err := ix.SearchQuery(t.Context(), q.Query, 6, retrieval.Hybrid)
			if err != nil && err != retrieval.ErrEmptyQuery {
				t.Fatal(err)
			}
			q.Hits = hits
			s := fitSample{id: filepath.Base(path) + ":" + it.ID, set: path, answerable: it.Answerable}
			if len(hits) > 0 && len(q.Query.Terms) > 0 {
				ev := gatherEvidence(q)
				s.f = ev.features()
				var window strings.Builder
				for _, c := range ev.selected {
					window.WriteString(c.sent.Text + "\n")
				}
				s.inWindow = len(ev.selected) > 0
				for _, fact := range it.Facts {
					s.inWindow = s.inWindow && strings.Contains(window.String(), fact)
				}
			}
			if it.Answerable && s.inWindow {
				s.label = 1
			}
			out = append(out, s)
		}
	}
	return out
}

// TestFitDecision fits the decision's logistic weights on the labelled QA sets and reports their
// held-out figures by k-fold cross-validation (folds by question), beside the figures of the
// weights in use. Run: KUTIP_FIT=1 go test ./bot/ -run TestFitDecision -v. KUTIP_FIT_QA adds QA
// files (colon-separated) over the seeds.
func TestFitDecision(t *testing.T) {
	if os.Getenv("KUTIP_FIT") == "" {
		t.Skip("set KUTIP_FIT=1 to fit the decision weights")
	}
	files, _ := filepath.Glob("../testdata/qa-*.jsonl")
	if extra := os.Getenv("KUTIP_FIT_QA"); extra != "" {
		files = append(files, strings.Split(extra, ":")...)
	}
	samples := fitSamples(t, seedIndex(t), files)
	// KUTIP_FIT_CORPORA adds QA files over other document folders: "DIR=QA.jsonl,DIR2=QA2.jsonl".
	if spec := os.Getenv("KUTIP_FIT_CORPORA"); spec != "" {
		for _, pair := range strings.Split(spec, ",") {
			dir, qa, ok := strings.Cut(pair, "=")
			if !ok {
				t.Fatalf("KUTIP_FIT_CORPORA: %q is not DIR=QA.jsonl", pair)
			}
			docs, err := retrieval.LoadDir(dir, nil)
			if err != nil {
				t.Fatal(err)
			}
			ix, err := retrieval.NewIndex(t.Context(), docs, retrieval.Options{})
			if err != nil {
				t.Fatal(err)
			}
			samples = append(samples, fitSamples(t, ix, []string{qa})...)
			files = append(files, qa)
		}
	}
	// KUTIP_FIT_EVAL=DIR adds every reported natural-question set of testdata/eval (dev, blind,
	// final and dev2; never final2): the seeds' over the seed texts, the others over DIR/<corpus>.
	if dir := os.Getenv("KUTIP_FIT_EVAL"); dir != "" {
		evalFiles := evalSetFiles(t)
		indexes := map[string]*retrieval.Index{"seeds": seedIndex(t)}
		for _, qa := range evalFiles {
			corpus := filepath.Base(filepath.Dir(qa))
			ix := indexes[corpus]
			if ix == nil {
				docs, err := retrieval.LoadDir(filepath.Join(dir, corpus), nil)
				if err != nil {
					t.Logf("%s: %v (skipped)", qa, err)
					continue
				}
				if ix, err = retrieval.NewIndex(t.Context(), docs, retrieval.Options{}); err != nil {
					t.Fatal(err)
				}
				indexes[corpus] = ix
			}
			samples = append(samples, fitSamples(t, ix, []string{qa})...)
			files = append(files, qa)
		}
	}
	// Answerable questions whose window misses the facts teach nothing about the decision: answering
	// them is wrong, refusing them too. They are scored, not trained on.
	var train []fitSample
	for _, s := range samples {
		if !s.answerable || s.inWindow {
			train = append(train, s)
		}
	}
	const k, iters = 5, 4000
	var inUse fitCounts
	for _, s := range samples {
		inUse.add(s, answersWith(s.f, decisionWeights, decisionBias))
	}
	crossValidate := func(lambda, negCost float64) fitCounts {
		var held fitCounts
		for fold := 0; fold < k; fold++ {
			var tr []fitSample
			for i, s := range train {
				if i%k != fold {
					tr = append(tr, s)
				}
			}
			w, b := fitLogistic(tr, lambda, negCost, iters)
			for i, s := range samples {
				if i%k == fold {
					held.add(s, answersWith(s.f, w, b))
				}
			}
		}
		return held
	}
	lambda, negCost := envFloat("KUTIP_FIT_LAMBDA", 0.0003), envFloat("KUTIP_FIT_NEGCOST", 2)
	// Grouped cross-validation: each set held out whole, the weights fitted on all the others.
	// Sets are written by different people, so this is the honest figure for a stranger's set.
	groupCV := func(lambda, negCost float64, report bool) fitCounts {
		var held fitCounts
		for _, g := range files {
			var tr []fitSample
			for _, s := range train {
				if s.set != g {
					tr = append(tr, s)
				}
			}
			w, b := fitLogistic(tr, lambda, negCost, iters)
			var set fitCounts
			for _, s := range samples {
				if s.set == g {
					set.add(s, answersWith(s.f, w, b))
					held.add(s, answersWith(s.f, w, b))
				}
			}
			if report {
				t.Logf("held out %-45s %s", filepath.Base(g)+":", set)
			}
		}
		return held
	}
	if os.Getenv("KUTIP_FIT_GRID") != "" {
		for _, l := range []float64{0.0003, 0.001, 0.003, 0.01, 0.03} {
			for _, c := range []float64{1, 1.5, 2, 3} {
				t.Logf("lambda %.4f, negative cost %.1f, grouped held out: %s", l, c, groupCV(l, c, false))
			}
		}
	}
	grouped := groupCV(lambda, negCost, true)
	heldOut := crossValidate(lambda, negCost)
	w, b := fitLogistic(train, lambda, negCost, iters)
	var all fitCounts
	for _, s := range samples {
		all.add(s, answersWith(s.f, w, b))
		if os.Getenv("KUTIP_FIT_VERBOSE") != "" {
			var fs []string
			for i, x := range s.f {
				fs = append(fs, fmt.Sprintf("%s=%.2f", featureNames[i], x))
			}
			t.Logf("%-22s answerable=%-5v window=%-5v score %.2f  %s", s.id, s.answerable, s.inWindow, logistic(s.f, w, b), strings.Join(fs, " "))
		}
	}
	t.Logf("%d questions from %s", len(samples), strings.Join(files, ", "))
	t.Logf("weights in use (all data):  %s", inUse)
	t.Logf("fitted (lambda %g, negative cost %g), held out (%d-fold): %s", lambda, negCost, k, heldOut)
	t.Logf("fitted, held out by set (grouped, %d sets): %s", len(files), grouped)
	t.Logf("fitted, training (all):     %s", all)
	var ws []string
	for i, x := range w {
		ws = append(ws, fmt.Sprintf("%s %.2f", featureNames[i], x))
	}
	t.Logf("fitted weights: %s; bias %.2f", strings.Join(ws, ", "), b)
	var lit []string
	for _, x := range w {
		lit = append(lit, fmt.Sprintf("%.2f", x))
	}
	t.Logf("decisionWeights = [nFeatures]float64{%s}\n\tdecisionBias    = %.2f", strings.Join(lit, ", "), b)
	if math.IsNaN(b) {
		t.Fatal("fit diverged")
	}
}

func envFloat(name string, def float64) float64 {
	var v float64
	if _, err := fmt.Sscan(os.Getenv(name), &v); err == nil {
		return v
	}
	return def
}

// answersWith is the decision's answer tier under weights w and bias b.
func answersWith(f [nFeatures]float64, w [nFeatures]float64, b float64) bool {
	return constraintsMet(f) && logistic(f, w, b) >= answerThreshold
}

// evalSetFiles lists the natural-question sets of testdata/eval that may be tuned on: every
// corpus's dev, blind, final and dev2 sets. The final2 sets are for the final report only.
func evalSetFiles(t *testing.T) []string {
	var out []string
	for _, kind := range []string{"dev", "blind", "final", "dev2"} {
		m, err := filepath.Glob("../testdata/eval/*/qa-" + kind + "-*.jsonl")
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, m...)
	}
	return out
}
