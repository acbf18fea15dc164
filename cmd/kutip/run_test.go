package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime/debug"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kutip/kutip/bot/metrics"
	"github.com/kutip/kutip/bot/telegram"
	"github.com/kutip/kutip/config"
	"github.com/kutip/kutip/retrieval"
)

// envOf returns a getenv over a fixed map: tests never read the machine's environment.
func envOf(kv ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

// result is what one run printed and how it would exit.
type result struct {
	stdout, stderr string
	err            error
	code           int
}

func runIt(t *testing.T, cmds map[string]command, getenv func(string) string, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if cmds == nil {
		cmds = commands
	}
	err := runCommands(t.Context(), cmds, args, getenv, strings.NewReader(""), &stdout, &stderr)
	var report bytes.Buffer
	code := exitCodeReport(&report, err)
	return result{stdout: stdout.String(), stderr: stderr.String() + report.String(), err: err, code: code}
}

func exitCodeReport(w io.Writer, err error) int { return report(w, err) }

// probe is a test command that parses its own flags and records what it saw.
type probe struct {
	called bool
	rest   []string
	json   bool
	k      int
	cfg    config.Config
}

func (p *probe) command(name string) command {
	return command{name: name, args: "[--json] [--k N] words", summary: "probe for tests", run: func(ctx context.Context, e *env, args []string) error {
		fs := newFlagSet(name)
		asJSON := fs.Bool("json", false, "print JSON")
		k := fs.Int("k", 3, "how many")
		rest, err := e.parse(fs, args)
		if err != nil {
			return err
		}
		p.called, p.rest, p.json, p.k, p.cfg = true, rest, *asJSON, *k, e.cfg
		e.logger.Info("probe ran", "k", *k)
		e.logger.Debug("probe detail")
		return nil
	}}
}

// withProbe is the real commands plus a probe named name.
func withProbe(name string) (map[string]command, *probe) {
	p := &probe{}
	cmds := maps.Clone(commands)
	cmds[name] = p.command(name)
	return cmds, p
}

func TestNoCommandWithoutTokenPrintsUsage(t *testing.T) {
	r := runIt(t, nil, envOf())
	if r.code != 2 {
		t.Errorf("exit %d, want 2", r.code)
	}
	if !strings.Contains(r.stderr, "Usage: kutip <command>") || !strings.Contains(r.stderr, "TELEGRAM_BOT_TOKEN") {
		t.Errorf("stderr = %q, want usage", r.stderr)
	}
}

func TestNoCommandWithTokenRunsTelegram(t *testing.T) {
	cmds, p := withProbe("telegram")
	r := runIt(t, cmds, envOf("TELEGRAM_BOT_TOKEN", "123:abc"), "--log-level", "debug", "--top-k", "9")
	if r.err != nil {
		t.Fatalf("run: %v", r.err)
	}
	if !p.called || p.cfg.LogLevel != "debug" || p.cfg.TopK != 9 || p.cfg.TelegramToken != "123:abc" {
		t.Errorf("telegram called %v with level %q top-k %d", p.called, p.cfg.LogLevel, p.cfg.TopK)
	}
}

func TestUnknownCommand(t *testing.T) {
	r := runIt(t, nil, envOf(), "frobnicate")
	if r.code != 2 || !strings.Contains(r.stderr, `unknown command "frobnicate"`) || !strings.Contains(r.stderr, "Commands:") {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestHelp(t *testing.T) {
	cmds, p := withProbe("probe")
	for _, arg := range []string{"help", "-h", "--help"} {
		r := runIt(t, cmds, envOf(), arg)
		if r.code != 0 || !strings.Contains(r.stdout, "Commands:") {
			t.Errorf("%s: exit %d, stdout %q", arg, r.code, r.stdout)
		}
		for _, name := range []string{"config", "version", "healthcheck", "probe"} {
			if !strings.Contains(r.stdout, "\n  "+name) {
				t.Errorf("%s: usage does not list %s", arg, name)
			}
		}
	}
	r := runIt(t, cmds, envOf(), "help", "probe")
	if r.code != 0 || p.called {
		t.Errorf("help probe: exit %d, ran the command: %v", r.code, p.called)
	}
	for _, want := range []string{"Usage: kutip probe [--json] [--k N] words", "Probe for tests.", "--json", "--k int", "(default 3)", `"kutip config -h"`} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("help probe lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "--top-k") {
		t.Errorf("a command's help lists the configuration flags:\n%s", r.stdout)
	}

	r = runIt(t, cmds, envOf(), "probe", "-h")
	if r.code != 0 || !strings.Contains(r.stderr, "Usage: kutip probe") {
		t.Errorf("probe -h: exit %d, stderr %q", r.code, r.stderr)
	}
	r = runIt(t, nil, envOf(), "config", "-h")
	for _, want := range []string{"--top-k N", "(KUTIP_TOP_K)", "--embedder local|openai", "--admins id,id,…", "TELEGRAM_BOT_TOKEN"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("config -h lacks %q:\n%s", want, r.stderr)
		}
	}
}

func TestFlagsAnywhere(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name string
		args []string
		rest []string
		json bool
		k    int
	}{
		{"own flags first", []string{"probe", "--json", "--k", "5", "--docs", dir, "a", "b"}, []string{"a", "b"}, true, 5},
		{"flags after arguments", []string{"probe", "a", "--docs=" + dir, "b", "--json"}, []string{"a", "b"}, true, 3},
		{"global flags before the command", []string{"--docs", dir, "probe", "-k", "1", "a"}, []string{"a"}, false, 1},
		{"double dash", []string{"probe", "--docs", dir, "--", "--json"}, []string{"--json"}, false, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmds, p := withProbe("probe")
			r := runIt(t, cmds, envOf(), tt.args...)
			if r.err != nil {
				t.Fatalf("run: %v", r.err)
			}
			if !slices.Equal(p.rest, tt.rest) || p.json != tt.json || p.k != tt.k || p.cfg.Docs != dir {
				t.Errorf("rest %q json %v k %d docs %q; want %q %v %d %q", p.rest, p.json, p.k, p.cfg.Docs, tt.rest, tt.json, tt.k, dir)
			}
		})
	}
}

