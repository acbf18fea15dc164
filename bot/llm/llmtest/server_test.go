package llmtest_test

import (
	"context"
	"errors"
	"io"
	"math"
	"net/http"
	"testing"

	openai "github.com/sashabaranov/go-openai"

	"github.com/kutip/kutip/bot/llm/llmtest"
)

func client(srv *llmtest.Server) *openai.Client {
	cfg := openai.DefaultConfig("k")
	cfg.BaseURL = srv.URL
	return openai.NewClientWithConfig(cfg)
}

func TestEmbeddings(t *testing.T) {
	srv := llmtest.New(t)
	c := client(srv)
	for _, format := range []openai.EmbeddingEncodingFormat{"", openai.EmbeddingEncodingFormatBase64} {
		resp, err := c.CreateEmbeddings(context.Background(), openai.EmbeddingRequest{
			Input: []string{"satu", "dua", "satu"}, Model: "e", Dimensions: 8, EncodingFormat: format,
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(resp.Data) != 3 {
			t.Fatalf("%d vectors", len(resp.Data))
		}
		for i, d := range resp.Data {
			var sum float64
			for _, x := range d.Embedding {
				sum += float64(x) * float64(x)
			}
			if len(d.Embedding) != 8 || math.Abs(sum-1) > 1e-5 || d.Index != i {
				t.Errorf("vector %d: len %d, norm² %v", i, len(d.Embedding), sum)
			}
		}
		if a, b, c := resp.Data[0].Embedding, resp.Data[1].Embedding, resp.Data[2].Embedding; a[0] != c[0] || a[0] == b[0] {
			t.Error("vectors are not deterministic per text")
		}
	}
	if n := srv.Count(llmtest.EmbeddingsPath); n != 2 {
		t.Errorf("%d embeddings requests", n)
	}
	if got := srv.EmbeddedInputs(); len(got) != 6 || got[1] != "dua" {
		t.Errorf("inputs %q", got)
	}
}

func TestEmbeddingFaults(t *testing.T) {
	srv := llmtest.New(t)
	srv.Embed(llmtest.Response{Status: 429, Header: map[string]string{"Retry-After": "2"}})
	_, err := client(srv).CreateEmbeddings(context.Background(), openai.EmbeddingRequest{Input: []string{"x"}, Model: "e"})
	var apiErr *openai.APIError
	if !errors.As(err, &apiErr) || apiErr.HTTPStatusCode != 429 {
		t.Fatalf("err = %v", err)
	}
	resp, err := client(srv).CreateEmbeddings(context.Background(), openai.EmbeddingRequest{Input: []string{"x"}, Model: "e"})
	if err != nil || len(resp.Data[0].Embedding) != 16 {
		t.Errorf("after the fault: %v", err)
	}
}

func TestChatStreamAndScript(t *testing.T) {
	srv := llmtest.New(t)
	srv.Chat(llmtest.Response{Content: "halo dunia"}, llmtest.Response{Chunks: []string{"ha", "lo"}})
	c := client(srv)
	resp, err := c.CreateChatCompletion(context.Background(), openai.ChatCompletionRequest{Model: "m", Messages: []openai.ChatCompletionMessage{{Role: "user", Content: "hi"}}})
	if err != nil || resp.Choices[0].Message.Content != "halo dunia" {
		t.Fatalf("%v %+v", err, resp)
	}
	st, err := c.CreateChatCompletionStream(context.Background(), openai.ChatCompletionRequest{Model: "m", Stream: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	got := ""
	for {
		ch, err := st.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if len(ch.Choices) > 0 {
			got += ch.Choices[0].Delta.Content
		}
	}
	if got != "halo" {
		t.Errorf("streamed %q", got)
	}
	reqs := srv.Requests()
	if len(reqs) != 2 || reqs[0].UserPrompt() != "hi" || !reqs[1].Stream {
		t.Errorf("requests %+v", reqs)
	}
	// Nothing scripted: a 500 that says so.
	_, err = c.CreateChatCompletion(context.Background(), openai.ChatCompletionRequest{Model: "m"})
	var apiErr *openai.APIError
	if !errors.As(err, &apiErr) || apiErr.HTTPStatusCode != http.StatusInternalServerError {
		t.Errorf("unscripted: %v", err)
	}
}

func TestWords(t *testing.T) {
	if got := llmtest.Chunked("aéb", 1); len(got) != 3 || got[1] != "é" {
		t.Errorf("Chunked = %q", got)
	}
}
