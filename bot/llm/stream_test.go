package llm

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/bot/llm/llmtest"
)

// partials records progress callbacks with the fake clock's time.
type partials struct {
	clock *fakeClock
	texts []string
	at    []time.Time
}

func (p *partials) on(text string) {
	p.texts = append(p.texts, text)
	p.clock.mu.Lock()
	p.at = append(p.at, p.clock.t)
	p.clock.mu.Unlock()
}

func TestStreamedAnswer(t *testing.T) {
	answer := "Putin bertemu Kim Jong Un di Vladivostok [1]. Pertemuan itu terjadi pada April 2019 [1]. Mereka membahas kerja sama ekonomi dan keamanan [1]."
	tests := []struct {
		name string
		step time.Duration // how far the clock moves on each reading
		max  int           // most callbacks allowed
		min  int
	}{
		{"clock stands still: one callback", 0, 1, 1},
		{"200ms per reading", 200 * time.Millisecond, 12, 2},
		{"a second per reading: one callback per checked sentence", time.Second, 3, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, nil)
			f.clock.step = tt.step
			q := question(t, testIndex(t), "Di mana Putin bertemu Kim Jong Un?", bot.LangID)
			n := hitNumber(t, q, "a.txt")
			f.srv.Chat(llmtest.Response{Chunks: llmtest.Chunked(strings.ReplaceAll(answer, "[1]", fmt.Sprintf("[%d]", n)), 4)})
			p := &partials{clock: f.clock}
			q.OnPartial = p.on
			r, err := f.gen.Generate(context.Background(), q)
			if err != nil {
				t.Fatal(err)
			}
			if got := r.Blocks[0][0].Text; got != answer {
				t.Errorf("answer %q", got)
			}
			if len(r.Citations) != 1 || !strings.Contains(r.Text(), "Sumber:\n[1] a.txt") {
				t.Errorf("reply %q", r.Text())
			}
			if !f.srv.Requests()[0].Stream {
				t.Error("not streamed")
			}
			if len(p.texts) < tt.min || len(p.texts) > tt.max {
				t.Errorf("%d callbacks, want %d..%d", len(p.texts), tt.min, tt.max)
			}
			for i, s := range p.texts {
				if strings.ContainsAny(s, "[]") {
					t.Errorf("partial %q shows citation marks", s)
				}
				if i > 0 {
					if !strings.HasPrefix(s, p.texts[i-1]) && len(s) <= len(p.texts[i-1]) {
						t.Errorf("partial %q does not grow from %q", s, p.texts[i-1])
					}
					if gap := p.at[i].Sub(p.at[i-1]); gap < defaultPartialInterval {
						t.Errorf("callbacks %v apart", gap)
					}
				}
			}
		})
	}
}

func TestStreamFaults(t *testing.T) {
	ok := llmtest.Response{Content: "Di Vladivostok [1]."}
	tests := []struct {
		name     string
		edit     func(*Config)
		chat     []llmtest.Response
		err      error // nil: any error; ok: none
		requests int
	}{
		{"5xx then stream", nil, []llmtest.Response{{Status: 503}, ok}, nil, 2},
		{"429 then stream", nil, []llmtest.Response{{Status: 429, Header: map[string]string{"Retry-After": "1"}}, ok}, nil, 2},
		{"no [DONE]", nil, []llmtest.Response{{Content: ok.Content, NoDone: true}}, nil, 1},
		{"endless", func(c *Config) { c.MaxAnswerBytes = 2000 }, []llmtest.Response{{Endless: true, Content: "bla [1] "}}, ErrTooLong, 1},
		{"stalls mid-answer", func(c *Config) { c.Timeout = 300 * time.Millisecond }, []llmtest.Response{{Chunks: []string{"Di ", "Vladi", "vostok"}, Stall: true, StallAfter: 2}}, context.DeadlineExceeded, -1},
		{"malformed event", nil, []llmtest.Response{{Body: "data: {\"choices\": [\n\n", Header: map[string]string{"Content-Type": "text/event-stream"}}}, errAny, 1},
		{"empty", nil, []llmtest.Response{{Chunks: []string{}}}, ErrEmptyAnswer, 1},
		{"no choices", nil, []llmtest.Response{{Content: "x", NoChoices: true}}, ErrEmptyAnswer, 1},
		{"content filter", nil, []llmtest.Response{{Content: "x", FinishReason: "content_filter"}}, ErrFiltered, 1},
		{"500 exhausted", nil, []llmtest.Response{{Status: 500}, {Status: 500}, {Status: 500}}, errAny, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, tt.edit)
			q := question(t, testIndex(t), "Di mana Putin bertemu Kim Jong Un?", bot.LangID)
			q.OnPartial = func(string) {}
			f.srv.Chat(tt.chat...)
			r, err := f.gen.Generate(context.Background(), q)
			switch {
			case tt.err == nil:
				if err != nil || r.Mode != "llm" {
					t.Fatalf("err = %v, reply %+v", err, r)
				}
			case tt.err == errAny:
				if err == nil {
					t.Fatal("no error")
				}
			case !errors.Is(err, tt.err):
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			if got := f.srv.Count(llmtest.ChatPath); got != tt.requests && tt.requests >= 0 {
				t.Errorf("%d requests, want %d", got, tt.requests)
			}
		})
	}
}

var errAny = errors.New("any error")

func TestStreamHidesSentinel(t *testing.T) {
	f := newFixture(t, noRewrite)
	q := question(t, testIndex(t), "Where did Putin meet Kim Jong Un?", bot.LangEN)
	q.Extractive = &bot.Reply{Kind: bot.KindRefusal, Refused: true}
	f.srv.Chat(llmtest.Response{Chunks: []string{"NOT", "_IN", "_DOC", "UMENTS"}})
	var shown []string
	q.OnPartial = func(s string) { shown = append(shown, s) }
	r, err := f.gen.Generate(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Refused || len(shown) != 0 {
		t.Errorf("refused %v, partials %q", r.Refused, shown)
	}
}
