package llm

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	openai "github.com/sashabaranov/go-openai"

	"github.com/kutip/kutip/bot/llm/llmtest"
)

// TestHTTPClientForEmbeddings shows the retrying client serving API embeddings: a 503 and a 429
// are retried, no temperature is added to an embeddings request, the key is not logged.
func TestHTTPClientForEmbeddings(t *testing.T) {
	srv := llmtest.New(t)
	srv.Embed(llmtest.Response{Status: 503}, llmtest.Response{Status: 429, Header: map[string]string{"Retry-After": "2"}})
	s := &sleeper{}
	logs := &syncBuffer{}
	hc, err := NewHTTPClient(Config{APIKey: testKey, Sleep: s.Sleep}, slog.New(slog.NewTextHandler(logs, nil)), nil)
	if err != nil {
		t.Fatal(err)
	}
	oc := openai.DefaultConfig(testKey)
	oc.BaseURL = srv.URL
	oc.HTTPClient = hc
	resp, err := openai.NewClientWithConfig(oc).CreateEmbeddings(context.Background(), openai.EmbeddingRequest{Input: []string{"a", "b"}, Model: "e"})
	if err != nil || len(resp.Data) != 2 {
		t.Fatalf("embeddings: %v", err)
	}
	reqs := srv.Requests()
	if len(reqs) != 3 {
		t.Fatalf("%d requests, want 3", len(reqs))
	}
	for _, r := range reqs {
		if r.HasBody("temperature") || fmt.Sprint(r.Input) != "[a b]" {
			t.Errorf("request body %s", r.Body)
		}
	}
	if got := fmt.Sprint(s.Waits()); got != fmt.Sprint([]time.Duration{500 * time.Millisecond, 2 * time.Second}) {
		t.Errorf("waits %s", got)
	}
	if l := logs.String(); strings.Contains(l, testKey) || strings.Count(l, "retrying") != 2 {
		t.Errorf("logs:\n%s", l)
	}
}
