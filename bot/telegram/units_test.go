package telegram

import (
	"context"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/kutip/kutip/bot"
)

func TestPacer(t *testing.T) {
	c := newFakeClock()
	start := c.Now()
	p := newPacer(Pacing{}, c)
	at := func(chat int64, group bool) time.Duration { return p.reserve(chat, group).Sub(start) }

	// One chat: one message a second.
	for i, want := range []time.Duration{0, time.Second, 2 * time.Second} {
		if got := at(1, false); got != want {
			t.Errorf("private send %d at %v, want %v", i, got, want)
		}
	}
	// A group: one a second, but no more than 20 in any minute.
	p = newPacer(Pacing{}, c)
	var last time.Duration
	for i := 0; i < 21; i++ {
		last = at(-5, true)
	}
	if last != time.Minute {
		t.Errorf("21st group message at %v, want 1m0s", last)
	}
	// All chats: 30 at once, then no 1-second window with more than 30 (the first second
	// used to let 59 out), also when chats wait for their own interval in between.
	p = newPacer(Pacing{}, c)
	var times []time.Duration
	for i := 0; i < 200; i++ {
		chat := int64(100 + i%70)
		times = append(times, at(chat, false))
	}
	slices.Sort(times)
	if times[29] != 0 || times[30] == 0 {
		t.Errorf("burst: 30th send at %v, 31st at %v; want 30 at once", times[29], times[30])
	}
	for i := range times {
		n := 0
		for _, u := range times[i:] {
			if u < times[i]+time.Second {
				n++
			}
		}
		if n > 30 {
			t.Fatalf("%d sends in the second from %v", n, times[i])
		}
	}
	if last := times[len(times)-1]; last > 7*time.Second {
		t.Errorf("200 sends took until %v, want about 6s", last)
	}
	// Disabled: no waiting at all.
	p = newPacer(Pacing{Disabled: true}, c)
	for i := 0; i < 5; i++ {
		if got := at(1, true); got != 0 {
			t.Fatalf("disabled pacer delayed a send by %v", got)
		}
	}
}

func TestPacerHold(t *testing.T) {
	c := newFakeClock()
	p := newPacer(Pacing{}, c)
	p.hold(7, c.Now().Add(9*time.Second))
	if got := p.reserve(7, false).Sub(c.Now()); got != 9*time.Second {
		t.Errorf("send after hold at +%v, want +9s", got)
	}
}

func TestLRU(t *testing.T) {
	c := newFakeClock()
	l := newLRU[int](2, time.Minute, c)
	l.put("a", 1)
	l.put("b", 2)
	l.get("a")
	l.put("c", 3) // evicts b, the least recently used
	if _, ok := l.get("b"); ok {
		t.Error("b survived eviction")
	}
	if v, ok := l.get("a"); !ok || v != 1 {
		t.Errorf("a = %v, %v", v, ok)
	}
	c.Advance(time.Minute)
	if _, ok := l.get("a"); ok {
		t.Error("a survived its TTL")
	}
	if l.len() != 1 {
		t.Errorf("len = %d, want 1", l.len())
	}
}

func TestUserLimiter(t *testing.T) {
	c := newFakeClock()
	l := newUserLimiter(6, 2, c) // one every 10s, two at once
	steps := []struct {
		advance  time.Duration
		ok, warn bool
	}{
		{0, true, false}, {0, true, false}, {0, false, true}, {0, false, false},
		{10 * time.Second, true, false}, {0, false, true},
	}
	for i, s := range steps {
		c.Advance(s.advance)
		ok, warn := l.allow(42)
		if ok != s.ok || warn != s.warn {
			t.Errorf("step %d: allow = %v, %v; want %v, %v", i, ok, warn, s.ok, s.warn)
		}
	}
	if ok, _ := l.allow(43); !ok {
		t.Error("another user shares the bucket")
	}
	var none *userLimiter
	if ok, _ := none.allow(1); !ok {
		t.Error("a disabled limiter refused")
	}
}

func TestDispatcherOrderAndConcurrency(t *testing.T) {
	d := newDispatcher(64)
	d.start(4)
	var mu sync.Mutex
	got := map[int64][]int{}
	var running, peak atomic.Int32
	gate := make(chan struct{})
	for i := 0; i < 40; i++ {
		key := int64(i % 4)
		i := i
		if err := d.submit(context.Background(), key, func() {
			n := running.Add(1)
			for {
				p := peak.Load()
				if n <= p || peak.CompareAndSwap(p, n) {
					break
				}
			}
			if i < 4 {
				<-gate // the first job of each chat waits until all four run at once
			}
			mu.Lock()
			got[key] = append(got[key], i)
			mu.Unlock()
			running.Add(-1)
		}); err != nil {
			t.Fatal(err)
		}
	}
	for peak.Load() < 4 {
		time.Sleep(time.Millisecond)
	}
	close(gate)
	d.close()
	d.wait()
	for key, seq := range got {
		for j := 1; j < len(seq); j++ {
			if seq[j] < seq[j-1] {
				t.Errorf("chat %d out of order: %v", key, seq)
			}
		}
		if len(seq) != 10 {
			t.Errorf("chat %d ran %d jobs", key, len(seq))
		}
	}
	if err := d.submit(context.Background(), 1, func() {}); err != errClosed {
		t.Errorf("submit after close = %v", err)
	}
}