func TestBadFlagsAndSettingsExit2(t *testing.T) {
	tests := []struct {
		name   string
		getenv func(string) string
		args   []string
		want   string
	}{
		{"unknown flag", envOf(), []string{"probe", "--nope"}, "flag provided but not defined: -nope"},
		{"unknown global flag", envOf(), []string{"--nope", "probe"}, "flag provided but not defined: -nope"},
		{"bad env", envOf("KUTIP_TOP_K", "lots"), []string{"probe"}, `kutip: invalid KUTIP_TOP_K "lots": want a whole number from 1 to 100`},
		{"bad flag value", envOf(), []string{"probe", "--embedder", "bert"}, `invalid --embedder (KUTIP_EMBEDDER) "bert": want one of local, openai`},
		{"combination", envOf("KUTIP_LLM_MODEL", "gpt-4o-mini"), []string{"probe"}, "KUTIP_LLM_MODEL: a chat model needs OPENAI_API_KEY"},
		{"secret as flag", envOf(), []string{"probe", "--telegram-bot-token", "1:x"}, "not defined"},
		{"bad config for config", envOf("KUTIP_LOG_FORMAT", "xml"), []string{"config"}, "KUTIP_LOG_FORMAT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmds, p := withProbe("probe")
			r := runIt(t, cmds, tt.getenv, tt.args...)
			if r.code != 2 {
				t.Errorf("exit %d, want 2 (err %v)", r.code, r.err)
			}
			if p.called {
				t.Error("the command ran")
			}
			if !strings.Contains(r.stderr, tt.want) {
				t.Errorf("stderr %q lacks %q", r.stderr, tt.want)
			}
		})
	}
}

func TestLoggerFollowsConfig(t *testing.T) {
	cmds, _ := withProbe("probe")
	r := runIt(t, cmds, envOf("KUTIP_LOG_FORMAT", "json", "KUTIP_LOG_LEVEL", "debug"), "probe")
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	if len(lines) != 2 {
		t.Fatalf("stderr = %q, want two JSON lines", r.stderr)
	}
	var rec map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &rec); err != nil || rec["msg"] != "probe ran" || rec["k"] != 3.0 {
		t.Errorf("first line %q: %v", lines[0], err)
	}
	// A command logs warnings and errors only, unless a level is asked for; the bot logs at info.
	r = runIt(t, cmds, envOf(), "probe")
	if r.stderr != "" {
		t.Errorf("default logger of a command: %q, want nothing", r.stderr)
	}
	for _, args := range [][]string{{"probe", "--log-level", "info"}, {"--log-level=info", "probe"}} {
		if r := runIt(t, cmds, envOf(), args...); !strings.Contains(r.stderr, "level=INFO msg=\"probe ran\"") {
			t.Errorf("%v: %q, want the info line", args, r.stderr)
		}
	}
	if r := runIt(t, cmds, envOf("KUTIP_LOG_LEVEL", "info"), "probe"); !strings.Contains(r.stderr, "level=INFO msg=\"probe ran\"") {
		t.Errorf("KUTIP_LOG_LEVEL=info: %q, want the info line", r.stderr)
	}
	svc := cmds["probe"]
	svc.service = true
	cmds["probe"] = svc
	if r := runIt(t, cmds, envOf(), "probe"); !strings.Contains(r.stderr, "level=INFO msg=\"probe ran\"") || strings.Contains(r.stderr, "probe detail") {
		t.Errorf("default logger of the bot: %q", r.stderr)
	}
}

