package config

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// setting is one row of the configuration table: where a value comes from and how it parses.
type setting struct {
	env    string // environment variable
	flag   string // command-line flag without dashes; empty for secrets
	secret bool   // environment only, never printed
	help   string // one line for flags, `kutip config` and docs/configuration.md
	// bind returns the parser for this setting's field of c.
	bind func(c *Config) value
}

// value parses a setting's text into its field and prints it back.
type value interface {
	set(s string) error // the error says what the setting accepts
	String() string
	target() any  // the field's address, so tests can check every field has a row
	hint() string // what to write after the flag in help texts: "N", "id|en", "duration"
}

// settings is the table of every setting, in the order docs and `kutip config` show them.
var settings = []setting{
	{env: "TELEGRAM_BOT_TOKEN", secret: true,
		help: "Telegram bot token from @BotFather; needed by `kutip telegram`",
		bind: func(c *Config) value { return &stringValue{p: &c.TelegramToken} }},
	{env: "TELEGRAM_API_ENDPOINT", flag: "telegram-endpoint",
		help: "Bot API endpoint format with two %s (token, method), e.g. http://127.0.0.1:8081/bot%s/%s for a local Bot API server",
		bind: func(c *Config) value { return &stringValue{p: &c.TelegramEndpoint, check: checkEndpoint} }},
	{env: "OPENAI_API_KEY", secret: true,
		help: "API key of the OpenAI-compatible server; Ollama and most local servers need none",
		bind: func(c *Config) value { return &stringValue{p: &c.OpenAIKey} }},
	{env: "OPENAI_BASE_URL", flag: "openai-base-url",
		help: "base URL of an OpenAI-compatible /v1 API (Ollama: http://localhost:11434/v1); empty means OpenAI",
		bind: func(c *Config) value { return &stringValue{p: &c.OpenAIBaseURL, check: checkHTTPURL} }},
	{env: "KUTIP_DOCS", flag: "docs",
		help: "folder of documents (.txt, .md, .pdf, .docx, .html, .htm, .epub), searched recursively; empty means the embedded seeds",
		bind: func(c *Config) value { return &stringValue{p: &c.Docs} }},
	{env: "KUTIP_DATA", flag: "data",
		help: "folder for the persistent index, the Telegram delivery journal (`telegram/`) and the documents admins upload (`uploads/`); /data in the Docker image",
		bind: func(c *Config) value { return &stringValue{p: &c.Data, check: checkNotEmpty} }},
	{env: "KUTIP_MAX_DOCS_SIZE", flag: "max-docs-size",
		help: "largest total size of the document files in KUTIP_DOCS (such as 100MiB); a bigger folder is refused with a message; 0 means no limit",
		bind: func(c *Config) value { return &sizeValue{p: &c.MaxDocsSize} }},
	{env: "KUTIP_FOLLOW_SYMLINKS", flag: "follow-symlinks",
		help: "follow symbolic links in KUTIP_DOCS that lead outside it (links inside it are always followed)",
		bind: func(c *Config) value { return &boolValue{p: &c.FollowSymlinks} }},
	{env: "KUTIP_DICTIONARY", flag: "dictionary",
		help: "hunspell .dic file of Indonesian root words (such as /usr/share/hunspell/id_ID.dic) to use instead of the embedded copy of hunspell-id's",
		bind: func(c *Config) value { return &stringValue{p: &c.Dictionary} }},
	{env: "KUTIP_THESAURUS", flag: "thesaurus",
		help: "MyThes .dat Indonesian thesaurus (such as /usr/share/mythes/th_id_ID_v2.dat) to use instead of the embedded copy of mythes-id's",
		bind: func(c *Config) value { return &stringValue{p: &c.Thesaurus} }},
	{env: "KUTIP_EMBEDDER", flag: "embedder",
		help: "passage embeddings: local (offline, no model) or openai (the API's /v1/embeddings)",
		bind: func(c *Config) value {
			return &enumValue{p: &c.Embedder, allowed: []string{EmbedderLocal, EmbedderOpenAI}}
		}},
	{env: "KUTIP_EMBED_MODEL", flag: "embed-model",
		help: "embedding model for KUTIP_EMBEDDER=openai (Ollama: bge-m3 or nomic-embed-text)",
		bind: func(c *Config) value { return &stringValue{p: &c.EmbedModel, check: checkNotEmpty} }},
	{env: "KUTIP_EMBED_DIMENSIONS", flag: "embed-dimensions",
		help: "vector size to ask the embedding API for; 0 means the model's own",
		bind: func(c *Config) value { return &intValue{p: &c.EmbedDimensions, min: 0, max: 65536} }},
	{env: "KUTIP_EMBED_BATCH", flag: "embed-batch",
		help: "passages per embeddings request",
		bind: func(c *Config) value { return &intValue{p: &c.EmbedBatch, min: 1, max: 2048} }},
	{env: "KUTIP_EMBED_TIMEOUT", flag: "embed-timeout",
		help: "time limit of one embeddings request",
		bind: func(c *Config) value { return &durationValue{p: &c.EmbedTimeout, min: time.Second} }},
	{env: "KUTIP_LLM_MODEL", flag: "llm-model",
		help: "chat model that writes answers from the passages; empty means extractive answers (offline)",
		bind: func(c *Config) value { return &stringValue{p: &c.LLMModel} }},
	{env: "KUTIP_LLM_TIMEOUT", flag: "llm-timeout",
		help: "time limit of one answer from the chat model, streaming included",
		bind: func(c *Config) value { return &durationValue{p: &c.LLMTimeout, min: time.Second} }},
	{env: "KUTIP_LLM_MAX_TOKENS", flag: "llm-max-tokens",
		help: "longest answer the chat model may write, in tokens",
		bind: func(c *Config) value { return &intValue{p: &c.LLMMaxTokens, min: 16, max: 32768} }},
	{env: "KUTIP_CHUNK_SENTENCES", flag: "chunk-sentences",
		help: "sentences per passage",
		bind: func(c *Config) value { return &intValue{p: &c.ChunkSentences, min: 1, max: 50} }},
	{env: "KUTIP_CHUNK_OVERLAP", flag: "chunk-overlap",
		help: "sentences shared by consecutive passages; less than KUTIP_CHUNK_SENTENCES",
		bind: func(c *Config) value { return &intValue{p: &c.ChunkOverlap, min: 0, max: 49} }},
	{env: "KUTIP_TOP_K", flag: "top-k",
		help: "passages retrieved for each question",
		bind: func(c *Config) value { return &intValue{p: &c.TopK, min: 1, max: 100} }},
	{env: "KUTIP_LANG", flag: "default-lang",
		help: "reply language when a question's language cannot be told: id or en",
		bind: func(c *Config) value { return &enumValue{p: &c.Lang, allowed: []string{"id", "en"}} }},
	{env: "KUTIP_ALLOWED_USERS", flag: "allowed-users",
		help: "comma-separated Telegram user IDs allowed to use the bot; empty means everyone",
		bind: func(c *Config) value { return &idsValue{p: &c.AllowedUsers} }},
	{env: "KUTIP_ALLOWED_CHATS", flag: "allowed-chats",
		help: "comma-separated Telegram chat IDs (groups are negative) the bot answers in; empty means every chat",
		bind: func(c *Config) value { return &idsValue{p: &c.AllowedChats} }},
	{env: "KUTIP_ADMINS", flag: "admins",
		help: "comma-separated Telegram user IDs allowed to /reload and /stats",
		bind: func(c *Config) value { return &idsValue{p: &c.Admins} }},
	{env: "KUTIP_RATE_LIMIT", flag: "rate-limit",
		help: "questions per user per minute; 0 turns the limit off",
		bind: func(c *Config) value { return &floatValue{p: &c.RateLimit, min: 0, max: 6000} }},
	{env: "KUTIP_RATE_BURST", flag: "rate-burst",
		help: "questions a user may ask at once before KUTIP_RATE_LIMIT applies",
		bind: func(c *Config) value { return &intValue{p: &c.RateBurst, min: 1, max: 1000} }},
	{env: "KUTIP_WORKERS", flag: "workers",
		help: "Telegram updates handled at once (in order within each chat)",
		bind: func(c *Config) value { return &intValue{p: &c.Workers, min: 1, max: 1024} }},
	{env: "KUTIP_WEBHOOK_URL", flag: "webhook-url",
		help: "public HTTPS URL for Telegram webhook mode, served on KUTIP_HTTP_ADDR at the URL's path; empty means long polling",
		bind: func(c *Config) value { return &stringValue{p: &c.WebhookURL, check: checkWebhookURL} }},
	{env: "KUTIP_WEBHOOK_SECRET", secret: true,
		help: "secret token Telegram sends with each webhook request (1-256 of A-Z a-z 0-9 _ -); required with KUTIP_WEBHOOK_URL",
		bind: func(c *Config) value { return &stringValue{p: &c.WebhookSecret} }},
	{env: "KUTIP_HTTP_ADDR", flag: "http-addr",
		help: "listen address for /healthz, /readyz, /metrics and the webhook, e.g. :8080 (the Docker image's); empty turns it off",
		bind: func(c *Config) value { return &stringValue{p: &c.HTTPAddr, check: checkListenAddr} }},
	{env: "KUTIP_SHUTDOWN_TIMEOUT", flag: "shutdown-timeout",
		help: "time limit of the whole shutdown on SIGINT or SIGTERM, answers in flight included (keep compose's `stop_grace_period` above it)",
		bind: func(c *Config) value { return &durationValue{p: &c.ShutdownTimeout, min: 0} }},
	{env: "KUTIP_MEMORY_LIMIT", flag: "memory-limit",
		help: "soft memory limit of the Go heap: auto (90% of the container's memory limit, if any), off, or a size such as 1500MiB; GOMEMLIMIT, when set, wins",
		bind: func(c *Config) value { return &stringValue{p: &c.MemoryLimit, check: checkMemoryLimit} }},
	{env: "KUTIP_LOG_LEVEL", flag: "log-level",
		help: "debug, info, warn or error; questions' text is logged at debug only; commands other than the bot log at warn unless this is set",
		bind: func(c *Config) value {
			return &enumValue{p: &c.LogLevel, allowed: []string{"debug", "info", "warn", "error"},
				aliases: map[string]string{"warning": "warn"}}
		}},
	{env: "KUTIP_LOG_FORMAT", flag: "log-format",
		help: "log format on stderr: text or json",
		bind: func(c *Config) value { return &enumValue{p: &c.LogFormat, allowed: []string{"text", "json"}} }},
}

