// Package llmtest is a fake OpenAI-compatible /v1 server on loopback for tests: chat
// completions (plain and streamed as server-sent events), embeddings with deterministic unit
// vectors, scripted per request, with every request recorded and faults on demand (status codes,
// Retry-After, malformed bodies, streams that stall or never end).
//
// It imports only the standard library, so any package's tests can use it, retrieval's included.
//
//	srv := llmtest.New(t)
//	srv.Chat(llmtest.Response{Status: 429, Header: map[string]string{"Retry-After": "1"}},
//		llmtest.Response{Content: "Di Vladivostok [1]."})
//	cfg := openai.DefaultConfig("key")
//	cfg.BaseURL = srv.URL // ends in /v1
package llmtest

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

// Response scripts the server's answer to one request. The zero Response is an empty 200 reply.
type Response struct {
	// Status is the HTTP status; 0 means 200. Non-2xx statuses send an OpenAI-style error body
	// (Message, or a default) unless Body is set.
	Status int
	// Header holds extra response headers, e.g. {"Retry-After": "2"}.
	Header map[string]string
	// Body, when set, is sent verbatim instead of a well-formed reply (malformed JSON, junk).
	Body string
	// Message is the error message of a non-2xx reply.
	Message string

	// Content is the assistant message of a chat completion. A streamed reply sends it in
	// Chunks when those are set, else word by word.
	Content string
	// Chunks are the content deltas of a streamed reply.
	Chunks []string
	// FinishReason is the choice's finish_reason; "" means "stop".
	FinishReason string
	// NoChoices sends a well-formed completion with an empty choices array.
	NoChoices bool
	// NoDone ends a stream without the final "data: [DONE]".
	NoDone bool
	// Endless makes a stream send Content (or "x ") as deltas forever, until the client goes away.
	Endless bool
	// Stall makes the server send the first Chunks (StallAfter of them) and then nothing until the
	// client goes away; for a plain reply, it sends nothing at all.
	Stall      bool
	StallAfter int
	// OnStall, when set, is called as the server starts stalling (a test can cancel its
	// client's context there, so nothing depends on timing).
	OnStall func()

	// Embeddings, for an embeddings request, replace the deterministic vectors.
	Embeddings [][]float32

	// Handler, when set, handles the request instead of everything above.
	Handler http.HandlerFunc
}

// Request is one request the server received.
type Request struct {
	Method string
	Path   string // e.g. "/v1/chat/completions"
	Header http.Header
	Body   []byte

	// Parsed from a chat completions request.
	Model       string
	Messages    []Message
	Stream      bool
	Temperature *float64 // nil when the request had no temperature
	MaxTokens   int

	// Parsed from an embeddings request.
	Input      []string
	Dimensions int
}

// Message is one chat message of a request.
type Message struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

// Server is a fake OpenAI-compatible API. Its methods are safe for concurrent use.
type Server struct {
	// URL is the API's base URL, ending in "/v1", for go-openai's ClientConfig.BaseURL.
	URL string
	// Dim is the length of the default embedding vectors when a request does not ask for
	// "dimensions" (default 16).
	Dim int

	srv    *httptest.Server
	closed chan struct{}
	once   sync.Once

	mu       sync.Mutex
	requests []Request
	chat     []Response
	embed    []Response
	onChat   func(Request) Response
}

// New starts a server that is closed when the test ends.
func New(t testing.TB) *Server {
	t.Helper()
	s := NewUnstarted()
	t.Cleanup(s.Close)
	return s
}

// NewUnstarted starts a server that the caller must Close (for use outside tests' Cleanup).
func NewUnstarted() *Server {
	s := &Server{Dim: 16, closed: make(chan struct{})}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/chat/completions", s.handleChat)
	mux.HandleFunc("POST /v1/embeddings", s.handleEmbeddings)
	mux.HandleFunc("GET /v1/models", func(w http.ResponseWriter, r *http.Request) {
		s.record(r, nil)
		writeJSON(w, http.StatusOK, map[string]any{"object": "list", "data": []any{map[string]any{"id": "fake-model", "object": "model"}}})
	})
	s.srv = httptest.NewServer(mux)
	s.URL = s.srv.URL + "/v1"
	return s
}

// Close stops the server, first releasing any stalled or endless reply.
func (s *Server) Close() {
	s.once.Do(func() {
		close(s.closed)
		s.srv.CloseClientConnections()
		s.srv.Close()
	})
}

// Chat queues responses to the next chat completion requests, in order.
func (s *Server) Chat(rs ...Response) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.chat = append(s.chat, rs...)
}

// OnChat sets the reply to chat requests once the queue is empty (by default an HTTP 500 saying
// that no response was scripted).
func (s *Server) OnChat(f func(Request) Response) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.onChat = f
}

// Embed queues responses to the next embeddings requests, in order; once the queue is empty,
// requests get deterministic unit vectors (see Vector).
func (s *Server) Embed(rs ...Response) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.embed = append(s.embed, rs...)
}

