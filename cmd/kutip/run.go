// Command kutip answers questions strictly from a set of documents, in Indonesian or English,
// and cites them: as a Telegram bot, in a terminal chat, or one question at a time.
//
// Usage:
//
//	kutip <command> [flags] [arguments]
//
// Commands:
//
//	telegram     run the Telegram bot (the default when TELEGRAM_BOT_TOKEN is set)
//	chat         chat in the terminal, with the bot's commands
//	ask          answer questions; --json prints one JSON object per question
//	search       show the passages retrieval finds for a query
//	quote        show verbatim passages that match some words
//	sources      list the documents
//	index        build the persistent index under KUTIP_DATA
//	add          add documents to KUTIP_DATA/uploads (as admins do through Telegram) and index them
//	forget       remove uploaded documents
//	eval         score retrieval and answers on a QA file
//	config       print the effective configuration, secrets masked, and the mode (llm or offline)
//	version      print the version
//	healthcheck  exit 0 when the HTTP server answers /healthz (Docker's HEALTHCHECK)
//
// Configuration comes from flags, then the environment, then defaults; docs/configuration.md
// has the full table. The environment: TELEGRAM_BOT_TOKEN, TELEGRAM_API_ENDPOINT,
// OPENAI_API_KEY, OPENAI_BASE_URL, KUTIP_DOCS, KUTIP_DATA, KUTIP_EMBEDDER, KUTIP_EMBED_MODEL,
// KUTIP_EMBED_DIMENSIONS, KUTIP_EMBED_BATCH, KUTIP_EMBED_TIMEOUT, KUTIP_LLM_MODEL,
// KUTIP_LLM_TIMEOUT, KUTIP_LLM_MAX_TOKENS, KUTIP_CHUNK_SENTENCES, KUTIP_CHUNK_OVERLAP,
// KUTIP_TOP_K, KUTIP_LANG, KUTIP_ALLOWED_USERS, KUTIP_ALLOWED_CHATS, KUTIP_ADMINS,
// KUTIP_RATE_LIMIT, KUTIP_RATE_BURST, KUTIP_WORKERS, KUTIP_WEBHOOK_URL, KUTIP_WEBHOOK_SECRET,
// KUTIP_HTTP_ADDR, KUTIP_SHUTDOWN_TIMEOUT, KUTIP_LOG_LEVEL, KUTIP_LOG_FORMAT. Each has a flag
// named after it (KUTIP_LLM_MODEL is --llm-model; KUTIP_LANG is --default-lang) except the
// secrets, which are read from the environment only.
//
// Exit status: 0 on success, 2 for usage and configuration errors, a missing or empty corpus
// and a token Telegram rejects, 1 for anything else.
//
// # Adding a command
//
// Each command lives in its own file and registers itself from init, so run.go never changes:
//
//	func init() {
//		registerCommand(command{
//			name:    "ask",
//			args:    "[--json] [--lang id|en] [question]",
//			summary: "answer questions; --json prints one JSON object per question",
//			run:     runAsk,
//		})
//	}
//
//	func runAsk(ctx context.Context, e *env, args []string) error {
//		fs := newFlagSet("ask")                 // has every configuration flag already
//		asJSON := fs.Bool("json", false, "print JSON")
//		rest, err := e.parse(fs, args)          // env + flags + validation; sets e.cfg, e.logger
//		if err != nil {
//			return err
//		}
//		…
//	}
//
// Flags and arguments may come in any order ("ask --docs d question --json"), and global flags
// may also come before the command ("kutip --log-level debug ask …"); "--" ends the flags.
// Return usagef(…) for a bad argument (exit 2) and any error type with an ExitCode() int method
// to choose the status.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"

	"github.com/kutip/kutip/bot/metrics"
	"github.com/kutip/kutip/bot/telegram"
	"github.com/kutip/kutip/config"
	"github.com/kutip/kutip/retrieval"
)

