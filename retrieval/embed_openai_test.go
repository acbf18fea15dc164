package retrieval

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// fakeOpenAI plays an OpenAI-compatible /v1/embeddings endpoint on loopback. Its vectors are
// the local embedder's, scaled by 3 so the client must normalise them; it answers in reverse
// order so the client must sort by index. fail, when set, may answer a request itself.
type fakeOpenAI struct {
	srv *httptest.Server

	mu       sync.Mutex
	requests []fakeEmbedRequest
	fail     func(n int, w http.ResponseWriter, r *http.Request) bool
}

type fakeEmbedRequest struct {
	Input      []string `json:"input"`
	Model      string   `json:"model"`
	Dimensions int      `json:"dimensions"`
	auth       string
}

func newFakeOpenAI(t testing.TB) *fakeOpenAI {
	f := &fakeOpenAI{}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

// URL is the /v1 base URL.
func (f *fakeOpenAI) URL() string { return f.srv.URL + "/v1" }

func (f *fakeOpenAI) setFail(fn func(n int, w http.ResponseWriter, r *http.Request) bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.fail = fn
}

// Requests returns the requests received so far and forgets them.
func (f *fakeOpenAI) take() []fakeEmbedRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := f.requests
	f.requests = nil
	return out
}

func (f *fakeOpenAI) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != "/v1/embeddings" {
		http.NotFound(w, r)
		return
	}
	var req fakeEmbedRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	req.auth = r.Header.Get("Authorization")
	f.mu.Lock()
	n := len(f.requests)
	f.requests = append(f.requests, req)
	fail := f.fail
	f.mu.Unlock()
	if fail != nil && fail(n, w, r) {
		return
	}
	dims := req.Dimensions
	if dims == 0 {
		dims = 32
	}
	writeEmbeddings(w, fakeVectors(req.Input, dims))
}

// fakeVectors are the fake server's vectors: meaningful (similar texts are near) and not unit length.
func fakeVectors(texts []string, dims int) [][]float32 {
	e := &LocalEmbedder{Dim: dims, Lang: LangID}
	vs, _ := e.Embed(context.Background(), texts)
	for _, v := range vs {
		for i := range v {
			v[i] *= 3
		}
	}
	return vs
}

func writeEmbeddings(w http.ResponseWriter, vecs [][]float32) {
	resp := openai.EmbeddingResponse{Object: "list", Model: "fake"}
	for i := len(vecs) - 1; i >= 0; i-- {
		resp.Data = append(resp.Data, openai.Embedding{Object: "embedding", Embedding: vecs[i], Index: i})
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(resp)
}

// sleeps records the waits between retries instead of waiting.
type sleeps struct {
	mu sync.Mutex
	d  []time.Duration
}

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.d = append(s.d, d)
	return ctx.Err()
}

func (s *sleeps) get() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.d...)
}

const testAPIKey = "sk-test-SECRET-0123456789"