// Requests returns a copy of the requests received so far, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// Count returns how many requests were made to a path ("/v1/embeddings").
func (s *Server) Count(path string) int {
	n := 0
	for _, r := range s.Requests() {
		if r.Path == path {
			n++
		}
	}
	return n
}

// EmbeddedInputs returns every input text of every embeddings request, in order.
func (s *Server) EmbeddedInputs() []string {
	var out []string
	for _, r := range s.Requests() {
		out = append(out, r.Input...)
	}
	return out
}

// Paths used by the server.
const (
	ChatPath       = "/v1/chat/completions"
	EmbeddingsPath = "/v1/embeddings"
)

func (s *Server) record(r *http.Request, parse func(*Request)) Request {
	body, _ := io.ReadAll(r.Body)
	req := Request{Method: r.Method, Path: r.URL.Path, Header: r.Header.Clone(), Body: body}
	if parse != nil {
		parse(&req)
	}
	s.mu.Lock()
	s.requests = append(s.requests, req)
	s.mu.Unlock()
	return req
}

func (s *Server) next(queue *[]Response) (Response, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(*queue) == 0 {
		return Response{}, false
	}
	r := (*queue)[0]
	*queue = (*queue)[1:]
	return r, true
}

func (s *Server) handleChat(w http.ResponseWriter, r *http.Request) {
	req := s.record(r, func(req *Request) {
		var body struct {
			Model       string    `json:"model"`
			Messages    []Message `json:"messages"`
			Stream      bool      `json:"stream"`
			Temperature *float64  `json:"temperature"`
			MaxTokens   int       `json:"max_tokens"`
		}
		if json.Unmarshal(req.Body, &body) == nil {
			req.Model, req.Messages, req.Stream = body.Model, body.Messages, body.Stream
			req.Temperature, req.MaxTokens = body.Temperature, body.MaxTokens
		}
	})
	resp, ok := s.next(&s.chat)
	if !ok {
		s.mu.Lock()
		f := s.onChat
		s.mu.Unlock()
		if f == nil {
			writeError(w, http.StatusInternalServerError, "llmtest: no scripted chat response")
			return
		}
		resp = f(req)
	}
	if s.prelude(w, r, resp) {
		return
	}
	if req.Stream {
		s.stream(w, r, req, resp)
		return
	}
	if resp.Stall {
		s.wait(r, resp)
		return
	}
	choices := []any{}
	if !resp.NoChoices {
		choices = append(choices, map[string]any{
			"index":         0,
			"message":       map[string]any{"role": "assistant", "content": resp.Content},
			"finish_reason": finish(resp),
		})
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"id": "chatcmpl-fake", "object": "chat.completion", "created": 1, "model": req.Model,
		"choices": choices,
		"usage":   map[string]int{"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
	})
}

