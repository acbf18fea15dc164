package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/kutip/kutip/bot"
)

func init() {
	registerCommand(command{
		name:    "ask",
		args:    "[--json] [--explain] [--lang id|en] [question]",
		summary: "answer questions; with no question, one per line from stdin; --json prints one JSON object per question",
		run:     runAsk,
	})
}

// askJSON is the contract of "kutip ask --json" (docs/architecture.md, Contracts).
type askJSON struct {
	Question  string         `json:"question"`
	Lang      string         `json:"lang"`
	Refused   bool           `json:"refused"`
	Mode      string         `json:"mode"`
	Answer    string         `json:"answer"`
	Citations []bot.Citation `json:"citations"`
	Passages  []passageJSON  `json:"passages"`
	ElapsedMS float64        `json:"elapsed_ms"`
	// Checks lists what Kutip checked or changed in a language model's answer (LLM mode only).
	Checks []string `json:"checks,omitempty"`
	// Note is the short remark shown with the answer, e.g. why the model's answer was replaced.
	Note string `json:"note,omitempty"`
	// Why explains the extractive decision (docs/architecture.md, Contracts): terms and how they matched, answer type,
	// score against threshold, tier.
	Why *bot.Why `json:"why,omitempty"`
}

type passageJSON struct {
	ID    string  `json:"id"`
	Doc   string  `json:"doc"`
	Score float64 `json:"score"`
	Text  string  `json:"text"`
	// Page is the PDF page the passage starts on, left out for documents without pages.
	Page int `json:"page,omitempty"`
	// Section is the heading path of the passage's section, left out when it has none.
	Section string `json:"section,omitempty"`
}

func runAsk(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("ask")
	asJSON := fs.Bool("json", false, "print one JSON object per question")
	lang := fs.String("lang", "", "reply language: id or en (default: the question's)")
	explainFlag := fs.Bool("explain", false, "after each answer, explain the decision (terms matched and how, answer type, score, tier)")
	rest, err := e.parse(fs, args)
	if err != nil {
		return err
	}
	if *lang != "" && *lang != "id" && *lang != "en" {
		return usagef("--lang must be id or en, not %q", *lang)
	}
	a, err := e.newAssistant(ctx)
	if err != nil {
		return err
	}
	ask := func(chat int64, q string) error {
		start := time.Now()
		r := a.Ask(ctx, bot.Request{ChatID: chat, Text: q, Lang: bot.Lang(*lang), LangHint: localeLang(e.getenv)})
		if *asJSON {
			return writeAskJSON(e.stdout, q, r, time.Since(start))
		}
		if _, err := fmt.Fprintln(e.stdout, r.Text()); err != nil {
			return err
		}
		if *explainFlag && r.Why != nil {
			_, err := fmt.Fprintln(e.stdout, "\nWhy:\n"+r.Why.Text())
			return err
		}
		return nil
	}
	if len(rest) > 0 {
		return ask(1, strings.Join(rest, " "))
	}
	// One question per line; each its own chat, so no question leans on the one before.
	sc := bufio.NewScanner(e.stdin)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	var chat int64
	for sc.Scan() {
		q := strings.TrimSpace(sc.Text())
		if q == "" {
			continue
		}
		chat++
		if !*asJSON && chat > 1 {
			fmt.Fprintln(e.stdout)
		}
		if err := ask(chat, q); err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read questions: %w", err)
	}
	if chat == 0 {
		return usagef("no question: give one as an argument or one per line on stdin")
	}
	return nil
}

func writeAskJSON(w io.Writer, q string, r bot.Reply, d time.Duration) error {
	out := askJSON{
		Question:  q,
		Lang:      string(r.Lang),
		Refused:   r.Refused,
		Mode:      r.Mode,
		Answer:    r.Text(),
		Citations: r.Citations,
		Passages:  []passageJSON{},
		ElapsedMS: float64(d.Microseconds()) / 1000,
		Checks:    r.Checks,
		Note:      r.Note,
		Why:       r.Why,
	}
	if out.Citations == nil {
		out.Citations = []bot.Citation{}
	}
	if out.Mode == "" {
		out.Mode = "extractive"
	}
	for _, h := range r.Passages {
		out.Passages = append(out.Passages, passageJSON{ID: h.Passage.ID, Doc: h.Passage.DocID, Score: h.Score, Text: h.Passage.Text, Page: h.Passage.Page, Section: h.Passage.SectionPath()})
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}