func newTestEmbedder(t testing.TB, f *fakeOpenAI, cfg OpenAIEmbedderConfig) (*OpenAIEmbedder, *sleeps) {
	t.Helper()
	s := &sleeps{}
	cfg.BaseURL = f.URL()
	if cfg.Model == "" {
		cfg.Model = "fake-embed"
	}
	if cfg.Sleep == nil {
		cfg.Sleep = s.sleep
	}
	e, err := NewOpenAIEmbedder(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return e, s
}

func isUnit(v []float32) bool {
	var sum float64
	for _, x := range v {
		sum += float64(x) * float64(x)
	}
	return math.Abs(sum-1) < 1e-4
}

func TestOpenAIEmbedderBatchesSortsAndNormalises(t *testing.T) {
	f := newFakeOpenAI(t)
	e, _ := newTestEmbedder(t, f, OpenAIEmbedderConfig{APIKey: testAPIKey, Model: "text-embedding-3-small", Dimensions: 16})
	texts := make([]string, 150)
	for i := range texts {
		texts[i] = fmt.Sprintf("Perundingan enam pihak putaran %d di Beijing", i)
	}
	texts[7] = "" // servers reject empty inputs
	vecs, err := e.Embed(context.Background(), texts)
	if err != nil {
		t.Fatal(err)
	}
	reqs := f.take()
	var sizes []int
	for _, r := range reqs {
		sizes = append(sizes, len(r.Input))
		if r.auth != "Bearer "+testAPIKey || r.Model != "text-embedding-3-small" || r.Dimensions != 16 {
			t.Errorf("request: auth %q, model %q, dimensions %d", r.auth, r.Model, r.Dimensions)
		}
	}
	if want := []int{64, 64, 22}; !reflect.DeepEqual(sizes, want) {
		t.Errorf("batch sizes %v, want %v", sizes, want)
	}
	if e.Requests() != 3 {
		t.Errorf("Requests() = %d, want 3", e.Requests())
	}
	if reqs[0].Input[7] == "" {
		t.Error("empty text sent as is")
	}
	want := fakeVectors(texts, 16)
	for i, v := range vecs {
		if !isUnit(v) {
			t.Fatalf("vector %d not unit length", i)
		}
		if texts[i] == "" {
			continue
		}
		Normalize(want[i])
		for j := range v {
			if math.Abs(float64(v[j]-want[i][j])) > 1e-5 {
				t.Fatalf("vector %d is not text %d's (order lost?)", i, i)
			}
		}
	}
	if got := e.Name(); got != "openai:text-embedding-3-small:16" {
		t.Errorf("Name() = %q", got)
	}
}

func TestOpenAIEmbedderWithoutKeyOrDimensions(t *testing.T) {
	f := newFakeOpenAI(t)
	e, _ := newTestEmbedder(t, f, OpenAIEmbedderConfig{Model: "nomic-embed-text"})
	if _, err := e.Embed(context.Background(), []string{"satu", "dua"}); err != nil {
		t.Fatal(err)
	}
	r := f.take()[0]
	if r.auth != "" || r.Dimensions != 0 {
		t.Errorf("auth %q, dimensions %d; want neither", r.auth, r.Dimensions)
	}
	if got := e.Name(); got != "openai:nomic-embed-text" {
		t.Errorf("Name() = %q", got)
	}
	if _, err := NewOpenAIEmbedder(OpenAIEmbedderConfig{BaseURL: f.URL()}); err == nil {
		t.Error("no model: no error")
	}
}

func TestOpenAIEmbedderRetries(t *testing.T) {
	tests := []struct {
		name       string
		fail       func(n int, w http.ResponseWriter, r *http.Request) bool
		maxRetries int
		wantErr    string
		wantReqs   int
		wantSleeps []time.Duration
	}{
		{
			name: "429 with Retry-After, then success",
			fail: func(n int, w http.ResponseWriter, r *http.Request) bool {
				if n > 0 {
					return false
				}
				w.Header().Set("Retry-After", "7")
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusTooManyRequests)
				fmt.Fprint(w, `{"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}}`)
				return true
			},
			wantReqs:   2,
			wantSleeps: []time.Duration{7 * time.Second},
		},
		{
			name: "5xx twice, then success",
			fail: func(n int, w http.ResponseWriter, r *http.Request) bool {
				if n > 1 {
					return false
				}
				http.Error(w, "upstream unavailable", http.StatusBadGateway)
				return true
			},
			wantReqs:   3,
			wantSleeps: []time.Duration{openAIBackoffBase, 2 * openAIBackoffBase},
		},
		{
			name: "connection dropped, then success",
			fail: func(n int, w http.ResponseWriter, r *http.Request) bool {
				if n > 0 {
					return false
				}
				conn, _, err := w.(http.Hijacker).Hijack()
				if err == nil {
					conn.Close()
				}
				return true
			},
			wantReqs:   2,
			wantSleeps: []time.Duration{openAIBackoffBase},
		},
		{
			name: "retries exhausted",
			fail: func(n int, w http.ResponseWriter, r *http.Request) bool {
				http.Error(w, "overloaded", http.StatusServiceUnavailable)
				return true
			},
			maxRetries: 2,
			wantErr:    "503",
			wantReqs:   3,
			wantSleeps: []time.Duration{openAIBackoffBase, 2 * openAIBackoffBase},
		},
		{
			name: "400 is not retried",
			fail: func(n int, w http.ResponseWriter, r *http.Request) bool {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusBadRequest)
				fmt.Fprint(w, `{"error":{"message":"model not found","type":"invalid_request_error"}}`)
				return true
			},
			wantErr:  "model not found",
			wantReqs: 1,
		},
		{
			name: "malformed JSON",
			fail: func(n int, w http.ResponseWriter, r *http.Request) bool {
				w.Header().Set("Content-Type", "application/json")
				fmt.Fprint(w, `{"object":"list","data":[{"embedding":[0.1,0.2],"index":0},oops]}`)
				return true
			},
			wantErr:  "invalid character",
			wantReqs: 1,
		},
		{
			name: "wrong count",
			fail: func(n int, w http.ResponseWriter, r *http.Request) bool {
				writeEmbeddings(w, fakeVectors([]string{"satu"}, 8))
				return true
			},
			wantErr:  "1 vectors for 2 texts",
			wantReqs: 1,
		},
		{
			name: "wrong dimensions",
			fail: func(n int, w http.ResponseWriter, r *http.Request) bool {
				writeEmbeddings(w, fakeVectors([]string{"satu", "dua"}, 5))
				return true
			},
			wantErr:  "5 dimensions, want 8",
			wantReqs: 1,
		},
		{
			name: "zero vector",
			fail: func(n int, w http.ResponseWriter, r *http.Request) bool {
				writeEmbeddings(w, [][]float32{make([]float32, 8), make([]float32, 8)})
				return true
			},
			wantErr:  "zero vector",
			wantReqs: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeOpenAI(t)
			f.setFail(tt.fail)
			logger, logs := oaiLogger()
			e, s := newTestEmbedder(t, f, OpenAIEmbedderConfig{APIKey: testAPIKey, Dimensions: 8, MaxRetries: tt.maxRetries, Logger: logger})
			vecs, err := e.Embed(context.Background(), []string{"satu", "dua"})
			if tt.wantErr == "" && err != nil {
				t.Fatalf("unexpected error: %v", err)
			} else if tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("error %v, want one containing %q", err, tt.wantErr)
			}
			if got := len(f.take()); got != tt.wantReqs {
				t.Errorf("%d requests, want %d", got, tt.wantReqs)
			}
			if got := e.Requests(); got != int64(tt.wantReqs) {
				t.Errorf("Requests() = %d, want %d", got, tt.wantReqs)
			}
			if got := s.get(); !reflect.DeepEqual(got, tt.wantSleeps) {
				t.Errorf("sleeps %v, want %v", got, tt.wantSleeps)
			}
			if err == nil {
				for _, v := range vecs {
					if !isUnit(v) {
						t.Error("vector not unit length")
					}
				}
			}
			if strings.Contains(logs.String(), testAPIKey) {
				t.Error("key in the logs")
			}
		})
	}
}