// prelude applies Handler, headers, error statuses and raw bodies; it reports whether the
// response is complete.
func (s *Server) prelude(w http.ResponseWriter, r *http.Request, resp Response) bool {
	if resp.Handler != nil {
		resp.Handler(w, r)
		return true
	}
	for k, v := range resp.Header {
		w.Header().Set(k, v)
	}
	status := resp.Status
	if status == 0 {
		status = http.StatusOK
	}
	if resp.Body != "" {
		if w.Header().Get("Content-Type") == "" {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(status)
		io.WriteString(w, resp.Body)
		return true
	}
	if status < 200 || status > 299 {
		msg := resp.Message
		if msg == "" {
			msg = http.StatusText(status)
		}
		writeError(w, status, msg)
		return true
	}
	return false
}

func finish(resp Response) string {
	if resp.FinishReason != "" {
		return resp.FinishReason
	}
	return "stop"
}

func (s *Server) wait(r *http.Request, resp Response) {
	if resp.OnStall != nil {
		resp.OnStall()
	}
	select {
	case <-r.Context().Done():
	case <-s.closed:
	}
}

func (s *Server) stream(w http.ResponseWriter, r *http.Request, req Request, resp Response) {
	fl, _ := w.(http.Flusher)
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	send := func(delta map[string]any, finishReason any) bool {
		chunk := map[string]any{
			"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 1, "model": req.Model,
			"choices": []any{map[string]any{"index": 0, "delta": delta, "finish_reason": finishReason}},
		}
		if resp.NoChoices {
			chunk["choices"] = []any{}
		}
		b, _ := json.Marshal(chunk)
		if _, err := fmt.Fprintf(w, "data: %s\n\n", b); err != nil {
			return false
		}
		if fl != nil {
			fl.Flush()
		}
		return true
	}
	if !send(map[string]any{"role": "assistant", "content": ""}, nil) {
		return
	}
	if resp.Endless {
		piece := resp.Content
		if piece == "" {
			piece = "x "
		}
		for {
			select {
			case <-r.Context().Done():
				return
			case <-s.closed:
				return
			default:
			}
			if !send(map[string]any{"content": piece}, nil) {
				return
			}
		}
	}
	chunks := resp.Chunks
	if chunks == nil {
		chunks = words(resp.Content)
	}
	for i, c := range chunks {
		if resp.Stall && i == resp.StallAfter {
			s.wait(r, resp)
			return
		}
		if !send(map[string]any{"content": c}, nil) {
			return
		}
	}
	if resp.Stall {
		s.wait(r, resp)
		return
	}
	send(map[string]any{}, finish(resp))
	if !resp.NoDone {
		io.WriteString(w, "data: [DONE]\n\n")
	}
}

// words splits text into deltas that keep their spaces: "a b" → "a", " b".
func words(text string) []string {
	var out []string
	start := 0
	for i, r := range text {
		if r == ' ' && i > start {
			out = append(out, text[start:i])
			start = i
		}
	}
	if start < len(text) {
		out = append(out, text[start:])
	}
	return out
}

func (s *Server) handleEmbeddings(w http.ResponseWriter, r *http.Request) {
	var format string
	req := s.record(r, func(req *Request) {
		var body struct {
			Model          string          `json:"model"`
			Input          json.RawMessage `json:"input"`
			Dimensions     int             `json:"dimensions"`
			EncodingFormat string          `json:"encoding_format"`
		}
		if json.Unmarshal(req.Body, &body) != nil {
			return
		}
		req.Model, req.Dimensions, format = body.Model, body.Dimensions, body.EncodingFormat
		var one string
		if json.Unmarshal(body.Input, &one) == nil {
			req.Input = []string{one}
		} else {
			_ = json.Unmarshal(body.Input, &req.Input)
		}
	})
	resp, _ := s.next(&s.embed)
	if s.prelude(w, r, resp) {
		return
	}
	if resp.Stall {
		s.wait(r, resp)
		return
	}
	dim := req.Dimensions
	if dim <= 0 {
		dim = s.Dim
	}
	data := make([]any, 0, len(req.Input))
	for i, text := range req.Input {
		v := Vector(text, dim)
		if resp.Embeddings != nil {
			if i >= len(resp.Embeddings) {
				break
			}
			v = resp.Embeddings[i]
		}
		var emb any = v
		if format == "base64" {
			buf := make([]byte, 4*len(v))
			for j, x := range v {
				binary.LittleEndian.PutUint32(buf[4*j:], math.Float32bits(x))
			}
			emb = base64.StdEncoding.EncodeToString(buf)
		}
		data = append(data, map[string]any{"object": "embedding", "index": i, "embedding": emb})
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"object": "list", "model": req.Model, "data": data,
		"usage": map[string]int{"prompt_tokens": len(req.Input), "total_tokens": len(req.Input)},
	})
}

// Vector is the deterministic unit vector the server returns for a text: the same text always
// gets the same vector, different texts almost surely different ones.
func Vector(text string, dim int) []float32 {
	if dim <= 0 {
		dim = 16
	}
	v := make([]float32, dim)
	var sum float64
	for i := range v {
		h := fnv.New64a()
		fmt.Fprintf(h, "%d\x00%s", i, text)
		x := float64(h.Sum64()%2001)/1000 - 1 // in [-1, 1]
		v[i] = float32(x)
		sum += x * x
	}
	if sum == 0 {
		v[0], sum = 1, 1
	}
	inv := 1 / math.Sqrt(sum)
	for i := range v {
		v[i] = float32(float64(v[i]) * inv)
	}
	return v
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, msg string) {
	typ := "server_error"
	if status == http.StatusTooManyRequests {
		typ = "rate_limit_exceeded"
	}
	writeJSON(w, status, map[string]any{"error": map[string]any{"message": msg, "type": typ, "code": nil}})
}

// Chunked splits text into n-byte deltas (on rune boundaries), for scripting streams.
func Chunked(text string, n int) []string {
	var out []string
	for len(text) > 0 {
		cut := min(n, len(text))
		for cut < len(text) && !utf8.RuneStart(text[cut]) {
			cut++
		}
		out = append(out, text[:cut])
		text = text[cut:]
	}
	return out
}

// SystemPrompt returns the content of a request's first system message.
func (r Request) SystemPrompt() string {
	for _, m := range r.Messages {
		if m.Role == "system" {
			return m.Content
		}
	}
	return ""
}

// UserPrompt returns the content of a request's last user message.
func (r Request) UserPrompt() string {
	for i := len(r.Messages) - 1; i >= 0; i-- {
		if r.Messages[i].Role == "user" {
			return r.Messages[i].Content
		}
	}
	return ""
}

// Prompt returns all of a request's messages joined, in order.
func (r Request) Prompt() string {
	var b strings.Builder
	for _, m := range r.Messages {
		b.WriteString(m.Content)
		b.WriteString("\n")
	}
	return b.String()
}

// HasBody reports whether the raw request body contains s.
func (r Request) HasBody(s string) bool { return bytes.Contains(r.Body, []byte(s)) }
