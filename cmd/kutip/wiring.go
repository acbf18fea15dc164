package main

import (
	"net/http"
	"time"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/bot/llm"
	"github.com/kutip/kutip/bot/metrics"
	"github.com/kutip/kutip/config"
	"github.com/kutip/kutip/retrieval"
)

// embedder returns the embedder the configuration names; nil means the index's local default.
func (e *env) embedder() (retrieval.Embedder, error) {
	if e.cfg.Embedder != config.EmbedderOpenAI {
		return nil, nil
	}
	return retrieval.NewOpenAIEmbedder(retrieval.OpenAIEmbedderConfig{
		BaseURL:    e.cfg.OpenAIBaseURL,
		APIKey:     e.cfg.OpenAIKey,
		Model:      e.cfg.EmbedModel,
		Dimensions: e.cfg.EmbedDimensions,
		BatchSize:  e.cfg.EmbedBatch,
		Timeout:    e.cfg.EmbedTimeout,
		Logger:     e.logger,
		HTTPClient: e.observedClient("embeddings"),
	})
}

// generator returns the language-model answerer when KUTIP_LLM_MODEL is set, else nil.
func (e *env) generator() (bot.Generator, error) {
	if e.cfg.LLMModel == "" {
		return nil, nil
	}
	return llm.New(llm.Config{
		BaseURL:   e.cfg.OpenAIBaseURL,
		APIKey:    e.cfg.OpenAIKey,
		Model:     e.cfg.LLMModel,
		Timeout:   e.cfg.LLMTimeout,
		MaxTokens: e.cfg.LLMMaxTokens,
	}, e.logger, e.observedClient("chat"))
}

// observedClient returns an HTTP client whose every request (each retry too) is timed and
// whose failures are counted by status code in the metrics, or nil when there are none.
func (e *env) observedClient(api string) *http.Client {
	if e.metrics == nil {
		return nil
	}
	return &http.Client{Transport: observedTransport{base: http.DefaultTransport, api: api, m: e.metrics}}
}

// observedTransport records an OpenAI-compatible API's requests in the metrics.
type observedTransport struct {
	base http.RoundTripper
	api  string
	m    *metrics.Metrics
}

func (t observedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	start := time.Now()
	resp, err := t.base.RoundTrip(r)
	t.m.ObserveAPI(t.api, time.Since(start))
	switch {
	case err != nil:
		t.m.APIError(t.api, 0)
	case resp.StatusCode >= 400:
		t.m.APIError(t.api, resp.StatusCode)
	}
	return resp, err
}