func TestOpenAIEmbedderConcurrentBatches(t *testing.T) {
	f := newFakeOpenAI(t)
	e, _ := newTestEmbedder(t, f, OpenAIEmbedderConfig{BatchSize: 3, Concurrency: 4, Dimensions: 8})
	texts := make([]string, 31)
	for i := range texts {
		texts[i] = fmt.Sprintf("teks nomor %d tentang Pyongyang", i)
	}
	vecs, err := e.Embed(context.Background(), texts)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(f.take()); got != 11 {
		t.Errorf("%d requests, want 11", got)
	}
	want := fakeVectors(texts, 8)
	for i := range vecs {
		if !reflect.DeepEqual(vecs[i], Normalize(want[i])) {
			t.Fatalf("vector %d is not text %d's", i, i)
		}
	}

	// One batch failing for good fails the call.
	f.setFail(func(n int, w http.ResponseWriter, r *http.Request) bool {
		if n == 5 {
			http.Error(w, "bad input", http.StatusBadRequest)
			return true
		}
		return false
	})
	if _, err := e.Embed(context.Background(), texts); err == nil || !strings.Contains(err.Error(), "bad input") {
		t.Fatalf("error %v, want the failing batch's", err)
	}
}

func TestOpenAIEmbedderRepeatedIndexIsAnError(t *testing.T) {
	f := newFakeOpenAI(t)
	f.setFail(func(n int, w http.ResponseWriter, r *http.Request) bool {
		v := fakeVectors([]string{"satu"}, 8)[0]
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(openai.EmbeddingResponse{Data: []openai.Embedding{{Embedding: v, Index: 1}, {Embedding: v, Index: 1}}})
		return true
	})
	e, _ := newTestEmbedder(t, f, OpenAIEmbedderConfig{})
	if _, err := e.Embed(context.Background(), []string{"satu", "dua"}); err == nil || !strings.Contains(err.Error(), "repeated index 1") {
		t.Fatalf("error %v, want a repeated index", err)
	}
}

