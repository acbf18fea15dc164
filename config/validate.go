package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"strings"
)

// Validate checks every setting and the combinations that cannot work, and returns every
// problem found as *Error values joined together. Load calls it; call it again after changing
// a Config in code.
func (c Config) Validate() error {
	var errs []error
	for _, s := range settings {
		cp := c
		v := s.bind(&cp)
		if err := v.set(v.String()); err != nil {
			errs = append(errs, s.error(c.Source(s.env), v.String(), err.Error()))
		}
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}

	name := func(env string) string {
		for _, s := range settings {
			if s.env == env && c.Source(env) == FromFlag {
				return "--" + s.flag + " (" + env + ")"
			}
		}
		return env
	}
	api := "OPENAI_API_KEY (for OpenAI) or OPENAI_BASE_URL (for Ollama, vLLM, LM Studio, LocalAI)"
	if c.Embedder == EmbedderOpenAI && c.OpenAIKey == "" && c.OpenAIBaseURL == "" {
		errs = append(errs, &Error{Name: name("KUTIP_EMBEDDER"),
			Reason: "openai needs " + api + "; or use KUTIP_EMBEDDER=local, which works offline"})
	}
	if c.LLMModel != "" && c.OpenAIKey == "" && c.OpenAIBaseURL == "" {
		errs = append(errs, &Error{Name: name("KUTIP_LLM_MODEL"),
			Reason: "a chat model needs " + api + "; or leave KUTIP_LLM_MODEL empty for extractive answers"})
	}
	if c.TelegramToken != "" && !validToken(c.TelegramToken) {
		errs = append(errs, &Error{Name: "TELEGRAM_BOT_TOKEN",
			Reason: "want the token @BotFather gave, such as 123456789:AAF… (digits, a colon, letters, digits, _ and -)"})
	}
	if c.WebhookURL != "" && c.WebhookSecret == "" {
		errs = append(errs, &Error{Name: name("KUTIP_WEBHOOK_URL"),
			Reason: "webhook mode needs KUTIP_WEBHOOK_SECRET, so that only Telegram can post updates"})
	}
	if c.WebhookSecret != "" && !validSecret(c.WebhookSecret) {
		errs = append(errs, &Error{Name: "KUTIP_WEBHOOK_SECRET",
			Reason: "want 1 to 256 characters of A-Z, a-z, 0-9, _ and -"})
	}
	if c.WebhookURL != "" && c.HTTPAddr == "" {
		errs = append(errs, &Error{Name: name("KUTIP_WEBHOOK_URL"),
			Reason: "webhook mode needs KUTIP_HTTP_ADDR, the address the webhook is served on (such as :8080)"})
	}
	if c.ChunkOverlap >= c.ChunkSentences {
		errs = append(errs, &Error{Name: name("KUTIP_CHUNK_OVERLAP"), Value: fmt.Sprint(c.ChunkOverlap),
			Reason: fmt.Sprintf("want fewer sentences than KUTIP_CHUNK_SENTENCES (%d)", c.ChunkSentences)})
	}
	if c.Docs != "" {
		if fi, err := os.Stat(c.Docs); err != nil {
			errs = append(errs, &Error{Name: name("KUTIP_DOCS"), Value: c.Docs,
				Reason: "want a folder of .txt and .md files; it " + statProblem(err)})
		} else if !fi.IsDir() {
			errs = append(errs, &Error{Name: name("KUTIP_DOCS"), Value: c.Docs,
				Reason: "want a folder of .txt and .md files, not a file"})
		}
	}
	return errors.Join(errs...)
}

// RequireTelegram reports a missing bot token as an *Error, for the commands that need one.
func (c Config) RequireTelegram() error {
	if c.TelegramToken == "" {
		return &Error{Name: "TELEGRAM_BOT_TOKEN",
			Reason: "not set: create a bot with @BotFather and put its token in the environment (or .env for docker compose)"}
	}
	return nil
}

func statProblem(err error) string {
	switch {
	case errors.Is(err, os.ErrNotExist):
		return "does not exist"
	case errors.Is(err, os.ErrPermission):
		return "cannot be read (permission denied)"
	default:
		return "cannot be read"
	}
}

func checkNotEmpty(s string) error {
	if s == "" {
		return errors.New("want a value, not an empty string")
	}
	return nil
}

// checkEndpoint accepts a Bot API endpoint format: an http(s) URL with exactly two %s, the
// token first and the method second, and no other formatting verb.
func checkEndpoint(s string) error {
	const want = "want an http(s) URL with two %s, for the token and the method, such as http://127.0.0.1:8081/bot%s/%s"
	if strings.Count(s, "%s") != 2 || strings.Count(s, "%") != 2 {
		return errors.New(want)
	}
	u, err := url.Parse(fmt.Sprintf(s, "TOKEN", "getMe"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return errors.New(want)
	}
	return nil
}

// checkHTTPURL accepts an empty string or an absolute http(s) URL.
func checkHTTPURL(s string) error {
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return errors.New("want an http(s) URL such as http://localhost:11434/v1")
	}
	return nil
}

// checkWebhookURL accepts an empty string or an https URL, the only kind Telegram posts to.
func checkWebhookURL(s string) error {
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "https" || u.Host == "" {
		return errors.New("want the bot's public https URL, such as https://bot.example.com/telegram/webhook")
	}
	return nil
}

// checkListenAddr accepts an empty string or host:port, where host may be empty.
func checkListenAddr(s string) error {
	if s == "" {
		return nil
	}
	if _, port, err := net.SplitHostPort(s); err != nil || port == "" {
		return errors.New("want host:port or :port, such as :8080 or 127.0.0.1:8080")
	}
	return nil
}

func validToken(s string) bool {
	id, rest, ok := strings.Cut(s, ":")
	if !ok || id == "" || rest == "" {
		return false
	}
	for _, r := range id {
		if r < '0' || r > '9' {
			return false
		}
	}
	return onlyTokenChars(rest)
}

func validSecret(s string) bool { return len(s) <= 256 && onlyTokenChars(s) }

func onlyTokenChars(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}
