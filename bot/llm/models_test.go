package llm

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/bot/llm/llmtest"
)

func TestCheckModels(t *testing.T) {
	const key = "sk-secretkey"
	list := `{"object":"list","data":[{"id":"qwen2.5:3b"},{"id":"bge-m3:latest"}]}`
	tests := []struct {
		name    string
		status  int
		body    string
		models  []string
		wantErr string // "" means no error
	}{
		{"all there", 200, list, []string{"qwen2.5:3b", "bge-m3"}, ""},
		{"tag given", 200, list, []string{"bge-m3:latest"}, ""},
		{"other tag", 200, list, []string{"qwen2.5:7b"}, `has no model "qwen2.5:7b" yet`},
		{"untagged name is not another tag", 200, `{"data":[{"id":"qwen2.5:3b"}]}`, []string{"qwen2.5"}, `has no model "qwen2.5" yet`},
		{"empty list", 200, `{"data":[]}`, []string{"m"}, `has no model "m" yet`},
		{"no listing", 404, "not found", []string{"m"}, ""},
		{"starting", 503, "loading", []string{"m"}, "503 Service Unavailable"},
		{"junk", 200, "<html>", []string{"m"}, "GET /models"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path != "/v1/models" || r.Header.Get("Authorization") != "Bearer "+key {
					t.Errorf("request %s %q", r.URL.Path, r.Header.Get("Authorization"))
				}
				w.WriteHeader(tt.status)
				w.Write([]byte(tt.body))
			}))
			defer srv.Close()
			err := CheckModels(t.Context(), srv.URL+"/v1/", key, nil, tt.models...)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("CheckModels: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("CheckModels: %v, want an error with %q", err, tt.wantErr)
			}
		})
	}

	srv := httptest.NewServer(http.NotFoundHandler())
	url := "http://user:" + key + "@" + strings.TrimPrefix(srv.URL, "http://") + "/v1"
	srv.Close()
	err := CheckModels(t.Context(), url, key, nil, "m")
	if err == nil || !strings.Contains(err.Error(), "not reachable") || strings.Contains(err.Error(), key) {
		t.Errorf("server down: %v", err)
	}
}

func TestGate(t *testing.T) {
	api := llmtest.New(t)
	api.Chat(llmtest.Response{Status: 500})
	gen, err := New(Config{BaseURL: api.URL, Model: "m", MaxRetries: -1}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	g := NewGate(gen, "server starting")
	q := &bot.Question{Text: "x"}
	if _, err := g.Generate(context.Background(), q); !errors.Is(err, ErrOffline) || !strings.Contains(err.Error(), "server starting") {
		t.Errorf("closed gate: %v", err)
	}
	if g.Offline() != "server starting" || api.Count(llmtest.ChatPath) != 0 {
		t.Errorf("closed gate: Offline %q, %d requests", g.Offline(), api.Count(llmtest.ChatPath))
	}
	g.Open()
	if _, err := g.Generate(context.Background(), q); errors.Is(err, ErrOffline) || g.Offline() != "" {
		t.Errorf("open gate: %v, Offline %q", err, g.Offline())
	}
}
