package telegram

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"sync"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// redactor removes a bot token from text. tgbotapi puts the token in every request URL, so any
// transport error (*url.Error) it returns carries it.
type redactor struct {
	secrets []string
}

const redacted = "<redacted>"

func newRedactor(token string) *redactor {
	r := &redactor{}
	if token != "" {
		r.secrets = append(r.secrets, token)
		if esc := url.PathEscape(token); esc != token {
			r.secrets = append(r.secrets, esc)
		}
		if esc := url.QueryEscape(token); esc != token && esc != url.PathEscape(token) {
			r.secrets = append(r.secrets, esc)
		}
	}
	return r
}

func (r *redactor) contains(s string) bool {
	for _, t := range r.secrets {
		if strings.Contains(s, t) {
			return true
		}
	}
	return false
}

func (r *redactor) redact(s string) string {
	for _, t := range r.secrets {
		s = strings.ReplaceAll(s, t, redacted)
	}
	return s
}

// redactedError is an error whose message had the token removed. It unwraps to the cause
// below the URL, so errors.Is(err, context.Canceled) still works.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// err returns err with the token removed from its message. Bot API errors (*tgbotapi.Error)
// are kept as they are, so callers can inspect their code and retry_after.
func (r *redactor) err(err error) error {
	if err == nil {
		return nil
	}
	var api *tgbotapi.Error
	if errors.As(err, &api) && !r.contains(api.Message) {
		return api
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		cause := ue.Err
		if cause != nil && r.contains(cause.Error()) {
			cause = errors.New(r.redact(cause.Error()))
		}
		return &redactedError{msg: r.redact(err.Error()), err: cause}
	}
	if !r.contains(err.Error()) {
		return err
	}
	var cause error
	switch {
	case errors.Is(err, context.Canceled):
		cause = context.Canceled
	case errors.Is(err, context.DeadlineExceeded):
		cause = context.DeadlineExceeded
	}
	return &redactedError{msg: r.redact(err.Error()), err: cause}
}

// redactHandler is a slog.Handler that removes the token from messages and attributes, the
// last line of defence should an error with the token reach a log call.
type redactHandler struct {
	h slog.Handler
	r *redactor
}

func (h *redactHandler) Enabled(ctx context.Context, l slog.Level) bool { return h.h.Enabled(ctx, l) }

func (h *redactHandler) Handle(ctx context.Context, rec slog.Record) error {
	out := slog.NewRecord(rec.Time, rec.Level, h.r.redact(rec.Message), rec.PC)
	rec.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(h.attr(a))
		return true
	})
	return h.h.Handle(ctx, out)
}

func (h *redactHandler) WithAttrs(as []slog.Attr) slog.Handler {
	out := make([]slog.Attr, len(as))
	for i, a := range as {
		out[i] = h.attr(a)
	}
	return &redactHandler{h: h.h.WithAttrs(out), r: h.r}
}

func (h *redactHandler) WithGroup(name string) slog.Handler {
	return &redactHandler{h: h.h.WithGroup(name), r: h.r}
}

func (h *redactHandler) attr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		if h.r.contains(v.String()) {
			return slog.String(a.Key, h.r.redact(v.String()))
		}
	case slog.KindAny:
		if s := fmt.Sprint(v.Any()); h.r.contains(s) {
			return slog.String(a.Key, h.r.redact(s))
		}
	case slog.KindGroup:
		as := v.Group()
		out := make([]any, len(as))
		for i, g := range as {
			out[i] = h.attr(g)
		}
		return slog.Group(a.Key, out...)
	}
	return slog.Attr{Key: a.Key, Value: v}
}

// tgLogger is the logger given to tgbotapi (which has one global logger): it redacts the
// tokens of every Bot created in the process and writes to the latest Bot's logger.
type tgLogger struct {
	mu     sync.Mutex
	r      *redactor
	logger *slog.Logger
}

var (
	tgLog        = &tgLogger{r: &redactor{}, logger: slog.New(slog.DiscardHandler)}
	tgLogInstall sync.Once
)

func registerTgLogger(token string, logger *slog.Logger) {
	tgLogInstall.Do(func() { _ = tgbotapi.SetLogger(tgLog) })
	tgLog.mu.Lock()
	defer tgLog.mu.Unlock()
	tgLog.r.secrets = append(tgLog.r.secrets, newRedactor(token).secrets...)
	tgLog.logger = logger
}

func (l *tgLogger) Println(v ...any) { l.write(strings.TrimSuffix(fmt.Sprintln(v...), "\n")) }

func (l *tgLogger) Printf(format string, v ...any) { l.write(fmt.Sprintf(format, v...)) }

func (l *tgLogger) write(msg string) {
	l.mu.Lock()
	msg = l.r.redact(msg)
	logger := l.logger
	l.mu.Unlock()
	logger.Warn("tgbotapi: " + msg)
}
