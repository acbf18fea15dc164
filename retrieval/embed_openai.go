package retrieval

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// OpenAIEmbedderConfig configures an OpenAIEmbedder.
type OpenAIEmbedderConfig struct {
	// BaseURL is the API's /v1 root: "" means OpenAI's; Ollama is "http://localhost:11434/v1",
	// vLLM, LM Studio and LocalAI serve the same routes.
	BaseURL string
	// APIKey may be empty for local servers that need none. It is never logged nor put in errors.
	APIKey string
	// Model is the embedding model ("text-embedding-3-small", "nomic-embed-text", "bge-m3"); required.
	Model string
	// Dimensions, when > 0, asks the model for shorter vectors (text-embedding-3 and later) and is
	// checked against every vector returned.
	Dimensions int
	// BatchSize is the number of texts per request; 0 means DefaultOpenAIBatchSize.
	BatchSize int
	// Concurrency is how many requests may run at once; 0 means 1. Local servers mostly
	// queue parallel requests, so more helps mainly with hosted APIs.
	Concurrency int
	// Timeout bounds each HTTP request (each retry gets its own); 0 means 60s.
	Timeout time.Duration
	// MaxRetries is how many times a request that failed with 429, 5xx or a network error is
	// repeated; 0 means DefaultOpenAIMaxRetries, negative means never.
	MaxRetries int
	// HTTPClient sends the requests; nil means a new http.Client.
	HTTPClient *http.Client
	// Logger receives retries as warnings; nil discards them.
	Logger *slog.Logger
	// Sleep waits between retries; nil means a timer that honours ctx. Tests inject one.
	Sleep func(ctx context.Context, d time.Duration) error
}

// Defaults of OpenAIEmbedderConfig.
const (
	DefaultOpenAIBatchSize  = 64
	DefaultOpenAIMaxRetries = 4
	defaultOpenAITimeout    = 60 * time.Second
	// Backoff between retries doubles from openAIBackoffBase up to openAIBackoffMax; a longer
	// Retry-After is capped at openAIRetryAfterMax so a confused server cannot stall start-up.
	openAIBackoffBase   = 500 * time.Millisecond
	openAIBackoffMax    = 8 * time.Second
	openAIRetryAfterMax = 60 * time.Second
)

// OpenAIEmbedder embeds texts through an OpenAI-compatible /v1/embeddings endpoint with
// go-openai, which does not retry: OpenAIEmbedder retries 429 (honouring Retry-After), 5xx and
// network errors with a bounded backoff. Every vector it returns has unit length, as chromem-go
// requires (not every model normalises its output).
type OpenAIEmbedder struct {
	cfg      OpenAIEmbedderConfig
	client   *openai.Client
	requests atomic.Int64
}

// NewOpenAIEmbedder checks a configuration and returns an embedder; it makes no request.
func NewOpenAIEmbedder(cfg OpenAIEmbedderConfig) (*OpenAIEmbedder, error) {
	cfg.Model = strings.TrimSpace(cfg.Model)
	if cfg.Model == "" {
		return nil, errors.New("openai embedder: no model")
	}
	if cfg.Dimensions < 0 {
		return nil, fmt.Errorf("openai embedder: negative dimensions %d", cfg.Dimensions)
	}
	if cfg.BatchSize <= 0 {
		cfg.BatchSize = DefaultOpenAIBatchSize
	}
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = 1
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = defaultOpenAITimeout
	}
	switch {
	case cfg.MaxRetries == 0:
		cfg.MaxRetries = DefaultOpenAIMaxRetries
	case cfg.MaxRetries < 0:
		cfg.MaxRetries = 0
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Sleep == nil {
		cfg.Sleep = sleepContext
	}
	oc := openai.DefaultConfig(cfg.APIKey)
	if cfg.BaseURL != "" {
		oc.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	}
	e := &OpenAIEmbedder{cfg: cfg}
	oc.HTTPClient = &headerDoer{client: cfg.HTTPClient, requests: &e.requests}
	e.client = openai.NewClientWithConfig(oc)
	return e, nil
}

// Name identifies the model and dimensions, so a persistent index rebuilds when either changes.
func (e *OpenAIEmbedder) Name() string {
	if e.cfg.Dimensions > 0 {
		return fmt.Sprintf("openai:%s:%d", e.cfg.Model, e.cfg.Dimensions)
	}
	return "openai:" + e.cfg.Model
}

// Requests is the number of HTTP requests sent so far, retries included.
func (e *OpenAIEmbedder) Requests() int64 { return e.requests.Load() }

// Embed returns one unit-length vector per text, in order, in requests of BatchSize texts, up
// to Concurrency of them at once; the first failure cancels the others.
func (e *OpenAIEmbedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	out := make([][]float32, len(texts))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg       sync.WaitGroup
		once     sync.Once
		firstErr error
	)
	sem := make(chan struct{}, e.cfg.Concurrency)
batches:
	for start := 0; start < len(texts); start += e.cfg.BatchSize {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			break batches
		}
		if ctx.Err() != nil {
			break
		}
		end := min(start+e.cfg.BatchSize, len(texts))
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			vecs, err := e.embedBatch(ctx, texts[start:end])
			if err != nil {
				once.Do(func() { firstErr = err; cancel() })
				return
			}
			copy(out[start:end], vecs)
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	dims := e.cfg.Dimensions
	for i, v := range out {
		if dims == 0 {
			dims = len(v)
		}
		if len(v) != dims {
			return nil, fmt.Errorf("openai embedder: vector %d has %d dimensions, want %d", i, len(v), dims)
		}
	}
	return out, nil
}