func TestVersion(t *testing.T) {
	r := runIt(t, nil, envOf(), "version")
	if r.err != nil || !strings.HasPrefix(r.stdout, "kutip dev ") || !strings.Contains(r.stdout, "go1.") {
		t.Errorf("version: %v %q", r.err, r.stdout)
	}
	if r := runIt(t, nil, envOf(), "--version"); !strings.HasPrefix(r.stdout, "kutip dev") {
		t.Errorf("--version: %q", r.stdout)
	}
	if r := runIt(t, nil, envOf(), "version", "extra"); r.code != 2 {
		t.Errorf("version extra: exit %d, want 2", r.code)
	}
}

func TestConfigCommandMasksSecrets(t *testing.T) {
	const token, key = "123456:AAFtopSECRETtoken", "sk-topSECRETkey"
	getenv := envOf("TELEGRAM_BOT_TOKEN", token, "OPENAI_API_KEY", key, "KUTIP_TOP_K", "7", "KUTIP_ADMINS", "1,2")
	r := runIt(t, nil, getenv, "config", "--data", "/tmp/x")
	if r.err != nil {
		t.Fatalf("config: %v", r.err)
	}
	for _, want := range []string{
		"NAME", "TELEGRAM_BOT_TOKEN      set (redacted)",
		"KUTIP_WEBHOOK_SECRET", "not set",
		"KUTIP_TOP_K", "7", "env",
		"KUTIP_DATA", "/tmp/x", "flag",
		"KUTIP_ADMINS", "1,2",
		"KUTIP_LLM_MODEL", "(empty)", "default",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("config output lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout+r.stderr, token) || strings.Contains(r.stdout+r.stderr, key) {
		t.Errorf("config shows a secret:\n%s", r.stdout)
	}

	r = runIt(t, nil, getenv, "config", "--json")
	var rows []struct{ Name, Flag, Value, Source string }
	if err := json.Unmarshal([]byte(r.stdout), &rows); err != nil {
		t.Fatalf("config --json: %v\n%s", err, r.stdout)
	}
	if len(rows) != len(config.Default().Redacted()) || strings.Contains(r.stdout, token) || strings.Contains(r.stdout, key) {
		t.Errorf("config --json: %d rows\n%s", len(rows), r.stdout)
	}
}

func TestExitCode(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want int
	}{
		{"nil", nil, 0},
		{"help", flag.ErrHelp, 0},
		{"usage", usagef("bad"), 2},
		{"config", fmt.Errorf("load: %w", &config.Error{Name: "KUTIP_TOP_K", Reason: "x"}), 2},
		{"joined config", errors.Join(&config.Error{Name: "A"}, &config.Error{Name: "B"}), 2},
		{"no documents", fmt.Errorf("docs %q: %w", "d", retrieval.ErrNoDocuments), 2},
		{"bad token", fmt.Errorf("start: %w", telegram.ErrUnauthorized), 2},
		{"own code", fmt.Errorf("x: %w", codedError(3)), 3},
		{"interrupted", fmt.Errorf("reading: %w", context.Canceled), 130},
		{"other", errors.New("boom"), 1},
		{"deadline", context.DeadlineExceeded, 1},
	}
	for _, tt := range tests {
		if got := exitCode(tt.err); got != tt.want {
			t.Errorf("%s: exitCode = %d, want %d", tt.name, got, tt.want)
		}
	}
}

type codedError int

func (c codedError) Error() string { return "coded" }
func (c codedError) ExitCode() int { return int(c) }

