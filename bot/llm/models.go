package llm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/kutip/kutip/bot"
)

// ErrOffline is Gate's error while the model server does not have the model: the assistant
// sends its extractive answer, noting that the model's was not available.
var ErrOffline = errors.New("llm: the model is not available yet; answering offline")

// CheckModels asks an OpenAI-compatible server (GET baseURL/models) whether it has every one of
// models, so that a bot can start answering offline while Ollama is still starting or pulling,
// and switch to the model once it is there. A name without a tag matches its ":latest" (Ollama
// lists "bge-m3" as "bge-m3:latest"). A server that does not list its models (404 or 405) is
// taken to have them. client may be nil; ctx bounds the request.
func CheckModels(ctx context.Context, baseURL, apiKey string, client *http.Client, models ...string) error {
	if baseURL == "" {
		baseURL = DefaultBaseURL
	}
	if client == nil {
		client = http.DefaultClient
	}
	url := strings.TrimRight(baseURL, "/") + "/models"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("model server %s: %v", redactURL(baseURL), err)
	}
	if apiKey != "" {
		req.Header.Set("Authorization", "Bearer "+apiKey)
	}
	resp, err := client.Do(req)
	if err != nil {
		return redactErr(redactor(apiKey), fmt.Errorf("model server %s not reachable: %w", redactURL(baseURL), err))
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	switch {
	case resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusMethodNotAllowed:
		return nil
	case resp.StatusCode != http.StatusOK:
		return fmt.Errorf("model server %s: GET /models: %s", redactURL(baseURL), resp.Status)
	case err != nil:
		return fmt.Errorf("model server %s: GET /models: %v", redactURL(baseURL), err)
	}
	var list struct {
		Data []struct {
			ID string `json:"id"`
		} `json:"data"`
	}
	if err := json.Unmarshal(body, &list); err != nil {
		return fmt.Errorf("model server %s: GET /models: %v", redactURL(baseURL), err)
	}
	var have []string
	for _, m := range list.Data {
		have = append(have, m.ID)
	}
	for _, m := range models {
		if !slices.Contains(have, m) && (strings.Contains(m, ":") || !slices.Contains(have, m+":latest")) {
			return fmt.Errorf("model server %s has no model %q yet", redactURL(baseURL), m)
		}
	}
	return nil
}

// Gate is a bot.Generator that passes questions to its Generator only while it is open, and
// otherwise fails at once with ErrOffline, so that no question waits on a model server that is
// not ready. Whoever watches the server opens and closes it. It is safe for concurrent use.
type Gate struct {
	gen    bot.Generator
	reason atomic.Pointer[string] // nil: open
}

// NewGate returns a closed Gate over gen, with why it is closed.
func NewGate(gen bot.Generator, reason string) *Gate {
	g := &Gate{gen: gen}
	g.Close(reason)
	return g
}

// Generate asks the Generator when the gate is open, else returns ErrOffline.
func (g *Gate) Generate(ctx context.Context, q *bot.Question) (bot.Reply, error) {
	if r := g.reason.Load(); r != nil {
		return bot.Reply{}, fmt.Errorf("%w: %s", ErrOffline, *r)
	}
	return g.gen.Generate(ctx, q)
}

// Open lets questions through to the model.
func (g *Gate) Open() { g.reason.Store(nil) }

// Close keeps questions from the model, for the reason given.
func (g *Gate) Close(reason string) { g.reason.Store(&reason) }

// Offline returns why the gate is closed, or "" when it is open.
func (g *Gate) Offline() string {
	if r := g.reason.Load(); r != nil {
		return *r
	}
	return ""
}
