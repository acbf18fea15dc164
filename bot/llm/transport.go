package llm

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// transport makes go-openai's requests robust: go-openai never retries and never sends
// "temperature": 0 (the field is omitempty), so this RoundTripper retries 429s (honouring
// Retry-After), 5xxs and network errors with bounded exponential backoff, and writes the
// temperature into chat requests that lack one.
type transport struct {
	base       http.RoundTripper
	maxRetries int
	backoff    time.Duration
	maxWait    time.Duration
	// temperature, when set, is written into chat completion requests that have none.
	temperature *float32
	now         func() time.Time
	sleep       func(ctx context.Context, d time.Duration) error
	log         *slog.Logger
	redact      func(string) string
}

// NewHTTPClient returns an HTTP client for OpenAI-compatible APIs built on base (nil: a new
// default client): it retries 429s (honouring Retry-After), 5xxs and network errors as cfg says
// (MaxRetries, Backoff, MaxRetryWait, Sleep, Now), writes the configured temperature into chat
// requests even when it is 0, and never logs the key (APIKey, used only for redaction). The
// command can give it to API embeddings (go-openai's ClientConfig.HTTPClient) as well; cfg.Model
// is not needed for that. New uses it for chat.
func NewHTTPClient(cfg Config, logger *slog.Logger, base *http.Client) (*http.Client, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	return newHTTPClient(cfg, logger, base), nil
}

func newHTTPClient(cfg Config, logger *slog.Logger, base *http.Client) *http.Client {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	if base == nil {
		base = &http.Client{}
	}
	rt := base.Transport
	if rt == nil {
		rt = http.DefaultTransport
	}
	t := &transport{
		base: rt, maxRetries: cfg.MaxRetries, backoff: cfg.Backoff, maxWait: cfg.MaxRetryWait,
		now: cfg.Now, sleep: cfg.Sleep, log: logger, redact: redactor(cfg.APIKey),
	}
	if !cfg.OmitTemperature {
		temp := cfg.Temperature
		t.temperature = &temp
	}
	c := *base
	c.Transport = t
	return &c
}

// maxErrorBody bounds how much of an error response is buffered.
const maxErrorBody = 64 << 10

func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil && req.Body != http.NoBody {
		b, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
		body = b
	}
	if t.temperature != nil && req.Method == http.MethodPost && strings.HasSuffix(req.URL.Path, "/chat/completions") {
		body = setTemperature(body, *t.temperature)
	}
	ctx := req.Context()
	for attempt := 0; ; attempt++ {
		r := req.Clone(ctx)
		if body != nil {
			r.Body = io.NopCloser(bytes.NewReader(body))
			r.ContentLength = int64(len(body))
			r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
		}
		resp, err := t.base.RoundTrip(r)
		wait, retry := t.retryable(ctx, resp, err, attempt)
		if !retry || attempt >= t.maxRetries {
			return resp, err
		}
		if deadline, ok := ctx.Deadline(); ok && t.now().Add(wait).After(deadline) {
			return resp, err // the wait would outlast the answer's time budget
		}
		status := 0
		if resp != nil {
			status = resp.StatusCode
			io.Copy(io.Discard, io.LimitReader(resp.Body, maxErrorBody))
			resp.Body.Close()
		}
		args := []any{"path", req.URL.Path, "attempt", attempt + 1, "wait", wait}
		if err != nil {
			args = append(args, "err", t.redact(err.Error()))
		} else {
			args = append(args, "status", status)
		}
		t.log.Warn("llm api request failed; retrying", args...)
		if err := t.sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
}

// retryable decides whether a request is worth repeating and after how long.
func (t *transport) retryable(ctx context.Context, resp *http.Response, err error, attempt int) (time.Duration, bool) {
	if ctx.Err() != nil {
		return 0, false
	}
	backoff := t.backoff << min(attempt, 16)
	backoff = min(backoff, maxBackoff)
	if err != nil {
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return 0, false
		}
		return backoff, true // connection refused, reset, EOF…
	}
	switch resp.StatusCode {
	case http.StatusTooManyRequests:
		// OpenAI answers 429 also when the account has no credit: waiting does not help.
		body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
		resp.Body.Close()
		resp.Body = io.NopCloser(bytes.NewReader(body))
		if bytes.Contains(body, []byte("insufficient_quota")) {
			return 0, false
		}
		if d, ok := retryAfter(resp.Header, t.now()); ok {
			if d > t.maxWait {
				return 0, false
			}
			return d, true
		}
		return backoff, true
	case http.StatusRequestTimeout, http.StatusInternalServerError, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		if d, ok := retryAfter(resp.Header, t.now()); ok && d <= t.maxWait {
			return max(d, backoff), true
		}
		return backoff, true
	}
	return 0, false
}

// retryAfter reads how long a server asks to wait: OpenAI's retry-after-ms, or Retry-After in
// seconds or as an HTTP date.
func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	if v := strings.TrimSpace(h.Get("Retry-After-Ms")); v != "" {
		if ms, err := strconv.ParseFloat(v, 64); err == nil && ms >= 0 {
			return time.Duration(ms * float64(time.Millisecond)), true
		}
	}
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if s, err := strconv.ParseFloat(v, 64); err == nil {
		if s < 0 {
			return 0, false
		}
		return time.Duration(s * float64(time.Second)), true
	}
	if at, err := http.ParseTime(v); err == nil {
		return max(at.Sub(now), 0), true
	}
	return 0, false
}

// setTemperature writes "temperature" into a JSON request body that has none; a body it cannot
// read is left alone.
func setTemperature(body []byte, temp float32) []byte {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(body, &m); err != nil {
		return body
	}
	if _, ok := m["temperature"]; ok {
		return body
	}
	v, err := json.Marshal(temp)
	if err != nil {
		return body
	}
	m["temperature"] = v
	out, err := json.Marshal(m)
	if err != nil {
		return body
	}
	return out
}
