package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/bot/llm/llmtest"
	"github.com/kutip/kutip/config"
)

// modelServer is an OpenAI-compatible server whose model list the test changes, as Ollama's
// changes while it starts and pulls; everything else goes to the fake /v1 server.
type modelServer struct {
	*llmtest.Server
	URL string // base URL, ending in /v1

	mu     sync.Mutex
	models []string
	down   bool // answer every request with 503, as a server still starting
}

func newModelServer(t *testing.T) *modelServer {
	api := llmtest.New(t)
	u, err := url.Parse(api.URL)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = ""
	proxy := httputil.NewSingleHostReverseProxy(u)
	m := &modelServer{Server: api}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m.mu.Lock()
		down, models := m.down, m.models
		m.mu.Unlock()
		switch {
		case down:
			http.Error(w, "starting", http.StatusServiceUnavailable)
		case r.URL.Path == "/v1/models":
			data := []map[string]string{}
			for _, id := range models {
				data = append(data, map[string]string{"id": id, "object": "model"})
			}
			json.NewEncoder(w).Encode(map[string]any{"object": "list", "data": data})
		default:
			proxy.ServeHTTP(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	m.URL = srv.URL + "/v1"
	return m
}

func (m *modelServer) set(down bool, models ...string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.down, m.models = down, models
}

// watchEnv is a command's env after parse, with the given environment and logs in a buffer.
func watchEnv(t *testing.T, logs io.Writer, kv ...string) *env {
	t.Helper()
	getenv := envOf(kv...)
	cfg, _, err := config.Load(newFlagSet("telegram"), nil, getenv)
	if err != nil {
		t.Fatal(err)
	}
	return &env{getenv: getenv, stdout: io.Discard, stderr: logs, cfg: cfg, logger: cfg.NewLogger(logs)}
}

// TestModelWatchStartsOfflineAndSwitches: with the model server not ready, the bot starts on
// extractive answers and local embeddings instead of exiting; when the server has the models it
// answers with the chat model and moves the index to API embeddings; when the models go away it
// answers offline again, at once, and from local embeddings.
func TestModelWatchStartsOfflineAndSwitches(t *testing.T) {
	t.Parallel() // independent and slow: runs beside the other long tests
	srv := newModelServer(t)
	srv.set(true)
	var logs bytes.Buffer
	e := watchEnv(t, &logs, "OPENAI_BASE_URL", srv.URL, "KUTIP_LLM_MODEL", "qwen2.5:3b",
		"KUTIP_EMBEDDER", "openai", "KUTIP_EMBED_MODEL", "bge-m3", "KUTIP_DATA", t.TempDir(), "KUTIP_LLM_TIMEOUT", "5s")
	w := e.newModelWatch()
	a, err := w.newAssistant(t.Context(), nil)
	if err != nil {
		t.Fatalf("start with the model server down: %v", err)
	}
	ask := func() bot.Reply {
		return a.Ask(t.Context(), bot.Request{ChatID: 1, Text: "Di mana Putin bertemu Kim Jong Un?"})
	}
	mode := w.mode()
	if !strings.HasPrefix(mode, "offline: extractive answers until the chat model qwen2.5:3b is available (") ||
		!strings.Contains(mode, "local embeddings until the embedding model bge-m3 is available") {
		t.Errorf("mode with the server down = %q", mode)
	}
	if r := ask(); r.Mode != "extractive" || len(r.Citations) == 0 {
		t.Errorf("offline answer: mode %q, %d citations", r.Mode, len(r.Citations))
	}
	if ix, err := w.reload(t.Context()); err != nil || ix.Len() == 0 {
		t.Errorf("/reload while offline: %v", err)
	}
	if n := srv.Count(llmtest.ChatPath) + srv.Count(llmtest.EmbeddingsPath); n != 0 {
		t.Errorf("%d requests to a server that is down", n)
	}

	// Up, but the models are still being pulled: nothing changes.
	srv.set(false, "other:latest")
	w.poll(t.Context())
	if mode := w.mode(); !strings.Contains(mode, `has no model "qwen2.5:3b" yet`) || !strings.Contains(mode, `has no model "bge-m3" yet`) {
		t.Errorf("mode before the pull = %q", mode)
	}

	// Pulled: the chat model answers, the index moves to API embeddings.
	srv.set(false, "qwen2.5:3b", "bge-m3:latest")
	before := a.Index()
	w.poll(t.Context())
	if mode := w.mode(); mode != "llm: answers by qwen2.5:3b; embeddings by bge-m3" {
		t.Errorf("mode once pulled = %q", mode)
	}
	if a.Index() == before || srv.Count(llmtest.EmbeddingsPath) == 0 {
		t.Errorf("index not moved to API embeddings (%d embeddings requests)", srv.Count(llmtest.EmbeddingsPath))
	}
	ask()
	if srv.Count(llmtest.ChatPath) == 0 {
		t.Error("the chat model was not asked once available")
	}

	// The chat model goes away: offline again, without asking it.
	srv.set(false, "bge-m3:latest")
	w.poll(t.Context())
	chats := srv.Count(llmtest.ChatPath)
	if r := ask(); r.Mode != "extractive" || srv.Count(llmtest.ChatPath) != chats {
		t.Errorf("after the model went away: mode %q, %d more chat requests", r.Mode, srv.Count(llmtest.ChatPath)-chats)
	}
	if mode := w.mode(); !strings.HasPrefix(mode, "offline: ") || !strings.HasSuffix(mode, "; embeddings by bge-m3") {
		t.Errorf("mode after the model went away = %q", mode)
	}
	// The embedding model goes away too: back to local embeddings, so questions still find passages.
	srv.set(false)
	onAPI := a.Index()
	w.poll(t.Context())
	if a.Index() == onAPI || !strings.Contains(w.mode(), "local embeddings until the embedding model bge-m3 is available") {
		t.Errorf("index not back on local embeddings: %q", w.mode())
	}
	embeds := srv.Count(llmtest.EmbeddingsPath)
	if r := ask(); len(r.Citations) == 0 || srv.Count(llmtest.EmbeddingsPath) != embeds {
		t.Errorf("answer on local embeddings: %d citations, %d more embeddings requests", len(r.Citations), srv.Count(llmtest.EmbeddingsPath)-embeds)
	}
	for _, want := range []string{"answering offline", "chat model available", "index moved to API embeddings"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("logs lack %q:\n%s", want, logs.String())
		}
	}
}

// TestModelWatchRun: the watch checks at every tick (a channel the test drives) until ctx ends.
func TestModelWatchRun(t *testing.T) {
	srv := newModelServer(t)
	e := watchEnv(t, io.Discard, "OPENAI_BASE_URL", srv.URL, "KUTIP_LLM_MODEL", "m")
	w := e.newModelWatch()
	if _, err := w.newAssistant(t.Context(), nil); err != nil {
		t.Fatal(err)
	}
	if w.chatGate().Offline() == "" {
		t.Fatal("gate open before the server has the model")
	}
	srv.set(false, "m")
	tick := make(chan time.Time)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() { w.run(ctx, tick); close(done) }()
	tick <- time.Time{}
	tick <- time.Time{} // the first tick's check has finished once the loop takes the second
	if w.chatGate().Offline() != "" {
		t.Errorf("gate still closed after a tick: %s", w.chatGate().Offline())
	}
	cancel()
	<-done
}

// TestConfigPrintsMode: kutip config ends with the mode a bot would be in now.
func TestConfigPrintsMode(t *testing.T) {
	r := runIt(t, nil, envOf(), "config")
	if r.err != nil || !strings.HasSuffix(r.stdout, "\nmode: offline: extractive answers; local embeddings\n") {
		t.Errorf("config without models: %v\n%s", r.err, r.stdout)
	}
	srv := newModelServer(t)
	srv.set(false, "qwen2.5:3b")
	r = runIt(t, nil, envOf("OPENAI_BASE_URL", srv.URL, "KUTIP_LLM_MODEL", "qwen2.5:3b", "KUTIP_EMBEDDER", "openai", "KUTIP_EMBED_MODEL", "bge-m3"), "config")
	if r.err != nil || !strings.HasSuffix(r.stdout, "\nmode: llm: answers by qwen2.5:3b; local embeddings until the embedding model bge-m3 is available (model server "+srv.URL+` has no model "bge-m3" yet)`+"\n") {
		t.Errorf("config with the chat model only: %v\n%s", r.err, r.stdout)
	}
}

// TestReadyzInfo: /readyz adds its information lines after the verdict.
func TestReadyzInfo(t *testing.T) {
	s := newHTTPServer(config.Default().NewLogger(io.Discard), nil, time.Second)
	s.readyInfo("mode", func() string { return "offline: extractive answers; local embeddings" })
	if code, body := get(t, s.Handler(), "GET", "/readyz"); code != 200 || body != "ready\nmode: offline: extractive answers; local embeddings\n" {
		t.Errorf("/readyz = %d %q", code, body)
	}
}

// TestCommandsWithoutEmbeddingAPI: with KUTIP_EMBEDDER=openai and the model server gone (a
// closed port) or lacking the model, ask and search still answer, from local embeddings, and
// say why on stderr; no embedding request is sent to a server without the model.
func TestCommandsWithoutEmbeddingAPI(t *testing.T) {
	dead := httptest.NewServer(http.NotFoundHandler())
	deadURL := dead.URL + "/v1"
	dead.Close()
	srv := newModelServer(t)
	srv.set(false, "other:latest")
	for _, base := range []string{deadURL, srv.URL} {
		kv := map[string]string{"OPENAI_BASE_URL": base, "OPENAI_API_KEY": "x", "KUTIP_EMBEDDER": "openai",
			"KUTIP_EMBED_MODEL": "bge-m3", "KUTIP_DATA": t.TempDir()}
		out, errOut, code := cliRun(t, "", kv, "ask", "Di mana Putin bertemu Kim Jong Un?")
		if code != 0 || !strings.Contains(out, "Vladivostok") || !strings.Contains(out, "[1]") {
			t.Errorf("%s: ask exit %d, stdout %q, stderr %q", base, code, out, errOut)
		}
		if !strings.Contains(errOut, "searching with local embeddings") {
			t.Errorf("%s: stderr does not say why: %q", base, errOut)
		}
		if out, _, code := cliRun(t, "", kv, "search", "Vladivostok"); code != 0 || !strings.Contains(out, "Vladivostok") {
			t.Errorf("%s: search exit %d, stdout %q", base, code, out)
		}
	}
	if n := srv.Count(llmtest.EmbeddingsPath); n != 0 {
		t.Errorf("%d embedding requests to a server without the model", n)
	}
}