// env is what every command gets: the process's environment and streams, and, once the command
// has called parse, the configuration and the logger built from it.
type env struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	// logger writes to stderr at the configured level and format, secrets scrubbed. Before
	// parse it is an info-level text logger.
	logger *slog.Logger
	// cfg is the effective configuration after parse; config.Default() before.
	cfg config.Config
	// metrics, when set (the bot sets it), counts API requests and errors of the embedder and
	// the language model.
	metrics *metrics.Metrics

	cmd command // the command running, for its usage text
}

// command is one subcommand of kutip.
type command struct {
	name    string
	args    string // what follows the name in the usage line: "[--json] [--k N] query"
	summary string // one line for "kutip help"
	run     func(ctx context.Context, e *env, args []string) error
	// service marks the long-running bot, which logs at info by default; every other command
	// logs warnings and errors only unless KUTIP_LOG_LEVEL or --log-level asks for more, so
	// its stdout and stderr together stay scriptable ("kutip ask --json … 2>&1 | jq").
	service bool
}

// commands holds the registered commands by name.
var commands = map[string]command{}

// registerCommand adds a command; call it from init in the command's file.
func registerCommand(c command) {
	if c.name == "" || c.run == nil {
		panic("registerCommand: a command needs a name and a run function")
	}
	if _, dup := commands[c.name]; dup {
		panic("registerCommand: command " + c.name + " registered twice")
	}
	commands[c.name] = c
}

// commandOrder is the order "kutip help" lists commands in; others follow alphabetically.
var commandOrder = []string{"telegram", "chat", "ask", "search", "quote", "sources", "index", "eval", "config", "version", "healthcheck"}

// newFlagSet returns an empty flag set for a command, with every configuration flag
// registered (--docs, --data, --embedder, --llm-model, --log-level, …). Add the command's own
// flags to it and pass it to env.parse.
func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // parse prints usage itself, to e.stderr
	d := config.Default()
	d.RegisterFlags(fs)
	return fs
}

// parse loads the configuration once for the command: defaults, the environment, then the
// flags in args (configuration flags and the command's own, in any order), then validation.
// It sets e.cfg and e.logger (at warn for commands but the bot, unless the level was set) and
// returns the arguments that are not flags. On -h it prints the command's usage and returns
// flag.ErrHelp (exit status 0); bad flags and invalid settings are errors with exit status 2.
func (e *env) parse(fs *flag.FlagSet, args []string) ([]string, error) {
	c := e.cmd
	if c.name != fs.Name() {
		c = commands[fs.Name()]
	}
	fs.Usage = func() { printCommandUsage(e.stderr, fs, c) }
	cfg, rest, err := config.Load(fs, args, e.getenv)
	if err != nil {
		return nil, err
	}
	e.cfg = cfg
	e.logger = commandLogger(cfg, c, e.stderr)
	return rest, nil
}

// commandLogger is the logger a command runs with: the configured one, except that commands
// other than the bot log at warn when no log level was set.
func commandLogger(cfg config.Config, c command, w io.Writer) *slog.Logger {
	if !c.service && cfg.Source("KUTIP_LOG_LEVEL") == config.FromDefault {
		cfg.LogLevel = "warn"
	}
	return cfg.NewLogger(w)
}

// usageError is a mistake on the command line: exit status 2.
type usageError struct{ msg string }

func (u *usageError) Error() string { return u.msg }
func (u *usageError) ExitCode() int { return 2 }

// usagef returns a usage error (exit status 2) with a formatted message.
func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// run is kutip without the process: main calls it with os.Args[1:] and the real streams,
// tests with buffers and a fake getenv. It dispatches to the command named by args.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	return runCommands(ctx, commands, args, getenv, stdin, stdout, stderr)
}

