package config

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// clearEnv unsets every setting's variable for the test, so the machine's environment
// cannot leak into it.
func clearEnv(t *testing.T) {
	t.Helper()
	for _, s := range settings {
		t.Setenv(s.env, "")
	}
}

func load(t *testing.T, args ...string) (Config, []string, error) {
	t.Helper()
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return Load(fs, args, os.Getenv)
}

func TestDefaultIsValid(t *testing.T) {
	clearEnv(t)
	c, rest, err := load(t)
	if err != nil {
		t.Fatalf("Load with no environment: %v", err)
	}
	if len(rest) != 0 {
		t.Errorf("rest = %q, want none", rest)
	}
	want := Default()
	c.sources, want.sources = nil, nil
	if !reflect.DeepEqual(c, want) {
		t.Errorf("Load() = %+v\nwant Default() = %+v", c, want)
	}
	for _, s := range c.Redacted() {
		if s.Source != FromDefault {
			t.Errorf("%s source = %s, want default", s.Name, s.Source)
		}
	}
}

// TestEnv sets each variable and checks the field it lands in: every setting has a parser
// and a t.Setenv test here (TestEverySettingTested enforces it).
type envTest struct {
	env, value string
	get        func(Config) any
	want       any
}

var envTests = []envTest{
	{"TELEGRAM_BOT_TOKEN", "123456:AAF-secret_token", func(c Config) any { return c.TelegramToken }, "123456:AAF-secret_token"},
	{"TELEGRAM_API_ENDPOINT", "http://127.0.0.1:8081/bot%s/%s", func(c Config) any { return c.TelegramEndpoint }, "http://127.0.0.1:8081/bot%s/%s"},
	{"OPENAI_API_KEY", "sk-test", func(c Config) any { return c.OpenAIKey }, "sk-test"},
	{"OPENAI_BASE_URL", "http://ollama:11434/v1", func(c Config) any { return c.OpenAIBaseURL }, "http://ollama:11434/v1"},
	{"KUTIP_DOCS", ".", func(c Config) any { return c.Docs }, "."},
	{"KUTIP_DATA", "/data", func(c Config) any { return c.Data }, "/data"},
	{"KUTIP_MAX_DOCS_SIZE", "1.5GiB", func(c Config) any { return c.MaxDocsSize }, int64(3 << 29)},
	{"KUTIP_FOLLOW_SYMLINKS", "yes", func(c Config) any { return c.FollowSymlinks }, true},
	{"KUTIP_DICTIONARY", "/usr/share/hunspell/id_ID.dic", func(c Config) any { return c.Dictionary }, "/usr/share/hunspell/id_ID.dic"},
	{"KUTIP_THESAURUS", "th_id_ID_v2.dat", func(c Config) any { return c.Thesaurus }, "th_id_ID_v2.dat"},
	{"KUTIP_EMBEDDER", "LOCAL", func(c Config) any { return c.Embedder }, "local"},
	{"KUTIP_EMBED_MODEL", "bge-m3", func(c Config) any { return c.EmbedModel }, "bge-m3"},
	{"KUTIP_EMBED_DIMENSIONS", "256", func(c Config) any { return c.EmbedDimensions }, 256},
	{"KUTIP_EMBED_BATCH", "16", func(c Config) any { return c.EmbedBatch }, 16},
	{"KUTIP_EMBED_TIMEOUT", "45s", func(c Config) any { return c.EmbedTimeout }, 45 * time.Second},
	{"KUTIP_LLM_MODEL", "", func(c Config) any { return c.LLMModel }, ""},
	{"KUTIP_LLM_TIMEOUT", "90", func(c Config) any { return c.LLMTimeout }, 90 * time.Second},
	{"KUTIP_LLM_MAX_TOKENS", "400", func(c Config) any { return c.LLMMaxTokens }, 400},
	{"KUTIP_CHUNK_SENTENCES", "6", func(c Config) any { return c.ChunkSentences }, 6},
	{"KUTIP_CHUNK_OVERLAP", "0", func(c Config) any { return c.ChunkOverlap }, 0},
	{"KUTIP_TOP_K", "8", func(c Config) any { return c.TopK }, 8},
	{"KUTIP_LANG", "en", func(c Config) any { return c.Lang }, "en"},
	{"KUTIP_ALLOWED_USERS", "1, 2,3", func(c Config) any { return c.AllowedUsers }, []int64{1, 2, 3}},
	{"KUTIP_ALLOWED_CHATS", "-1001234567890", func(c Config) any { return c.AllowedChats }, []int64{-1001234567890}},
	{"KUTIP_ADMINS", "42", func(c Config) any { return c.Admins }, []int64{42}},
	{"KUTIP_RATE_LIMIT", "2.5", func(c Config) any { return c.RateLimit }, 2.5},
	{"KUTIP_RATE_BURST", "1", func(c Config) any { return c.RateBurst }, 1},
	{"KUTIP_WORKERS", "3", func(c Config) any { return c.Workers }, 3},
	{"KUTIP_WEBHOOK_URL", "", func(c Config) any { return c.WebhookURL }, ""},
	{"KUTIP_WEBHOOK_SECRET", "s3cret_-X", func(c Config) any { return c.WebhookSecret }, "s3cret_-X"},
	{"KUTIP_HTTP_ADDR", ":8080", func(c Config) any { return c.HTTPAddr }, ":8080"},
	{"KUTIP_SHUTDOWN_TIMEOUT", "2m", func(c Config) any { return c.ShutdownTimeout }, 2 * time.Minute},
	{"KUTIP_MEMORY_LIMIT", "512m", func(c Config) any { return c.MemoryLimit }, "512m"},
	{"KUTIP_LOG_LEVEL", "Warning", func(c Config) any { return c.LogLevel }, "warn"},
	{"KUTIP_LOG_FORMAT", "json", func(c Config) any { return c.LogFormat }, "json"},
}