func TestDispatcherBackpressure(t *testing.T) {
	d := newDispatcher(1)
	block := make(chan struct{})
	if err := d.submit(context.Background(), 1, func() { <-block }); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := d.submit(ctx, 2, func() {}); err != context.Canceled {
		t.Errorf("submit to a full queue = %v, want context.Canceled", err)
	}
	d.start(1)
	close(block)
	d.close()
	d.wait()
}

func TestAddressed(t *testing.T) {
	b := &Bot{self: tgbotapi.User{ID: 99, UserName: "kutip_bot", IsBot: true}}
	priv := &tgbotapi.Chat{ID: 1, Type: "private"}
	grp := &tgbotapi.Chat{ID: -1, Type: "supergroup"}
	botMsg := &tgbotapi.Message{MessageID: 5, From: &b.self}
	userMsg := &tgbotapi.Message{MessageID: 6, From: &tgbotapi.User{ID: 3}}
	tests := []struct {
		name    string
		chat    *tgbotapi.Chat
		text    string
		replyTo *tgbotapi.Message
		want    string
		ok      bool
	}{
		{"private text", priv, "apa itu NPT?", nil, "apa itu NPT?", true},
		{"private command", priv, "/ask apa itu NPT?", nil, "/ask apa itu NPT?", true},
		{"private command for us", priv, "/ASK@Kutip_Bot apa?", nil, "/ask apa?", true},
		{"private command for another bot", priv, "/ask@otherbot apa?", nil, "", false},
		{"private unknown command", priv, "/foo", nil, "/foo", true},
		{"group chatter", grp, "halo semua", nil, "", false},
		{"group mention", grp, "@kutip_bot apa itu NPT?", nil, "apa itu NPT?", true},
		{"group mention mid-text", grp, "hei @Kutip_Bot, apa itu NPT?", nil, "hei , apa itu NPT?", true},
		{"group mention of a longer name", grp, "@kutip_bot_fans halo", nil, "", false},
		{"group bare mention", grp, "@kutip_bot", nil, "/help", true},
		{"group command", grp, "/quote nuklir", nil, "/quote nuklir", true},
		{"group command for us", grp, "/quote@kutip_bot nuklir", nil, "/quote nuklir", true},
		{"group command for another bot", grp, "/ask@otherbot cuaca", nil, "", false},
		{"group unknown command", grp, "/weather", nil, "", false},
		{"group command with mention", grp, "/ask @kutip_bot siapa?", nil, "/ask siapa?", true},
		{"group reply to the bot", grp, "dan Rusia?", botMsg, "dan Rusia?", true},
		{"group reply to a user", grp, "setuju", userMsg, "", false},
		{"empty", priv, "   ", nil, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := b.addressed(&tgbotapi.Message{Chat: tt.chat, Text: tt.text, ReplyToMessage: tt.replyTo})
			if got != tt.want || ok != tt.ok {
				t.Errorf("addressed(%q) = %q, %v; want %q, %v", tt.text, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestLangFromHint(t *testing.T) {
	for code, want := range map[string]bot.Lang{"": bot.LangID, "id": bot.LangID, "en": bot.LangEN, "en-US": bot.LangEN, "ms": bot.LangID, "ru": bot.LangEN} {
		if got := langFromHint(code); got != want {
			t.Errorf("langFromHint(%q) = %s, want %s", code, got, want)
		}
	}
}

func TestCallbackDataFits(t *testing.T) {
	b := &Bot{docKeys: newLRU[string](10, time.Hour, newFakeClock())}
	long := strings.Repeat("dokumen_yang_sangat_panjang_", 4) + ".txt"
	for _, doc := range []string{"002_c095447da0f7cb9e.txt", long} {
		m := b.pageMarkup(bot.LangEN, &bot.SourcePage{Doc: doc, Page: 2, Pages: 3})
		for _, row := range m.InlineKeyboard {
			for _, btn := range row {
				if n := len(*btn.CallbackData); n > 64 {
					t.Errorf("callback data %q has %d bytes", *btn.CallbackData, n)
				}
			}
		}
	}
	if len(cbSources+"|"+newKey()) > 64 {
		t.Error("sources callback data too long")
	}
}