func TestReportIsOneLinePerError(t *testing.T) {
	var buf bytes.Buffer
	code := report(&buf, errors.New("first\nproblem"))
	if code != 1 || buf.String() != "kutip: first problem\n" {
		t.Errorf("report = %d %q", code, buf.String())
	}
	buf.Reset()
	code = report(&buf, errors.Join(errors.New("first\nproblem"), errors.Join(errors.New("second"), errors.New("third"))))
	if code != 1 || buf.String() != "kutip: first problem\nkutip: second\nkutip: third\n" {
		t.Errorf("report = %d %q", code, buf.String())
	}
	// Two invalid settings, end to end: two lines, exit status 2, secrets still hidden.
	r := runIt(t, nil, envOf("KUTIP_TOP_K", "lots", "KUTIP_LOG_FORMAT", "xml", "TELEGRAM_BOT_TOKEN", "123456:AAFtopSECRETtoken"), "ask", "--embedder", "bert", "x")
	lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
	if r.code != 2 || len(lines) != 3 || strings.Contains(r.stderr, "AAFtopSECRET") {
		t.Errorf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
	for _, l := range lines {
		if !strings.HasPrefix(l, "kutip: ") {
			t.Errorf("line %q", l)
		}
	}
	buf.Reset()
	buf.Reset()
	if code := report(&buf, fmt.Errorf("x: %w", context.Canceled)); code != 130 || buf.String() != "kutip: interrupted\n" {
		t.Errorf("report = %d %q", code, buf.String())
	}
	buf.Reset()
	if code := report(&buf, nil); code != 0 || buf.Len() != 0 {
		t.Errorf("report(nil) = %d %q", code, buf.String())
	}
}

func TestErrorsNeverShowSecrets(t *testing.T) {
	const token = "123456:AAFtopSECRETtoken"
	cmds := maps.Clone(commands)
	cmds["leak"] = command{name: "leak", run: func(ctx context.Context, e *env, args []string) error {
		return fmt.Errorf(`Post "https://api.telegram.org/bot%s/getMe": %w`, token, retrieval.ErrNoDocuments)
	}}
	r := runIt(t, cmds, envOf("TELEGRAM_BOT_TOKEN", token), "leak")
	if strings.Contains(r.stderr, token) || !strings.Contains(r.stderr, "bot[REDACTED]/getMe") {
		t.Errorf("stderr = %q", r.stderr)
	}
	if r.code != 2 || !errors.Is(r.err, retrieval.ErrNoDocuments) {
		t.Errorf("redaction lost the error chain: exit %d, %v", r.code, r.err)
	}
}

func TestHealthcheck(t *testing.T) {
	ok := httptest.NewServer(newHTTPServer(slog.New(slog.DiscardHandler), nil, time.Second).Handler())
	defer ok.Close()
	bad := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer bad.Close()

	r := runIt(t, nil, envOf(), "healthcheck", "--url", ok.URL+"/healthz")
	if r.code != 0 || r.stdout != "healthy\n" {
		t.Errorf("healthy server: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
	r = runIt(t, nil, envOf(), "healthcheck", "--url", bad.URL+"/healthz")
	if r.code != 1 || !strings.Contains(r.stderr, "unhealthy") || !strings.Contains(r.stderr, "503") {
		t.Errorf("failing server: exit %d, %q", r.code, r.stderr)
	}
	// The default URL comes from KUTIP_HTTP_ADDR, as in the Docker image.
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(ok.URL, "http://"))
	r = runIt(t, nil, envOf("KUTIP_HTTP_ADDR", ":"+port), "healthcheck")
	if r.code != 0 {
		t.Errorf("KUTIP_HTTP_ADDR=:%s: exit %d, %q", port, r.code, r.stderr)
	}
	r = runIt(t, nil, envOf(), "healthcheck")
	if r.code != 1 || !strings.Contains(r.stderr, "KUTIP_HTTP_ADDR is empty") {
		t.Errorf("no address: exit %d, %q", r.code, r.stderr)
	}
	// A closed port is unhealthy, not a hang.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := ln.Addr().String()
	ln.Close()
	r = runIt(t, nil, envOf("KUTIP_HTTP_ADDR", closed), "healthcheck", "--timeout", "2s")
	if r.code != 1 {
		t.Errorf("closed port: exit %d, %q", r.code, r.stderr)
	}
}

func TestLocalURL(t *testing.T) {
	tests := []struct{ addr, want string }{
		{":8080", "http://127.0.0.1:8080/healthz"},
		{"0.0.0.0:9", "http://127.0.0.1:9/healthz"},
		{"[::]:8080", "http://[::1]:8080/healthz"},
		{"10.0.0.5:80", "http://10.0.0.5:80/healthz"},
	}
	for _, tt := range tests {
		if got, err := localURL(tt.addr, "/healthz"); err != nil || got != tt.want {
			t.Errorf("localURL(%q) = %q, %v; want %q", tt.addr, got, err, tt.want)
		}
	}
}

func get(t *testing.T, h http.Handler, method, path string) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, path, nil))
	return rec.Code, rec.Body.String()
}

