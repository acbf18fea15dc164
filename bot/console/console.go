// Package console is Kutip's terminal front end: an interactive chat with the same commands as
// the Telegram bot, which also works with piped standard input.
package console

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/kutip/kutip/bot"
)

// assistant is what the console needs of the assistant core.
type assistant interface {
	Handle(ctx context.Context, req bot.Request) bot.Reply
}

// Options configure a chat session.
type Options struct {
	// Interactive shows a greeting and a prompt; set it when stdin is a terminal.
	Interactive bool
	// Color renders bold and italic runs with ANSI escapes; set it when stdout is a terminal.
	Color bool
	// LangHint is the user's language, e.g. from $LANG ("id_ID"); "" when the locale names none.
	LangHint string
	ChatID   int64
	// Admin lets the user run admin commands (/why, /stats, /reload): the operator at the
	// terminal of `kutip chat`.
	Admin bool
}

// maxLine bounds one line of input; longer lines are cut by the assistant anyway.
const maxLine = 1 << 20

// Run chats until the input ends, ctx is done, or the user types /quit.
func Run(ctx context.Context, a assistant, in io.Reader, out io.Writer, opts Options) error {
	if opts.ChatID == 0 {
		opts.ChatID = 1
	}
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64*1024), maxLine)
	if opts.Interactive {
		r := a.Handle(ctx, bot.Request{ChatID: opts.ChatID, Text: "/start", LangHint: opts.LangHint, Admin: opts.Admin})
		fmt.Fprintln(out, Render(r, opts.Color))
		fmt.Fprintln(out, hint(r.Lang))
		fmt.Fprint(out, "\n> ")
	}
	first := true
	for sc.Scan() {
		if err := ctx.Err(); err != nil {
			return nil
		}
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			if opts.Interactive {
				fmt.Fprint(out, "> ")
			}
			continue
		}
		switch strings.ToLower(line) {
		case "/quit", "/exit", "/keluar", "exit", "quit":
			return nil
		}
		r := a.Handle(ctx, bot.Request{ChatID: opts.ChatID, Text: line, LangHint: opts.LangHint, Admin: opts.Admin})
		if !opts.Interactive && !first {
			fmt.Fprintln(out)
		}
		first = false
		fmt.Fprintln(out, Render(r, opts.Color))
		if r.Source != nil && r.Source.Page < r.Source.Pages {
			fmt.Fprintf(out, "\n(/source %s %d →)\n", r.Source.Short, r.Source.Page+1)
		}
		if opts.Interactive {
			fmt.Fprint(out, "\n> ")
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read input: %w", err)
	}
	if opts.Interactive {
		fmt.Fprintln(out)
	}
	return nil
}

func hint(l bot.Lang) string {
	if l == bot.LangEN {
		return "(Type /quit or press Ctrl-D to leave.)"
	}
	return "(Ketik /quit atau tekan Ctrl-D untuk keluar.)"
}

// Render turns a reply into terminal text: blocks separated by blank lines, bold and italic as
// ANSI escapes when color is set. Control characters from documents or users are made visible,
// so no text can drive the terminal.
func Render(r bot.Reply, color bool) string {
	var b strings.Builder
	for i, blk := range r.Blocks {
		if i > 0 {
			b.WriteString("\n\n")
		}
		for _, run := range blk {
			text := safe(run.Text)
			if !color || run.Style == bot.Plain {
				b.WriteString(text)
				continue
			}
			switch run.Style {
			case bot.Bold:
				b.WriteString("\x1b[1m" + text + "\x1b[0m")
			case bot.Italic:
				b.WriteString("\x1b[3m" + text + "\x1b[0m")
			case bot.Code:
				b.WriteString("\x1b[2m" + text + "\x1b[0m")
			}
		}
	}
	return b.String()
}

// safe replaces control characters except newlines and tabs.
func safe(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return r
		}
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return '�'
		}
		return r
	}, s)
}