func TestEnv(t *testing.T) {
	for _, tt := range envTests {
		t.Run(tt.env, func(t *testing.T) {
			clearEnv(t)
			t.Setenv(tt.env, tt.value)
			c, _, err := load(t)
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if got := tt.get(c); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("%s=%q: got %v, want %v", tt.env, tt.value, got, tt.want)
			}
			if tt.value != "" && c.Source(tt.env) != FromEnv {
				t.Errorf("source = %s, want env", c.Source(tt.env))
			}
		})
	}
}

func TestEverySettingTested(t *testing.T) {
	for _, s := range settings {
		if !slices.ContainsFunc(envTests, func(tt envTest) bool { return tt.env == s.env }) {
			t.Errorf("%s has no case in envTests", s.env)
		}
	}
}

// TestEveryFieldHasSetting keeps the table complete: each exported field of Config is bound
// by exactly one setting.
func TestEveryFieldHasSetting(t *testing.T) {
	var c Config
	rv := reflect.ValueOf(&c).Elem()
	bound := map[uintptr]string{}
	for _, s := range settings {
		p := reflect.ValueOf(s.bind(&c).target()).Pointer()
		if prev, ok := bound[p]; ok {
			t.Errorf("%s and %s bind the same field", prev, s.env)
		}
		bound[p] = s.env
	}
	for i := 0; i < rv.NumField(); i++ {
		f := rv.Type().Field(i)
		if !f.IsExported() {
			continue
		}
		if _, ok := bound[rv.Field(i).Addr().Pointer()]; !ok {
			t.Errorf("Config.%s has no setting", f.Name)
		}
	}
}

func TestFlagNamesMirrorEnv(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range settings {
		if s.secret != (s.flag == "") {
			t.Errorf("%s: secrets and only secrets have no flag", s.env)
		}
		if s.flag != "" {
			if seen[s.flag] {
				t.Errorf("flag --%s twice", s.flag)
			}
			seen[s.flag] = true
			if !IsFlag(s.flag) {
				t.Errorf("IsFlag(%q) = false", s.flag)
			}
		}
	}
	if IsFlag("json") || IsFlag("") {
		t.Error("IsFlag accepts a name that is not a configuration flag")
	}
}

