package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

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
	asJSON := fs.Bool("json", false, "print the passages as JSON, matches as character spans")
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
	r := a.Quote(ctx, bot.Request{ChatID: 1, LangHint: localeLang(e.getenv)}, words)
	if *asJSON {
		out := struct {
			Query    string      `json:"query"`
			Passages []quoteJSON `json:"passages"`
		}{words, []quoteJSON{}}
		for _, c := range r.Citations {
			out.Passages = append(out.Passages, newQuoteJSON(c))
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		return enc.Encode(out)
	}
	_, err = fmt.Fprintln(e.stdout, console.Render(r, e.color()))
	return err
}

// quoteJSON is one passage of "kutip quote --json": the citation and where its words matched.
type quoteJSON struct {
	bot.Citation
	Marks []markJSON `json:"marks"`
}

// markJSON is a match in a quote: [start, end) in characters (Unicode code points) of the
// quote, and the text there.
type markJSON struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

func newQuoteJSON(c bot.Citation) quoteJSON {
	q := quoteJSON{Citation: c, Marks: []markJSON{}}
	for _, m := range c.Marks {
		start := utf8.RuneCountInString(c.Quote[:m.Start])
		text := c.Quote[m.Start:m.End]
		q.Marks = append(q.Marks, markJSON{Start: start, End: start + utf8.RuneCountInString(text), Text: text})
	}
	return q
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
	req := bot.Request{ChatID: 1, LangHint: localeLang(e.getenv)}
	if len(rest) == 0 {
		req.Text = "/sources"
		r := a.Handle(ctx, req)
		// The footer names the chat command; here it is the command line's.
		if n := len(r.Blocks); n > 0 {
			r.Blocks[n-1] = bot.Block{{Text: cliSourcesFoot.in(r.Lang), Style: bot.Italic}}
		}
		_, err = fmt.Fprintln(e.stdout, console.Render(r, e.color()))
		return err
	}
	ref := strings.Join(rest, " ")
	page := 1
	if len(rest) > 1 {
		if p, err := strconv.Atoi(rest[len(rest)-1]); err == nil {
			ref, page = strings.Join(rest[:len(rest)-1], " "), p
		}
	}
	if page < 1 {
		return usagef("the page must be 1 or more, not %d", page)
	}
	if _, ok := a.FindSource(ref); !ok {
		return &notFoundError{what: ref}
	}
	r := a.SourcePage(ctx, req, ref, page)
	if _, err := fmt.Fprintln(e.stdout, console.Render(r, e.color())); err != nil {
		return err
	}
	if s := r.Source; s != nil && s.Page < s.Pages {
		_, err = fmt.Fprintf(e.stdout, "\n%s\n", cliNextPage.f(r.Lang, s.Short, s.Page+1))
	}
	return err
}

// notFoundError is a document the command line names that does not exist: exit status 1.
type notFoundError struct{ what string }

func (n *notFoundError) Error() string {
	return fmt.Sprintf("no document %q (or more than one matches it); \"kutip sources\" lists them", n.what)
}

// Texts of the command line in both languages, where the chat's name a chat command.
var (
	cliSourcesFoot = cliMsg{"Lihat satu dokumen dengan: kutip sources <id>, misalnya kutip sources 1.", "See one document with: kutip sources <id>, for example kutip sources 1."}
	cliNextPage    = cliMsg{"(Halaman berikutnya: kutip sources %s %d)", "(Next page: kutip sources %s %d)"}
)

// cliMsg is a text in Indonesian and English.
type cliMsg struct{ id, en string }

func (m cliMsg) in(l bot.Lang) string {
	if l == bot.LangEN {
		return m.en
	}
	return m.id
}

func (m cliMsg) f(l bot.Lang, args ...any) string { return fmt.Sprintf(m.in(l), args...) }