// stringValue is free text, optionally checked.
type stringValue struct {
	p     *string
	check func(string) error
}

func (v *stringValue) set(s string) error {
	s = strings.TrimSpace(s)
	if v.check != nil {
		if err := v.check(s); err != nil {
			return err
		}
	}
	*v.p = s
	return nil
}
func (v *stringValue) String() string { return *v.p }
func (v *stringValue) target() any    { return v.p }
func (v *stringValue) hint() string   { return "string" }

// enumValue is one of a few words, case-insensitive.
type enumValue struct {
	p       *string
	allowed []string
	aliases map[string]string // other spellings accepted
}

func (v *enumValue) set(s string) error {
	s = strings.ToLower(strings.TrimSpace(s))
	if a, ok := v.aliases[s]; ok {
		s = a
	}
	for _, a := range v.allowed {
		if s == a {
			*v.p = s
			return nil
		}
	}
	return fmt.Errorf("want one of %s", strings.Join(v.allowed, ", "))
}
func (v *enumValue) String() string { return *v.p }
func (v *enumValue) target() any    { return v.p }
func (v *enumValue) hint() string   { return strings.Join(v.allowed, "|") }

// intValue is a whole number in [min, max].
type intValue struct {
	p        *int
	min, max int
}

func (v *intValue) set(s string) error {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < v.min || n > v.max {
		return fmt.Errorf("want a whole number from %d to %d", v.min, v.max)
	}
	*v.p = n
	return nil
}
func (v *intValue) String() string { return strconv.Itoa(*v.p) }
func (v *intValue) target() any    { return v.p }
func (v *intValue) hint() string   { return "N" }