func TestFlagsOverrideEnv(t *testing.T) {
	clearEnv(t)
	t.Setenv("KUTIP_TOP_K", "8")
	t.Setenv("KUTIP_DOCS", "/nonexistent-env-docs")
	dir := t.TempDir()
	c, _, err := load(t, "--top-k", "3", "--docs="+dir, "--log-level", "debug")
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if c.TopK != 3 || c.Docs != dir || c.LogLevel != "debug" {
		t.Errorf("got top-k %d docs %q level %q, want 3 %q debug", c.TopK, c.Docs, c.LogLevel, dir)
	}
	for _, name := range []string{"KUTIP_TOP_K", "KUTIP_DOCS", "KUTIP_LOG_LEVEL"} {
		if c.Source(name) != FromFlag {
			t.Errorf("%s source = %s, want flag", name, c.Source(name))
		}
	}
}

func TestFlagsAndArgumentsInAnyOrder(t *testing.T) {
	tests := []struct {
		name string
		args []string
		rest []string
		json bool
		k    int
	}{
		{"flags first", []string{"--json", "--k", "2", "--top-k", "7", "hello", "world"}, []string{"hello", "world"}, true, 2},
		{"flags last", []string{"hello", "--top-k=7", "world", "--json"}, []string{"hello", "world"}, true, 0},
		{"mixed", []string{"-k", "4", "hello", "--top-k", "7"}, []string{"hello"}, false, 4},
		{"double dash", []string{"--top-k", "7", "--", "--json", "-k"}, []string{"--json", "-k"}, false, 0},
		{"lone dash", []string{"-", "--top-k", "7"}, []string{"-"}, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clearEnv(t)
			fs := flag.NewFlagSet("ask", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			d := Default()
			d.RegisterFlags(fs)
			asJSON := fs.Bool("json", false, "")
			k := fs.Int("k", 0, "")
			c, rest, err := Load(fs, tt.args, os.Getenv)
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if !slices.Equal(rest, tt.rest) || *asJSON != tt.json || *k != tt.k {
				t.Errorf("rest %q json %v k %d, want %q %v %d", rest, *asJSON, *k, tt.rest, tt.json, tt.k)
			}
			if c.TopK != 7 {
				t.Errorf("TopK = %d, want 7", c.TopK)
			}
		})
	}
}

func TestHelp(t *testing.T) {
	clearEnv(t)
	_, _, err := load(t, "-h")
	if !errors.Is(err, flag.ErrHelp) {
		t.Errorf("Load(-h) = %v, want flag.ErrHelp", err)
	}
}

