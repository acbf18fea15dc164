package llm_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/bot/llm"
	"github.com/kutip/kutip/bot/llm/llmtest"
	"github.com/kutip/kutip/retrieval"
)

const key = "sk-assistant-SECRET-9876543210"

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestAssistantWithGenerator runs the assistant with the generator plugged in, as the command
// wires it: LLM answers when the API works, the extractive answer with a note when it does not.
func TestAssistantWithGenerator(t *testing.T) {
	docs, err := retrieval.Load(fstest.MapFS{
		"a.txt": {Data: []byte("Pertemuan Putin dan Kim\n\nPresiden Rusia Vladimir Putin bertemu pemimpin Korea Utara Kim Jong Un di Vladivostok pada April 2019. Pertemuan itu membahas kerja sama ekonomi.\n")},
		"b.txt": {Data: []byte("Kerangka Kesepakatan 1994\n\nKerangka Kesepakatan ditandatangani di Jenewa pada Oktober 1994. Korea Utara setuju membekukan reaktor nuklir di Yongbyon.\n")},
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := retrieval.NewIndex(context.Background(), docs, retrieval.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := llmtest.New(t)
	logs := &lockedBuffer{}
	logger := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	gen, err := llm.New(llm.Config{BaseURL: srv.URL, APIKey: key, Model: "m", NoRewrite: true,
		Sleep: func(ctx context.Context, d time.Duration) error { return ctx.Err() }}, logger, nil)
	if err != nil {
		t.Fatal(err)
	}
	a := bot.New(ix, bot.Options{Generator: gen, Logger: logger})
	ask := func(text string) bot.Reply {
		return a.Handle(context.Background(), bot.Request{ChatID: 1, Text: text})
	}

	srv.OnChat(func(r llmtest.Request) llmtest.Response {
		n := "1"
		if strings.Index(r.UserPrompt(), "Vladivostok") > strings.Index(r.UserPrompt(), "[2] (") {
			n = "2"
		}
		return llmtest.Response{Content: "Putin dan Kim bertemu di Vladivostok [" + n + "]."}
	})
	r := ask("Di mana Putin bertemu Kim Jong Un?")
	if r.Mode != "llm" || r.Refused || len(r.Citations) != 1 || r.Citations[0].Doc != "a.txt" || r.Note != "" {
		t.Fatalf("reply %+v\n%s", r, r.Text())
	}
	if !strings.HasPrefix(r.Text(), "Putin dan Kim bertemu di Vladivostok [1].\n\nSumber:\n[1] a.txt — ") {
		t.Errorf("text %q", r.Text())
	}

	srv.OnChat(func(llmtest.Request) llmtest.Response {
		return llmtest.Response{Status: 503, Message: "overloaded, key " + key}
	})
	r = ask("Di mana Putin bertemu Kim Jong Un?")
	if r.Mode != "extractive" || r.Note == "" || len(r.Citations) == 0 {
		t.Errorf("fallback reply %+v", r)
	}
	if strings.Contains(logs.String(), key) {
		t.Errorf("the key is in the logs:\n%s", logs)
	}
	if !strings.Contains(logs.String(), "generator failed") {
		t.Errorf("the fallback was not logged:\n%s", logs)
	}
}
