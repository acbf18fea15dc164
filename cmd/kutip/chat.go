package main

import (
	"context"
	"os"

	"github.com/kutip/kutip/bot/console"
)

func init() {
	registerCommand(command{
		name:    "chat",
		args:    "",
		summary: "chat in the terminal, with the bot's commands (also reads piped stdin)",
		run:     runChat,
	})
}

func runChat(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("chat")
	rest, err := e.parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("chat takes no arguments; type questions at its prompt")
	}
	a, err := e.newAssistant(ctx)
	if err != nil {
		return err
	}
	interactive := false
	if f, ok := e.stdin.(*os.File); ok && isTerminal(f) {
		interactive = true
	}
	return console.Run(ctx, a, e.stdin, e.stdout, console.Options{Interactive: interactive, Color: e.color(), LangHint: localeLang(e.getenv), Admin: true})
}