// runCommands is run over a given set of commands, so tests can add their own.
func runCommands(ctx context.Context, cmds map[string]command, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) (err error) {
	defer func() { err = redactError(err, getenv) }()
	e := &env{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr, cfg: config.Default()}
	e.logger = e.cfg.NewLogger(stderr)

	name, args, err := splitCommand(args, getenv)
	if err != nil {
		printUsage(stderr, cmds)
		return err
	}
	switch name {
	case "help", "-h", "-help", "--help":
		if len(args) > 0 {
			if c, ok := cmds[args[0]]; ok {
				// Only the command knows its flags: run it with -h, which its parse answers
				// with the usage before anything else happens.
				h := *e
				h.stderr, h.cmd = stdout, c
				if err := c.run(ctx, &h, []string{"-h"}); err != nil && !errors.Is(err, flag.ErrHelp) {
					return err
				}
				return nil
			}
		}
		printUsage(stdout, cmds)
		return nil
	case "-version", "--version":
		name = "version"
	}
	c, ok := cmds[name]
	if !ok {
		printUsage(stderr, cmds)
		return usagef("unknown command %q", name)
	}
	e.cmd = c
	return c.run(ctx, e, args)
}

// splitCommand finds the command name after any leading configuration flags, which are handed
// on to the command. With no command, kutip runs the bot when it has a token.
func splitCommand(args []string, getenv func(string) string) (string, []string, error) {
	var leading []string
	if len(args) > 0 && strings.HasPrefix(args[0], "-") && !slices.Contains([]string{"-h", "-help", "--help", "-version", "--version"}, args[0]) {
		fs := newFlagSet("kutip")
		if err := fs.Parse(args); err != nil {
			return "", nil, usagef("%v", err)
		}
		rest := fs.Args()
		leading = slices.Clone(args[:len(args)-len(rest)])
		if n := len(leading); n > 0 && leading[n-1] == "--" {
			leading = leading[:n-1]
		}
		args = rest
	}
	if len(args) == 0 {
		if getenv("TELEGRAM_BOT_TOKEN") != "" {
			return "telegram", leading, nil
		}
		return "", nil, usagef("no command given, and TELEGRAM_BOT_TOKEN is not set to run the bot")
	}
	return args[0], append(leading, args[1:]...), nil
}

// printUsage writes kutip's help: the commands and where to read about configuration.
func printUsage(w io.Writer, cmds map[string]command) {
	fmt.Fprint(w, `Kutip answers questions from documents, and only from them, citing its sources.

Usage: kutip <command> [flags] [arguments]

Commands:
`)
	for _, name := range orderedCommands(cmds) {
		fmt.Fprintf(w, "  %-12s %s\n", name, cmds[name].summary)
	}
	fmt.Fprint(w, `
With no command, kutip runs the Telegram bot when TELEGRAM_BOT_TOKEN is set.
Run "kutip <command> -h" for a command's flags, and "kutip config -h" for the configuration
flags and environment variables every command reads (docs/configuration.md).
`)
}

func orderedCommands(cmds map[string]command) []string {
	var names, others []string
	for _, name := range commandOrder {
		if _, ok := cmds[name]; ok {
			names = append(names, name)
		}
	}
	for name := range cmds {
		if !slices.Contains(commandOrder, name) {
			others = append(others, name)
		}
	}
	slices.Sort(others)
	return append(names, others...)
}

// printCommandUsage writes a command's usage line, summary and own flags; the configuration
// flags are listed by "kutip config -h" only, where they are the point.
func printCommandUsage(w io.Writer, fs *flag.FlagSet, c command) {
	fmt.Fprintf(w, "Usage: kutip %s", fs.Name())
	if c.args != "" {
		fmt.Fprintf(w, " %s", c.args)
	}
	fmt.Fprintln(w)
	if c.summary != "" {
		fmt.Fprintf(w, "\n%s%s.\n", strings.ToUpper(c.summary[:1]), strings.TrimSuffix(c.summary[1:], "."))
	}
	first := true
	fs.VisitAll(func(f *flag.Flag) {
		if fs.Name() != "config" && config.IsFlag(f.Name) {
			return
		}
		if first {
			fmt.Fprintln(w, "\nFlags:")
			first = false
		}
		printFlag(w, f)
	})
	if fs.Name() == "config" {
		fmt.Fprintln(w, "\nSecrets, read from the environment only: TELEGRAM_BOT_TOKEN, OPENAI_API_KEY, KUTIP_WEBHOOK_SECRET.")
		return
	}
	fmt.Fprintln(w, "\nConfiguration flags (--docs, --data, --embedder, --llm-model, --log-level, …) work with\nevery command; \"kutip config -h\" lists them with their environment variables.")
}

