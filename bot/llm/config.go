package llm

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// DefaultBaseURL is OpenAI's API.
const DefaultBaseURL = "https://api.openai.com/v1"

// Config configures a Generator. Zero values mean the defaults in parentheses.
type Config struct {
	// BaseURL is the OpenAI-compatible API, ending in /v1 (DefaultBaseURL); for Ollama
	// "http://localhost:11434/v1".
	BaseURL string
	// APIKey is sent as a bearer token; empty sends none (Ollama, most local servers).
	APIKey string
	// Model is the chat model (required), e.g. "gpt-4o-mini" or "qwen2.5:3b".
	Model string

	// Timeout bounds one whole answer: rewriting, retrieval, retries and streaming (60s).
	Timeout time.Duration
	// RewriteTimeout bounds the query-rewriting call; when it runs out the question is
	// answered without rewrites (15s).
	RewriteTimeout time.Duration
	// MaxTokens bounds the answer's length in tokens (700); rewriting uses at most 200.
	MaxTokens int
	// MaxAnswerBytes bounds a streamed answer's size: a stream that runs past it is cut and
	// counted as a fault (16 KiB).
	MaxAnswerBytes int
	// MaxRetries is how many times a request is retried after a 429, a 5xx or a network error
	// (2); negative means never.
	MaxRetries int
	// Backoff is the first wait before a retry, doubled on each further one up to 8s (500ms).
	Backoff time.Duration
	// MaxRetryWait is the longest Retry-After honoured: a server asking for a longer wait is not
	// retried (20s).
	MaxRetryWait time.Duration
	// Passages is how many of the top retrieved passages the prompt holds (6).
	Passages int
	// NoRewrite turns query rewriting off.
	NoRewrite bool
	// Temperature is the sampling temperature; 0 (the default) is sent as 0, which go-openai
	// alone would drop.
	Temperature float32
	// OmitTemperature sends no temperature at all, for models that accept only their default
	// (OpenAI's reasoning models).
	OmitTemperature bool
	// PartialInterval is the least time between two progress callbacks of a streamed answer (500ms).
	PartialInterval time.Duration

	// Now and Sleep replace the clock and the wait between retries (tests); nil means the real ones.
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error
}

// The defaults of Config.
const (
	defaultTimeout         = 60 * time.Second
	defaultRewriteTimeout  = 15 * time.Second
	defaultMaxTokens       = 700
	defaultMaxAnswerBytes  = 16 << 10
	defaultMaxRetries      = 2
	defaultBackoff         = 500 * time.Millisecond
	maxBackoff             = 8 * time.Second
	defaultMaxRetryWait    = 20 * time.Second
	defaultPassages        = 6
	defaultPartialInterval = 500 * time.Millisecond
	rewriteMaxTokens       = 200
)

// withDefaults validates a configuration and fills in its defaults; the model is checked by New.
func (c Config) withDefaults() (Config, error) {
	c.Model = strings.TrimSpace(c.Model)
	if c.BaseURL == "" {
		c.BaseURL = DefaultBaseURL
	}
	u, err := url.Parse(c.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return c, fmt.Errorf("llm: base URL %q is not an http(s) URL", redactURL(c.BaseURL))
	}
	if c.Timeout <= 0 {
		c.Timeout = defaultTimeout
	}
	if c.RewriteTimeout <= 0 {
		c.RewriteTimeout = defaultRewriteTimeout
	}
	c.RewriteTimeout = min(c.RewriteTimeout, c.Timeout)
	if c.MaxTokens <= 0 {
		c.MaxTokens = defaultMaxTokens
	}
	if c.MaxAnswerBytes <= 0 {
		c.MaxAnswerBytes = defaultMaxAnswerBytes
	}
	switch {
	case c.MaxRetries == 0:
		c.MaxRetries = defaultMaxRetries
	case c.MaxRetries < 0:
		c.MaxRetries = 0
	}
	if c.Backoff <= 0 {
		c.Backoff = defaultBackoff
	}
	if c.MaxRetryWait <= 0 {
		c.MaxRetryWait = defaultMaxRetryWait
	}
	if c.Passages <= 0 {
		c.Passages = defaultPassages
	}
	if c.Temperature < 0 {
		return c, errors.New("llm: temperature must not be negative")
	}
	if c.PartialInterval <= 0 {
		c.PartialInterval = defaultPartialInterval
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Sleep == nil {
		c.Sleep = sleep
	}
	return c, nil
}

// sleep waits d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// redactURL drops a URL's user information, which could hold a secret.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(unparsable)"
	}
	if u.User == nil {
		return s
	}
	u.User = url.User("redacted")
	return u.String()
}
