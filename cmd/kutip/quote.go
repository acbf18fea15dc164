package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/bot/console"
)

func init() {
	registerCommand(command{
		name:    "quote",
		args:    "[--json] words…",
		summary: "show verbatim passages that match some words, matches marked",
		run:     runQuote,
	})
	registerCommand(command{
		name:    "sources",
		args:    "[--json] [id | file name]",
		summary: "list the documents, or show one document's passages",
		run:     runSources,
	})
}

func runQuote(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("quote")
	asJSON := fs.Bool("json", false, "print the passages as JSON")
	rest, err := e.parse(fs, args)
	if err != nil {
		return err
	}
	words := strings.TrimSpace(strings.Join(rest, " "))
	if words == "" {
		return usagef("quote needs the words to look for")
	}
	a, err := e.newAssistant(ctx)
	if err != nil {
		return err
	}
	r := a.Quote(ctx, bot.Request{ChatID: 1}, words)
	if *asJSON {
		out := struct {
			Query     string         `json:"query"`
			Citations []bot.Citation `json:"passages"`
		}{words, r.Citations}
		if out.Citations == nil {
			out.Citations = []bot.Citation{}
		}
		return json.NewEncoder(e.stdout).Encode(out)
	}
	_, err = fmt.Fprintln(e.stdout, console.Render(r, false))
	return err
}

func runSources(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("sources")
	asJSON := fs.Bool("json", false, "print the documents as JSON")
	rest, err := e.parse(fs, args)
	if err != nil {
		return err
	}
	a, err := e.newAssistant(ctx)
	if err != nil {
		return err
	}
	ix := a.Index()
	if *asJSON {
		type docJSON struct {
			ID       string `json:"id"`
			File     string `json:"file"`
			Title    string `json:"title"`
			Source   string `json:"source,omitempty"`
			URL      string `json:"url,omitempty"`
			Date     string `json:"date,omitempty"`
			Passages int    `json:"passages"`
		}
		var out []docJSON
		for i, d := range ix.Documents() {
			out = append(out, docJSON{ID: fmt.Sprint(i + 1), File: d.ID, Title: d.Title, Source: d.Source, URL: d.URL, Date: d.Date, Passages: len(ix.DocumentPassages(d.ID))})
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	var r bot.Reply
	if len(rest) == 0 {
		r = a.Sources(bot.Lang(e.cfg.Lang))
	} else {
		r = a.Handle(ctx, bot.Request{ChatID: 1, Text: "/source " + strings.Join(rest, " ")})
	}
	_, err = fmt.Fprintln(e.stdout, console.Render(r, false))
	return err
}