func TestOpenAIEmbedderNeverShowsTheKey(t *testing.T) {
	// A server (or a proxy) that echoes the Authorization header in its errors.
	for _, status := range []int{http.StatusUnauthorized, http.StatusInternalServerError} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			f := newFakeOpenAI(t)
			f.setFail(func(n int, w http.ResponseWriter, r *http.Request) bool {
				if status == http.StatusUnauthorized {
					w.Header().Set("Content-Type", "application/json")
					w.WriteHeader(status)
					fmt.Fprintf(w, `{"error":{"message":"Incorrect API key provided: %s","type":"invalid_request_error"}}`, r.Header.Get("Authorization"))
				} else {
					http.Error(w, "bad header "+r.Header.Get("Authorization"), status)
				}
				return true
			})
			logger, logs := oaiLogger()
			e, _ := newTestEmbedder(t, f, OpenAIEmbedderConfig{APIKey: testAPIKey, MaxRetries: 1, Logger: logger})
			_, err := e.Embed(context.Background(), []string{"satu"})
			if err == nil {
				t.Fatal("no error")
			}
			if strings.Contains(err.Error(), testAPIKey) || strings.Contains(fmt.Sprintf("%+v", err), testAPIKey) {
				t.Errorf("key in the error: %v", err)
			}
			if strings.Contains(logs.String(), testAPIKey) {
				t.Errorf("key in the logs: %s", logs)
			}
			if !strings.Contains(err.Error(), "[REDACTED]") {
				t.Errorf("error %v does not show where the key was", err)
			}
			if status == http.StatusUnauthorized {
				var apiErr *openai.APIError
				if !errors.As(err, &apiErr) || apiErr.HTTPStatusCode != status {
					t.Errorf("error %v does not unwrap to the API error", err)
				}
			} else if !strings.Contains(logs.String(), "retrying") {
				t.Errorf("retry not logged: %s", logs)
			}
		})
	}
}

func TestOpenAIEmbedderTimeoutIsRetried(t *testing.T) {
	f := newFakeOpenAI(t)
	f.setFail(func(n int, w http.ResponseWriter, r *http.Request) bool {
		if n > 0 {
			return false
		}
		<-r.Context().Done() // hang until the client gives up
		return true
	})
	// The timeout is real time: under -race on a loaded machine an ordinary request can
	// outlast a short one too, and is then retried as well. What must hold is that the hung
	// request was retried and the call succeeded.
	e, s := newTestEmbedder(t, f, OpenAIEmbedderConfig{Timeout: 200 * time.Millisecond})
	if _, err := e.Embed(context.Background(), []string{"satu"}); err != nil {
		t.Fatal(err)
	}
	if got := len(s.get()); got < 1 {
		t.Errorf("%d retries, want at least 1", got)
	}
}

func TestOpenAIEmbedderStopsWithItsContext(t *testing.T) {
	f := newFakeOpenAI(t)
	f.setFail(func(n int, w http.ResponseWriter, r *http.Request) bool {
		http.Error(w, "overloaded", http.StatusServiceUnavailable)
		return true
	})
	ctx, cancel := context.WithCancel(context.Background())
	e, _ := newTestEmbedder(t, f, OpenAIEmbedderConfig{MaxRetries: 100, Sleep: func(ctx context.Context, d time.Duration) error {
		cancel()
		return ctx.Err()
	}})
	if _, err := e.Embed(ctx, []string{"satu"}); !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	if got := e.Requests(); got != 1 {
		t.Errorf("%d requests after cancel, want 1", got)
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"", 0},
		{"3", 3 * time.Second},
		{"0.5", 500 * time.Millisecond},
		{"0", 0},
		{"-4", 0},
		{"NaN", 0},
		{"3600", openAIRetryAfterMax},
		{now.Add(9 * time.Second).Format(http.TimeFormat), 9 * time.Second},
		{now.Add(-time.Minute).Format(http.TimeFormat), 0},
		{"soon", 0},
	}
	for _, tt := range tests {
		if got := parseRetryAfter(tt.in, now); got != tt.want {
			t.Errorf("parseRetryAfter(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func oaiLogger() (*slog.Logger, *bytes.Buffer) {
	var buf bytes.Buffer
	return slog.New(slog.NewTextHandler(&syncWriter{w: &buf}, &slog.HandlerOptions{Level: slog.LevelDebug})), &buf
}

// syncWriter lets the race detector see log writes and reads as ordered.
type syncWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

func BenchmarkOpenAIEmbedder(b *testing.B) {
	f := newFakeOpenAI(b)
	e, _ := newTestEmbedder(b, f, OpenAIEmbedderConfig{Dimensions: 256})
	texts := make([]string, 256)
	for i := range texts {
		texts[i] = fmt.Sprintf("Korea Utara menguji rudal balistik antarbenua ke-%d pada tahun 2017.", i)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := e.Embed(context.Background(), texts); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*len(texts))/b.Elapsed().Seconds(), "texts/s")
}