// embedBatch sends one request, with retries, and checks and normalises its vectors.
func (e *OpenAIEmbedder) embedBatch(ctx context.Context, texts []string) ([][]float32, error) {
	input := make([]string, len(texts))
	for i, t := range texts {
		// OpenAI rejects empty inputs.
		if strings.TrimSpace(t) == "" {
			t = " "
		}
		input[i] = t
	}
	req := openai.EmbeddingRequestStrings{
		Input:      input,
		Model:      openai.EmbeddingModel(e.cfg.Model),
		Dimensions: e.cfg.Dimensions,
	}
	var resp openai.EmbeddingResponse
	for attempt := 0; ; attempt++ {
		var retryAfter time.Duration
		var err error
		resp, retryAfter, err = e.send(ctx, req)
		if err == nil {
			break
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if attempt >= e.cfg.MaxRetries || !retryable(err) {
			return nil, fmt.Errorf("openai embedder: %w", e.redact(err))
		}
		wait := backoff(attempt, retryAfter)
		e.cfg.Logger.Warn("embedding request failed, retrying",
			"model", e.cfg.Model, "attempt", attempt+1, "wait", wait, "err", e.redact(err))
		if err := e.cfg.Sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
	if len(resp.Data) != len(texts) {
		return nil, fmt.Errorf("openai embedder: %d vectors for %d texts", len(resp.Data), len(texts))
	}
	vecs := make([][]float32, len(texts))
	for _, d := range resp.Data {
		if d.Index < 0 || d.Index >= len(texts) || vecs[d.Index] != nil {
			return nil, fmt.Errorf("openai embedder: bad or repeated index %d in the response", d.Index)
		}
		if err := checkVector(d.Embedding); err != nil {
			return nil, fmt.Errorf("openai embedder: vector %d: %w", d.Index, err)
		}
		vecs[d.Index] = Normalize(d.Embedding)
	}
	return vecs, nil
}

// send makes one request under the per-request timeout and reports the server's Retry-After.
func (e *OpenAIEmbedder) send(ctx context.Context, req openai.EmbeddingRequestStrings) (openai.EmbeddingResponse, time.Duration, error) {
	ctx, cancel := context.WithTimeout(ctx, e.cfg.Timeout)
	defer cancel()
	var h responseHeader
	resp, err := e.client.CreateEmbeddings(context.WithValue(ctx, responseHeaderKey{}, &h), req)
	return resp, h.retryAfter, err
}

// redact removes the API key from an error's text: servers echo keys back, and so do proxies.
func (e *OpenAIEmbedder) redact(err error) error {
	if err == nil || len(e.cfg.APIKey) < 4 || !strings.Contains(err.Error(), e.cfg.APIKey) {
		return err
	}
	return redactedError{msg: strings.ReplaceAll(err.Error(), e.cfg.APIKey, "[REDACTED]"), err: err}
}

// redactedError keeps the chain (for errors.As on *openai.APIError) but not the key in the text.
type redactedError struct {
	msg string
	err error
}

func (r redactedError) Error() string { return r.msg }
func (r redactedError) Unwrap() error { return r.err }

// checkVector rejects vectors chromem-go cannot use.
func checkVector(v []float32) error {
	if len(v) == 0 {
		return errors.New("empty vector")
	}
	var sum float64
	for _, x := range v {
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			return errors.New("vector holds NaN or Inf")
		}
		sum += float64(x) * float64(x)
	}
	if sum == 0 {
		return errors.New("zero vector")
	}
	return nil
}

// retryable tells errors worth repeating: rate limits, server errors, timeouts and broken connections.
func retryable(err error) bool {
	var apiErr *openai.APIError
	if errors.As(err, &apiErr) {
		return retryableStatus(apiErr.HTTPStatusCode)
	}
	var reqErr *openai.RequestError
	if errors.As(err, &reqErr) {
		return retryableStatus(reqErr.HTTPStatusCode)
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return true // the per-request timeout; the caller's context was checked first
	}
	var netErr net.Error
	// http.Client's errors are *url.Error, a net.Error; a body cut short is io.ErrUnexpectedEOF.
	return errors.As(err, &netErr) || errors.Is(err, io.ErrUnexpectedEOF)
}

func retryableStatus(code int) bool {
	return code == http.StatusTooManyRequests || code == http.StatusRequestTimeout || code >= 500
}

// backoff is the wait before retry attempt+1: the server's Retry-After when it gave one (capped),
// else exponential.
func backoff(attempt int, retryAfter time.Duration) time.Duration {
	if retryAfter > 0 {
		return min(retryAfter, openAIRetryAfterMax)
	}
	return min(openAIBackoffBase<<attempt, openAIBackoffMax)
}

func sleepContext(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// responseHeaderKey carries a *responseHeader in a request's context, so headerDoer can report
// Retry-After, which go-openai's errors drop.
type responseHeaderKey struct{}

type responseHeader struct{ retryAfter time.Duration }

// headerDoer is the HTTP client go-openai sees: it counts requests and reads Retry-After.
type headerDoer struct {
	client   *http.Client
	requests *atomic.Int64
}

func (d *headerDoer) Do(req *http.Request) (*http.Response, error) {
	d.requests.Add(1)
	resp, err := d.client.Do(req)
	if err != nil {
		return nil, err
	}
	if h, ok := req.Context().Value(responseHeaderKey{}).(*responseHeader); ok {
		h.retryAfter = parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
	}
	return resp, nil
}

// parseRetryAfter reads Retry-After as seconds or an HTTP date; 0 when absent or unreadable.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if s, err := strconv.ParseFloat(v, 64); err == nil {
		switch {
		case !(s > 0):
			return 0
		case s >= openAIRetryAfterMax.Seconds():
			return openAIRetryAfterMax
		}
		return time.Duration(s * float64(time.Second))
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}