func TestHTTPEndpoints(t *testing.T) {
	var logs bytes.Buffer
	cfg := config.Default()
	cfg.TelegramToken = "123456:AAFtopSECRETtoken"
	m := metrics.New()
	m.ObserveAnswer("extractive", "id", false, time.Millisecond)
	s := newHTTPServer(cfg.NewLogger(&logs), m, time.Second)
	indexLoaded := false
	s.readyCheck("index", func(context.Context) error {
		if !indexLoaded {
			return errors.New("index not loaded yet")
		}
		return nil
	})
	s.readyCheck("telegram", func(ctx context.Context) error {
		if _, ok := ctx.Deadline(); !ok {
			return errors.New("check without deadline")
		}
		return nil
	})
	s.handle("POST /telegram/webhook", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		io.WriteString(w, "update")
	}))
	h := s.Handler()

	if code, body := get(t, h, "GET", "/healthz"); code != 200 || body != "ok\n" {
		t.Errorf("/healthz = %d %q", code, body)
	}
	if code, _ := get(t, h, "HEAD", "/healthz"); code != 200 {
		t.Errorf("HEAD /healthz = %d", code)
	}
	if code, _ := get(t, h, "POST", "/healthz"); code != http.StatusMethodNotAllowed {
		t.Errorf("POST /healthz = %d, want 405", code)
	}
	if code, body := get(t, h, "GET", "/readyz"); code != 503 || body != "not ready: index\n" {
		t.Errorf("/readyz before loading = %d %q", code, body)
	}
	if !strings.Contains(logs.String(), "index not loaded yet") {
		t.Errorf("the failing check's reason is not logged: %q", logs.String())
	}
	indexLoaded = true
	if code, body := get(t, h, "GET", "/readyz"); code != 200 || body != "ready\n" {
		t.Errorf("/readyz = %d %q", code, body)
	}
	if code, body := get(t, h, "GET", "/metrics"); code != 200 || !strings.Contains(body, `kutip_answers_total{lang="id",mode="extractive"} 1`) {
		t.Errorf("/metrics = %d\n%s", code, body)
	}
	if code, body := get(t, h, "POST", "/telegram/webhook"); code != 200 || body != "update" {
		t.Errorf("webhook = %d %q", code, body)
	}
	if code, _ := get(t, h, "GET", "/nope"); code != 404 {
		t.Errorf("/nope = %d", code)
	}
	// Without metrics there is no /metrics.
	if code, _ := get(t, newHTTPServer(slog.New(slog.DiscardHandler), nil, time.Second).Handler(), "GET", "/metrics"); code != 404 {
		t.Errorf("/metrics without metrics = %d", code)
	}
}

