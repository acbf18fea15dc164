package config

import (
	"fmt"
	"strings"
)

// Setting is one line of the effective configuration, safe to print.
type Setting struct {
	Name   string // environment variable
	Flag   string // flag name without dashes; empty for secrets
	Value  string // the value, or "set (redacted)" / "not set" for secrets
	Source Source
	Help   string
}

// The values Redacted shows for secrets.
const (
	SecretSet    = "set (redacted)"
	SecretNotSet = "not set"
)

// Redacted lists every setting with its value and where it came from, secrets masked.
func (c Config) Redacted() []Setting {
	out := make([]Setting, 0, len(settings))
	for _, s := range settings {
		cp := c
		v := s.bind(&cp).String()
		if s.secret {
			v = SecretNotSet
			if s.bind(&cp).String() != "" {
				v = SecretSet
			}
		}
		out = append(out, Setting{Name: s.env, Flag: s.flag, Value: v, Source: c.Source(s.env), Help: s.help})
	}
	return out
}

// SecretNames returns the environment variables that hold secrets.
func SecretNames() []string {
	var out []string
	for _, s := range settings {
		if s.secret {
			out = append(out, s.env)
		}
	}
	return out
}

// Secrets returns the secret values that are set, for scrubbing them from any output.
func (c Config) Secrets() []string {
	var out []string
	for _, s := range settings {
		if !s.secret {
			continue
		}
		cp := c
		if v := s.bind(&cp).String(); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// Redact replaces every secret of c in s with "[REDACTED]". Transport errors of Telegram
// clients contain the bot URL, token included; pass them through this before showing them.
func (c Config) Redact(s string) string { return redact(s, c.Secrets()) }

// MarkdownTable renders the configuration table of docs/configuration.md: every environment
// variable, its flag, its default and its meaning.
func MarkdownTable() string {
	var b strings.Builder
	b.WriteString("| Environment variable | Flag | Default | Meaning |\n")
	b.WriteString("|---|---|---|---|\n")
	d := Default()
	for _, s := range settings {
		flag := "— (environment only)"
		if s.flag != "" {
			flag = "`--" + s.flag + "`"
		}
		def := s.bind(&d).String()
		if def == "" {
			def = "(empty)"
		} else {
			def = "`" + def + "`"
		}
		help := strings.ReplaceAll(s.help, "|", "\\|")
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", s.env, flag, def, help)
	}
	return b.String()
}
