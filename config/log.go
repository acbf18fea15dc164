package config

import (
	"io"
	"log/slog"
	"strings"
)

// NewLogger returns the logger the configuration asks for: text or JSON on w, at its level.
// Every secret of c is scrubbed from messages and attributes (errors included), so a token
// inside a transport error never reaches the log.
func (c Config) NewLogger(w io.Writer) *slog.Logger {
	var level slog.Level
	switch c.LogLevel {
	case "debug":
		level = slog.LevelDebug
	case "warn":
		level = slog.LevelWarn
	case "error":
		level = slog.LevelError
	default:
		level = slog.LevelInfo
	}
	secrets := c.Secrets()
	opts := &slog.HandlerOptions{Level: level}
	if len(secrets) > 0 {
		opts.ReplaceAttr = func(_ []string, a slog.Attr) slog.Attr {
			var s string
			switch a.Value.Kind() {
			case slog.KindString:
				s = a.Value.String()
			case slog.KindAny:
				switch v := a.Value.Any().(type) {
				case error:
					s = v.Error()
				case interface{ String() string }:
					s = v.String()
				default:
					return a
				}
			default:
				return a
			}
			if r := redact(s, secrets); r != s || a.Value.Kind() == slog.KindAny {
				return slog.String(a.Key, r)
			}
			return a
		}
	}
	var h slog.Handler
	if c.LogFormat == "json" {
		h = slog.NewJSONHandler(w, opts)
	} else {
		h = slog.NewTextHandler(w, opts)
	}
	return slog.New(h)
}

// redact replaces the secrets in s with "[REDACTED]". A secret shorter than
// minRedactEverywhere ("x", "abc": placeholders people give local model servers) is replaced
// only where it stands as a word of its own, so that logs stay readable: "x" in
// "text-embedding-3-small" is no secret.
func redact(s string, secrets []string) string {
	for _, secret := range secrets {
		if len(secret) >= minRedactEverywhere {
			s = strings.ReplaceAll(s, secret, "[REDACTED]")
			continue
		}
		var b strings.Builder
		for rest := s; ; {
			i := strings.Index(rest, secret)
			if i < 0 {
				b.WriteString(rest)
				break
			}
			end := i + len(secret)
			if isWordEdge(rest, i-1) && isWordEdge(rest, end) {
				b.WriteString(rest[:i])
				b.WriteString("[REDACTED]")
			} else {
				b.WriteString(rest[:end])
			}
			rest = rest[end:]
		}
		s = b.String()
	}
	return s
}

// minRedactEverywhere is the length from which a secret is replaced wherever it occurs.
const minRedactEverywhere = 8

// isWordEdge reports whether position i of s (-1 or len(s) for the ends) is not a letter,
// digit, '-' or '_': a short secret there is a word of its own.
func isWordEdge(s string, i int) bool {
	if i < 0 || i >= len(s) {
		return true
	}
	c := s[i]
	return !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_')
}