// floatValue is a number in [min, max].
type floatValue struct {
	p        *float64
	min, max float64
}

func (v *floatValue) set(s string) error {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(f) || f < v.min || f > v.max {
		return fmt.Errorf("want a number from %g to %g", v.min, v.max)
	}
	*v.p = f
	return nil
}
func (v *floatValue) String() string { return strconv.FormatFloat(*v.p, 'g', -1, 64) }
func (v *floatValue) target() any    { return v.p }
func (v *floatValue) hint() string   { return "N" }

// durationValue is a Go duration ("30s", "2m") or a whole number of seconds, at least min.
type durationValue struct {
	p   *time.Duration
	min time.Duration
}

func (v *durationValue) set(s string) error {
	s = strings.TrimSpace(s)
	d, err := time.ParseDuration(s)
	if err != nil {
		n, nerr := strconv.Atoi(s)
		if nerr != nil || n > math.MaxInt32 {
			return fmt.Errorf("want a duration such as 30s or 2m, at least %s", v.min)
		}
		d = time.Duration(n) * time.Second
	}
	if d < v.min {
		return fmt.Errorf("want a duration such as 30s or 2m, at least %s", v.min)
	}
	*v.p = d
	return nil
}
func (v *durationValue) String() string {
	s := v.p.String() // "1m0s": drop the zero units
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
func (v *durationValue) target() any  { return v.p }
func (v *durationValue) hint() string { return "duration" }

// idsValue is a comma-separated list of Telegram IDs (whole numbers, negative for groups).
type idsValue struct {
	p *[]int64
}

func (v *idsValue) set(s string) error {
	var ids []int64
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
		id, err := strconv.ParseInt(f, 10, 64)
		if err != nil || id == 0 {
			return fmt.Errorf("want comma-separated Telegram IDs (whole numbers, such as 12345,-1001234567890); %q is not one", f)
		}
		ids = append(ids, id)
	}
	*v.p = ids
	return nil
}
func (v *idsValue) String() string {
	parts := make([]string, len(*v.p))
	for i, id := range *v.p {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(parts, ",")
}
func (v *idsValue) target() any  { return v.p }
func (v *idsValue) hint() string { return "id,id,…" }