func TestInvalid(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "f.txt")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want []string // substrings of the message
	}{
		{"int", map[string]string{"KUTIP_TOP_K": "many"}, nil, []string{`invalid KUTIP_TOP_K "many"`, "whole number from 1 to 100"}},
		{"int range", map[string]string{"KUTIP_WORKERS": "0"}, nil, []string{"KUTIP_WORKERS", "from 1 to 1024"}},
		{"flag value", nil, []string{"--top-k", "0"}, []string{`--top-k (KUTIP_TOP_K) "0"`, "from 1 to 100"}},
		{"enum", map[string]string{"KUTIP_EMBEDDER": "bert"}, nil, []string{"KUTIP_EMBEDDER", "local, openai"}},
		{"level", map[string]string{"KUTIP_LOG_LEVEL": "loud"}, nil, []string{"KUTIP_LOG_LEVEL", "debug, info, warn, error"}},
		{"format", map[string]string{"KUTIP_LOG_FORMAT": "xml"}, nil, []string{"KUTIP_LOG_FORMAT", "text, json"}},
		{"lang", map[string]string{"KUTIP_LANG": "jv"}, nil, []string{"KUTIP_LANG", "id, en"}},
		{"duration", map[string]string{"KUTIP_LLM_TIMEOUT": "soon"}, nil, []string{"KUTIP_LLM_TIMEOUT", "duration such as 30s"}},
		{"float", map[string]string{"KUTIP_RATE_LIMIT": "-1"}, nil, []string{"KUTIP_RATE_LIMIT", "number from 0"}},
		{"ids", map[string]string{"KUTIP_ADMINS": "1,alice"}, nil, []string{"KUTIP_ADMINS", `"alice" is not one`}},
		{"endpoint one %s", map[string]string{"TELEGRAM_API_ENDPOINT": "http://127.0.0.1:8081/bot%s"}, nil, []string{"TELEGRAM_API_ENDPOINT", "two %s"}},
		{"endpoint verb", map[string]string{"TELEGRAM_API_ENDPOINT": "http://h/bot%s/%s/%d"}, nil, []string{"TELEGRAM_API_ENDPOINT"}},
		{"endpoint scheme", map[string]string{"TELEGRAM_API_ENDPOINT": "ftp://h/bot%s/%s"}, nil, []string{"TELEGRAM_API_ENDPOINT"}},
		{"base url", map[string]string{"OPENAI_BASE_URL": "localhost:11434"}, nil, []string{"OPENAI_BASE_URL", "http(s) URL"}},
		{"listen addr", map[string]string{"KUTIP_HTTP_ADDR": "8080"}, nil, []string{"KUTIP_HTTP_ADDR", ":8080"}},
		{"webhook http", map[string]string{"KUTIP_WEBHOOK_URL": "http://x/y", "KUTIP_WEBHOOK_SECRET": "s", "KUTIP_HTTP_ADDR": ":8080"}, nil, []string{"KUTIP_WEBHOOK_URL", "https"}},
		{"data empty flag", nil, []string{"--data="}, []string{"--data (KUTIP_DATA)", "not an empty string"}},
		{"openai embedder without API", map[string]string{"KUTIP_EMBEDDER": "openai"}, nil, []string{"KUTIP_EMBEDDER", "OPENAI_API_KEY", "OPENAI_BASE_URL"}},
		{"openai embedder by flag", nil, []string{"--embedder", "openai"}, []string{"--embedder (KUTIP_EMBEDDER)", "OPENAI_API_KEY"}},
		{"llm without API", map[string]string{"KUTIP_LLM_MODEL": "gpt-4o-mini"}, nil, []string{"KUTIP_LLM_MODEL", "OPENAI_BASE_URL", "extractive"}},
		{"webhook without secret", map[string]string{"KUTIP_WEBHOOK_URL": "https://bot.example.com/hook", "KUTIP_HTTP_ADDR": ":8080"}, nil, []string{"KUTIP_WEBHOOK_URL", "KUTIP_WEBHOOK_SECRET"}},
		{"webhook without server", map[string]string{"KUTIP_WEBHOOK_URL": "https://bot.example.com/hook", "KUTIP_WEBHOOK_SECRET": "abc"}, nil, []string{"KUTIP_WEBHOOK_URL", "KUTIP_HTTP_ADDR"}},
		{"webhook secret chars", map[string]string{"KUTIP_WEBHOOK_SECRET": "no spaces allowed"}, nil, []string{"KUTIP_WEBHOOK_SECRET", "A-Z"}},
		{"token format", map[string]string{"TELEGRAM_BOT_TOKEN": "not a token"}, nil, []string{"TELEGRAM_BOT_TOKEN", "@BotFather"}},
		{"overlap", map[string]string{"KUTIP_CHUNK_SENTENCES": "2", "KUTIP_CHUNK_OVERLAP": "2"}, nil, []string{"KUTIP_CHUNK_OVERLAP", "fewer sentences than KUTIP_CHUNK_SENTENCES (2)"}},
		{"docs missing", map[string]string{"KUTIP_DOCS": filepath.Join(dir, "nope")}, nil, []string{"KUTIP_DOCS", "does not exist"}},
		{"docs file", map[string]string{"KUTIP_DOCS": file}, nil, []string{"KUTIP_DOCS", "not a file"}},
		{"secret flag", nil, []string{"--telegram-bot-token", "x"}, []string{"flag provided but not defined"}},
		{"unknown flag", nil, []string{"--nope"}, []string{"flag provided but not defined: -nope"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clearEnv(t)
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			_, _, err := load(t, tt.args...)
			if err == nil {
				t.Fatal("Load succeeded, want an error")
			}
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("error %T %v is not a *config.Error", err, err)
			}
			if ce.ExitCode() != 2 {
				t.Errorf("ExitCode = %d, want 2", ce.ExitCode())
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestValidCombinations(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
	}{
		{"openai with key", map[string]string{"KUTIP_EMBEDDER": "openai", "OPENAI_API_KEY": "sk-x", "KUTIP_LLM_MODEL": "gpt-4o-mini"}},
		{"ollama without key", map[string]string{"KUTIP_EMBEDDER": "openai", "OPENAI_BASE_URL": "http://ollama:11434/v1", "KUTIP_LLM_MODEL": "qwen2.5:7b"}},
		{"webhook", map[string]string{"KUTIP_WEBHOOK_URL": "https://bot.example.com/telegram/webhook", "KUTIP_WEBHOOK_SECRET": "abc_DEF-123", "KUTIP_HTTP_ADDR": ":8080"}},
		{"rate limit off", map[string]string{"KUTIP_RATE_LIMIT": "0"}},
		{"bracketed addr", map[string]string{"KUTIP_HTTP_ADDR": "[::1]:9090"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clearEnv(t)
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			if _, _, err := load(t); err != nil {
				t.Errorf("Load: %v", err)
			}
		})
	}
}

func TestSeveralErrorsReported(t *testing.T) {
	clearEnv(t)
	t.Setenv("KUTIP_TOP_K", "x")
	t.Setenv("KUTIP_WORKERS", "y")
	_, _, err := load(t)
	if err == nil || !strings.Contains(err.Error(), "KUTIP_TOP_K") || !strings.Contains(err.Error(), "KUTIP_WORKERS") {
		t.Errorf("error %v, want both variables named", err)
	}
}

func TestValidateCatchesCodeChanges(t *testing.T) {
	c := Default()
	c.TopK = 0
	c.LogFormat = "yaml"
	err := c.Validate()
	if err == nil || !strings.Contains(err.Error(), "KUTIP_TOP_K") || !strings.Contains(err.Error(), "KUTIP_LOG_FORMAT") {
		t.Errorf("Validate = %v, want KUTIP_TOP_K and KUTIP_LOG_FORMAT named", err)
	}
}

func TestSecretsNeverShown(t *testing.T) {
	const token = "123456:AAFsecretTOKENvalue"
	clearEnv(t)
	t.Setenv("TELEGRAM_BOT_TOKEN", token)
	t.Setenv("OPENAI_API_KEY", "sk-verysecretkey")
	t.Setenv("KUTIP_WEBHOOK_SECRET", "bad secret with spaces sk-verysecretkey")
	_, _, err := load(t)
	if err == nil {
		t.Fatal("want an error for the webhook secret")
	}
	for _, secret := range []string{token, "sk-verysecretkey", "bad secret"} {
		if strings.Contains(err.Error(), secret) {
			t.Errorf("error %q shows a secret", err)
		}
	}

	t.Setenv("KUTIP_WEBHOOK_SECRET", "")
	c, _, err := load(t)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, s := range c.Redacted() {
		got[s.Name] = s.Value
		if strings.Contains(s.Value, token) || strings.Contains(s.Value, "sk-verysecretkey") {
			t.Errorf("Redacted %s shows a secret", s.Name)
		}
	}
	if got["TELEGRAM_BOT_TOKEN"] != SecretSet || got["OPENAI_API_KEY"] != SecretSet || got["KUTIP_WEBHOOK_SECRET"] != SecretNotSet {
		t.Errorf("Redacted secrets = %q %q %q", got["TELEGRAM_BOT_TOKEN"], got["OPENAI_API_KEY"], got["KUTIP_WEBHOOK_SECRET"])
	}
	if r := c.Redact("Post https://api.telegram.org/bot" + token + "/getMe: dial tcp"); strings.Contains(r, token) || !strings.Contains(r, "[REDACTED]") {
		t.Errorf("Redact = %q", r)
	}
}

func TestLoggerScrubsSecrets(t *testing.T) {
	const token = "123456:AAFsecretTOKENvalue"
	for _, format := range []string{"text", "json"} {
		t.Run(format, func(t *testing.T) {
			c := Default()
			c.TelegramToken = token
			c.LogFormat = format
			var buf bytes.Buffer
			log := c.NewLogger(&buf)
			err := errors.New(`Post "https://api.telegram.org/bot` + token + `/getUpdates": EOF`)
			log.Error("request failed for bot"+token, "err", err, "url", "https://x/bot"+token, "n", 3)
			log.With("token", token).WithGroup("g").Info("hi", "t", token)
			out := buf.String()
			if strings.Contains(out, token) || strings.Contains(out, "AAFsecret") {
				t.Errorf("log shows the token:\n%s", out)
			}
			if !strings.Contains(out, "[REDACTED]") || !strings.Contains(out, "getUpdates") {
				t.Errorf("log lost its context:\n%s", out)
			}
		})
	}
}

func TestLoggerLevelAndFormat(t *testing.T) {
	c := Default()
	c.LogLevel = "warn"
	c.LogFormat = "json"
	var buf bytes.Buffer
	log := c.NewLogger(&buf)
	log.Info("hidden")
	log.Warn("shown", "chat", 7)
	out := buf.String()
	if strings.Contains(out, "hidden") || !strings.Contains(out, `"msg":"shown"`) || !strings.Contains(out, `"chat":7`) {
		t.Errorf("log = %q", out)
	}
}

func TestAccess(t *testing.T) {
	c := Default()
	if !c.IsAllowed(1, 1) {
		t.Error("empty lists must allow everyone")
	}
	c.AllowedUsers = []int64{10}
	c.AllowedChats = []int64{-100}
	c.Admins = []int64{10}
	tests := []struct {
		user, chat int64
		want       bool
	}{{10, 10, true}, {10, -5, true}, {11, -100, true}, {11, 11, false}}
	for _, tt := range tests {
		if got := c.IsAllowed(tt.user, tt.chat); got != tt.want {
			t.Errorf("IsAllowed(%d, %d) = %v, want %v", tt.user, tt.chat, got, tt.want)
		}
	}
	if !c.IsAdmin(10) || c.IsAdmin(11) {
		t.Error("IsAdmin wrong")
	}
	if err := c.RequireTelegram(); err == nil || !strings.Contains(err.Error(), "TELEGRAM_BOT_TOKEN") {
		t.Errorf("RequireTelegram = %v", err)
	}
}

func TestParseSize(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"1048576", 1 << 20, true}, {"100MB", 100e6, true}, {"100MiB", 100 << 20, true},
		{"512m", 512 << 20, true}, {"1.5 GiB", 3 << 29, true}, {"2gb", 2e9, true}, {"0", 0, true},
		{"lots", 0, false}, {"-1MB", 0, false}, {"5 parsecs", 0, false}, {"", 0, false},
	}
	for _, tt := range tests {
		got, err := ParseSize(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
	if got := FormatSize(256 << 20); got != "256MiB" {
		t.Errorf("FormatSize = %q", got)
	}
}

// TestRedactShortSecrets: a placeholder key such as "x" (local model servers accept any) is
// redacted where it stands alone, not inside every word that holds the letter.
func TestRedactShortSecrets(t *testing.T) {
	for _, c := range []struct {
		secrets  []string
		in, want string
	}{
		{[]string{"x"}, `model=text-embedding-3-small key=x`, `model=text-embedding-3-small key=[REDACTED]`},
		{[]string{"x"}, `Bearer x`, `Bearer [REDACTED]`},
		{[]string{"ollama"}, `http://ollama:11434/v1 with key "ollama"`, `http://[REDACTED]:11434/v1 with key "[REDACTED]"`},
		{[]string{"ollama"}, `model=ollama-models`, `model=ollama-models`},
		{[]string{"sk-verysecretkey"}, `keysk-verysecretkeyhere`, `key[REDACTED]here`},
	} {
		if got := redact(c.in, c.secrets); got != c.want {
			t.Errorf("redact(%q, %q) = %q, want %q", c.in, c.secrets, got, c.want)
		}
	}
}
