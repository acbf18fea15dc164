// Package config is Kutip's one configuration: every setting, its default, its environment
// variable and command-line flag, its parser and its validation, in one table (settings.go).
//
// Values come from flags, then the environment, then defaults: Load applies the environment
// over Default, then the flags over that, then Validate. Secrets (TELEGRAM_BOT_TOKEN,
// OPENAI_API_KEY, KUTIP_WEBHOOK_SECRET) are read from the environment only, never from flags
// (a flag shows up in `ps` and shell history), and are never printed: Redacted masks them and
// the logger built by NewLogger scrubs them from every record.
//
// Only cmd/kutip imports this package; libraries get plain values from it.
package config

import "time"

// Config is every setting of Kutip. The zero value is not useful: start from Default or Load.
type Config struct {
	// TelegramToken is the bot's token from @BotFather (TELEGRAM_BOT_TOKEN, secret).
	TelegramToken string
	// TelegramEndpoint is the Bot API endpoint format with two %s, for the token and the method
	// (TELEGRAM_API_ENDPOINT); point it at a local Bot API server or a test double.
	TelegramEndpoint string

	// OpenAIKey is the API key of an OpenAI-compatible server (OPENAI_API_KEY, secret).
	OpenAIKey string
	// OpenAIBaseURL is the server's /v1 URL (OPENAI_BASE_URL); empty means OpenAI's.
	OpenAIBaseURL string

	// Docs is the folder of .txt and .md documents (KUTIP_DOCS); empty means the embedded seeds.
	Docs string
	// Data is the folder of the persistent index and the Telegram journal (KUTIP_DATA).
	Data string
	// MaxDocsSize bounds the total size of the documents in Docs (KUTIP_MAX_DOCS_SIZE); 0: none.
	MaxDocsSize int64
	// FollowSymlinks lets links in Docs lead outside it (KUTIP_FOLLOW_SYMLINKS).
	FollowSymlinks bool
	// Dictionary is a hunspell .dic file of Indonesian root words to use instead of the embedded
	// one from hunspell-id (KUTIP_DICTIONARY); empty means the embedded one.
	Dictionary string
	// Thesaurus is a MyThes .dat Indonesian thesaurus to use instead of the embedded one from
	// mythes-id (KUTIP_THESAURUS); empty means the embedded one.
	Thesaurus string

	// Embedder is "local" (offline hashing vectors) or "openai" (the API's /v1/embeddings).
	Embedder string
	// EmbedModel is the embedding model for the openai embedder (KUTIP_EMBED_MODEL).
	EmbedModel string
	// EmbedDimensions asks the API for vectors of this size; 0 means the model's own.
	EmbedDimensions int
	// EmbedBatch is how many passages go into one embeddings request.
	EmbedBatch int
	// EmbedTimeout bounds one embeddings request.
	EmbedTimeout time.Duration

	// LLMModel is the chat model that writes answers (KUTIP_LLM_MODEL); empty means extractive answers.
	LLMModel string
	// LLMTimeout bounds one chat completion, streaming included.
	LLMTimeout time.Duration
	// LLMMaxTokens bounds the length of a generated answer.
	LLMMaxTokens int

	// ChunkSentences is the number of sentences in a passage.
	ChunkSentences int
	// ChunkOverlap is the number of sentences consecutive passages share.
	ChunkOverlap int
	// TopK is the number of passages retrieved for a question.
	TopK int
	// Lang is the reply language when a question's language cannot be told: "id" or "en".
	Lang string

	// AllowedUsers, when not empty, are the only Telegram user IDs the bot answers.
	AllowedUsers []int64
	// AllowedChats, when not empty, are the only Telegram chat IDs the bot answers in.
	AllowedChats []int64
	// Admins are the Telegram user IDs allowed to /reload and /stats.
	Admins []int64
	// RateLimit is the number of questions a user may ask per minute; 0 turns the limit off.
	RateLimit float64
	// RateBurst is how many questions a user may ask at once before the rate applies.
	RateBurst int
	// Workers is the number of updates handled at once.
	Workers int

	// WebhookURL, when set, makes the bot receive updates by webhook at this public HTTPS URL
	// instead of long polling; the handler is served by the HTTP server at the URL's path.
	WebhookURL string
	// WebhookSecret is the secret_token Telegram sends with every webhook request
	// (KUTIP_WEBHOOK_SECRET, secret).
	WebhookSecret string
	// HTTPAddr is the listen address of the HTTP server (/healthz, /readyz, /metrics, the
	// webhook); empty turns it off.
	HTTPAddr string
	// ShutdownTimeout bounds a graceful shutdown: answers in flight, the HTTP server.
	ShutdownTimeout time.Duration

	// MemoryLimit is the Go heap's soft limit: "auto", "off" or a size (KUTIP_MEMORY_LIMIT).
	MemoryLimit string

	// LogLevel is "debug", "info", "warn" or "error".
	LogLevel string
	// LogFormat is "text" or "json".
	LogFormat string

	// sources records where each setting came from, by environment variable name.
	sources map[string]Source
}

// Source says where a setting's value came from.
type Source string

// The sources of a setting, weakest first.
const (
	FromDefault Source = "default"
	FromEnv     Source = "env"
	FromFlag    Source = "flag"
)

// The embedders.
const (
	EmbedderLocal  = "local"
	EmbedderOpenAI = "openai"
)

// DefaultTelegramEndpoint is Telegram's own Bot API.
const DefaultTelegramEndpoint = "https://api.telegram.org/bot%s/%s"

// Default returns the configuration with no environment and no flags: offline, embedded seeds,
// extractive answers, no HTTP server.
func Default() Config {
	return Config{
		TelegramEndpoint: DefaultTelegramEndpoint,
		Data:             "data",
		MaxDocsSize:      256 << 20,
		MemoryLimit:      "auto",
		Embedder:         EmbedderLocal,
		EmbedModel:       "text-embedding-3-small",
		EmbedBatch:       64,
		EmbedTimeout:     30 * time.Second,
		LLMTimeout:       60 * time.Second,
		LLMMaxTokens:     800,
		ChunkSentences:   3,
		ChunkOverlap:     1,
		TopK:             5,
		Lang:             "id",
		RateLimit:        20,
		RateBurst:        5,
		Workers:          8,
		ShutdownTimeout:  10 * time.Second,
		LogLevel:         "info",
		LogFormat:        "text",
	}
}

// Source reports where the setting named by its environment variable came from.
func (c Config) Source(env string) Source {
	if s, ok := c.sources[env]; ok {
		return s
	}
	return FromDefault
}

// UsesAPI reports whether any part of Kutip talks to an OpenAI-compatible API.
func (c Config) UsesAPI() bool {
	return c.Embedder == EmbedderOpenAI || c.LLMModel != ""
}

// IsAllowed reports whether the allow-lists let this user in this chat through: everyone when
// both lists are empty, else a listed user anywhere and anyone in a listed chat (so allowing a
// group lets its members ask there, and allowing a user lets them ask in private).
func (c Config) IsAllowed(userID, chatID int64) bool {
	if len(c.AllowedUsers) == 0 && len(c.AllowedChats) == 0 {
		return true
	}
	return contains(c.AllowedUsers, userID) || contains(c.AllowedChats, chatID)
}

// IsAdmin reports whether the user may run admin commands.
func (c Config) IsAdmin(userID int64) bool { return contains(c.Admins, userID) }

func contains(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}