// printFlag writes "  --name hint" and the flag's usage and default on the next line.
func printFlag(w io.Writer, f *flag.Flag) {
	hint, usage := flag.UnquoteUsage(f)
	if h := config.FlagHint(f.Name); h != "" {
		hint = h
	}
	fmt.Fprintf(w, "  --%s", f.Name)
	if hint != "" {
		fmt.Fprintf(w, " %s", hint)
	}
	fmt.Fprintf(w, "\n    \t%s", usage)
	if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" && f.DefValue != "0s" {
		fmt.Fprintf(w, " (default %s)", f.DefValue)
	}
	fmt.Fprintln(w)
}

// exitCode maps an error from run to the process's exit status: 0 for none (and -h); what an
// ExitCode method in the error's chain says (usage and configuration errors say 2); 2 for a
// corpus with no usable document and a token Telegram rejects; 130 when interrupted; else 1.
func exitCode(err error) int {
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return 0
	}
	var coded interface{ ExitCode() int }
	if errors.As(err, &coded) {
		return coded.ExitCode()
	}
	for _, target := range statusTwo {
		if errors.Is(err, target) {
			return 2
		}
	}
	if errors.Is(err, context.Canceled) {
		return 130
	}
	return 1
}

// statusTwo are the library errors that mean "fix your setup", exit status 2.
var statusTwo = []error{retrieval.ErrNoDocuments, retrieval.ErrTooLarge, telegram.ErrUnauthorized}

// report prints err on w as "kutip: …", one line per error (several invalid settings are
// several lines), and returns the exit status.
func report(w io.Writer, err error) int {
	code := exitCode(err)
	if code == 0 {
		return 0
	}
	if errors.Is(err, context.Canceled) && code == 130 {
		fmt.Fprintln(w, "kutip: interrupted")
		return code
	}
	for _, e := range joinedErrors(err) {
		fmt.Fprintf(w, "kutip: %s\n", strings.Join(strings.Fields(e.Error()), " "))
	}
	return code
}

// joinedErrors splits an errors.Join into its errors, at any depth; any other error is one.
func joinedErrors(err error) []error {
	j, ok := err.(interface{ Unwrap() []error })
	if !ok {
		return []error{err}
	}
	var out []error
	for _, e := range j.Unwrap() {
		if e != nil {
			out = append(out, joinedErrors(e)...)
		}
	}
	return out
}

// redactedError hides secrets in an error's message but keeps the error chain, so exitCode
// still sees what is inside.
type redactedError struct {
	err error
	msg string
}

func (r *redactedError) Error() string { return r.msg }
func (r *redactedError) Unwrap() error { return r.err }

// redactError scrubs the secrets in the environment from err's message: transport errors of
// the Telegram client carry the bot URL, token included.
func redactError(err error, getenv func(string) string) error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		// Keep a join a join, so report prints one line per error.
		var errs []error
		for _, e := range j.Unwrap() {
			errs = append(errs, redactError(e, getenv))
		}
		return errors.Join(errs...)
	}
	msg := err.Error()
	clean := msg
	for _, name := range config.SecretNames() {
		if s := strings.TrimSpace(getenv(name)); len(s) >= 4 {
			clean = strings.ReplaceAll(clean, s, "[REDACTED]")
		}
	}
	if clean == msg {
		return err
	}
	return &redactedError{err: err, msg: clean}
}