// TestHTTPGracefulShutdown cancels the context while a request is in flight: the request
// completes, then the server stops and wait returns nil.
func TestHTTPGracefulShutdown(t *testing.T) {
	s := newHTTPServer(slog.New(slog.DiscardHandler), nil, 10*time.Second)
	entered, release := make(chan struct{}), make(chan struct{})
	s.handle("GET /slow", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		close(entered)
		<-release
		io.WriteString(w, "finished")
	}))
	shuttingDown := make(chan struct{})
	s.onShutdown(func() { close(shuttingDown) })

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	wait := s.serve(ctx, ln)

	type response struct {
		body string
		err  error
	}
	got := make(chan response, 1)
	go func() {
		resp, err := http.Get("http://" + ln.Addr().String() + "/slow")
		if err != nil {
			got <- response{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		got <- response{string(b), err}
	}()
	<-entered
	cancel()
	<-shuttingDown
	close(release)
	if r := <-got; r.err != nil || r.body != "finished" {
		t.Errorf("in-flight request: %q, %v", r.body, r.err)
	}
	if err := wait(); err != nil {
		t.Errorf("wait = %v", err)
	}
	if err := wait(); err != nil {
		t.Errorf("second wait = %v", err)
	}
	if _, err := http.Get("http://" + ln.Addr().String() + "/healthz"); err == nil {
		t.Error("server still answers after shutdown")
	}
}

func TestHTTPStart(t *testing.T) {
	s := newHTTPServer(slog.New(slog.DiscardHandler), nil, time.Second)
	wait, err := s.start(t.Context(), "")
	if err != nil || wait() != nil {
		t.Errorf("start with no address: %v", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	if _, err := s.start(t.Context(), ln.Addr().String()); err == nil || !strings.Contains(err.Error(), "KUTIP_HTTP_ADDR") {
		t.Errorf("start on a busy port = %v, want an error naming KUTIP_HTTP_ADDR", err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	wait, err = s.start(ctx, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cancel()
	if err := wait(); err != nil {
		t.Errorf("wait = %v", err)
	}
}

func TestWebhookPath(t *testing.T) {
	tests := []struct{ url, want string }{
		{"", "/telegram/webhook"},
		{"https://bot.example.com", "/telegram/webhook"},
		{"https://bot.example.com/", "/telegram/webhook"},
		{"https://bot.example.com/kutip/hook", "/kutip/hook"},
	}
	for _, tt := range tests {
		cfg := config.Default()
		cfg.WebhookURL = tt.url
		if got := webhookPath(cfg); got != tt.want {
			t.Errorf("webhookPath(%q) = %q, want %q", tt.url, got, tt.want)
		}
	}
}

func TestProgressLogsWhenNotATerminal(t *testing.T) {
	var stderr bytes.Buffer
	cfg := config.Default()
	e := &env{stderr: &stderr, logger: cfg.NewLogger(&stderr)}
	step := newProgress(e, "embedding passages", 200)
	for i := 1; i <= 200; i++ {
		step(i)
	}
	step(200)
	out := stderr.String()
	if n := strings.Count(out, "\n"); n != 10 {
		t.Errorf("%d log lines, want 10:\n%s", n, out)
	}
	if !strings.Contains(out, `msg="embedding passages" done=20 total=200 percent=10`) || !strings.Contains(out, `msg="embedding passages done" total=200`) {
		t.Errorf("log:\n%s", out)
	}
	if strings.Contains(out, "\r") {
		t.Error("drew a bar on a non-terminal")
	}
}

func TestProgressBar(t *testing.T) {
	var w bytes.Buffer
	step := barProgress(&w, "indexing", 4)
	step(1)
	step(1) // unchanged: not redrawn
	step(0) // backwards (concurrent callers): ignored
	step(4)
	step(5) // after the end: nothing
	want := "\rindexing [=======>                      ] 1/4  25%" +
		"\rindexing [==============================] 4/4 100%\n"
	if w.String() != want {
		t.Errorf("bar = %q\nwant  %q", w.String(), want)
	}
	if f, err := os.CreateTemp(t.TempDir(), "stderr"); err == nil {
		if isTerminal(f) {
			t.Error("a regular file is not a terminal")
		}
		f.Close()
	}
}

func TestFormatVersion(t *testing.T) {
	vcs := func(kv ...string) []debug.BuildSetting {
		var s []debug.BuildSetting
		for i := 0; i+1 < len(kv); i += 2 {
			s = append(s, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return s
	}
	const rev = "2013501abcdef0123456789abcdef0123456789a"
	tests := []struct {
		name         string
		ldVer, ldRev string
		info         *debug.BuildInfo
		want         string
	}{
		{"no build info", "dev", "", nil, "kutip dev go1.26.8 linux/amd64"},
		{"a test binary", "dev", "", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "kutip dev go1.26.8 linux/amd64"},
		{"go install @version", "dev", "", &debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}}, "kutip v1.2.3 go1.26.8 linux/amd64"},
		{
			"go build in a git checkout", "dev", "",
			&debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261202072424-2013501abcde+dirty"}, Settings: vcs("vcs", "git", "vcs.revision", rev, "vcs.time", "2026-12-02T07:24:24Z", "vcs.modified", "true")},
			"kutip v0.0.0-20261202072424-2013501abcde+dirty (revision 2013501abcde, 2026-12-02T07:24:24Z, modified) go1.26.8 linux/amd64",
		},
		{
			"ldflags win", "v2.0.0", rev,
			&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}},
			"kutip v2.0.0 (revision 2013501abcde) go1.26.8 linux/amd64",
		},
		{"an empty ldflags version", "", "", nil, "kutip dev go1.26.8 linux/amd64"},
	}
	for _, tt := range tests {
		if got := formatVersion(tt.ldVer, tt.ldRev, tt.info, "go1.26.8", "linux/amd64"); got != tt.want {
			t.Errorf("%s:\n got %q\nwant %q", tt.name, got, tt.want)
		}
	}
}
