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

func redact(s string, secrets []string) string {
	for _, secret := range secrets {
		s = strings.ReplaceAll(s, secret, "[REDACTED]")
	}
	return s
}
