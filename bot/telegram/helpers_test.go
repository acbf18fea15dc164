package telegram

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/bot/telegram/telegramtest"
	"github.com/kutip/kutip/retrieval"
)

const testToken = "123456789:AAHtestTOKENdoNotLeak_xyz"

// waitLong bounds every wait for the bot; it only matters when a test fails.
const waitLong = 10 * time.Second

// fakeClock moves time forward instead of sleeping, so pacing and back-off cost nothing.
type fakeClock struct {
	mu    sync.Mutex
	now   time.Time
	slept time.Duration
}

func newFakeClock() *fakeClock { return &fakeClock{now: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if d > 0 {
		c.now = c.now.Add(d)
		c.slept += d
	}
	return nil
}

func (c *fakeClock) Advance(d time.Duration) { _ = c.Sleep(context.Background(), d) }

// fakeAssistant answers like the core, from canned replies.
type fakeAssistant struct {
	mu       sync.Mutex
	requests []bot.Request
	pages    []int
	passages [][]string
	// handle, when set, replaces the canned answers.
	handle func(ctx context.Context, req bot.Request) bot.Reply
}

func (f *fakeAssistant) Handle(ctx context.Context, req bot.Request) bot.Reply {
	f.mu.Lock()
	f.requests = append(f.requests, req)
	h := f.handle
	f.mu.Unlock()
	if h != nil {
		return h(ctx, req)
	}
	return cannedReply(req)
}

func (f *fakeAssistant) SourcePage(ctx context.Context, req bot.Request, doc string, page int) bot.Reply {
	f.mu.Lock()
	f.pages = append(f.pages, page)
	f.mu.Unlock()
	return sourceReply(langOf(req), doc, page)
}

func (f *fakeAssistant) Passages(lang bot.Lang, ids []string) bot.Reply {
	f.mu.Lock()
	f.passages = append(f.passages, ids)
	f.mu.Unlock()
	var blocks []bot.Block
	for _, id := range ids {
		blocks = append(blocks, bot.Block{{Text: id, Style: bot.Bold}, {Text: "\n«Teks asli <persis> & lengkap.»"}})
	}
	return bot.Reply{Kind: bot.KindQuote, Lang: lang, Blocks: blocks}
}

func (f *fakeAssistant) Requests() []bot.Request {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]bot.Request(nil), f.requests...)
}

func langOf(req bot.Request) bot.Lang {
	t := strings.ToLower(req.Text)
	for _, w := range []string{"what", "who", "when", "why", "how", "the "} {
		if strings.Contains(t, w) {
			return bot.LangEN
		}
	}
	if strings.HasPrefix(strings.ToLower(req.LangHint), "en") && len(strings.Fields(t)) < 3 {
		return bot.LangEN
	}
	return bot.LangID
}

func cannedReply(req bot.Request) bot.Reply {
	lang := langOf(req)
	switch commandName(req.Text) {
	case "quote":
		return bot.Reply{Kind: bot.KindQuote, Lang: lang, Blocks: []bot.Block{{{Text: "«Perundingan Enam Pihak» "}, {Text: "002.txt", Style: bot.Code}}}}
	case "source":
		return sourceReply(lang, "002_c095447da0f7cb9e.txt", 1)
	case "stats":
		return bot.Reply{Kind: bot.KindInfo, Lang: lang, Blocks: []bot.Block{{{Text: "passages: 120"}}}}
	case "help", "start":
		return bot.Reply{Kind: bot.KindInfo, Lang: lang, Blocks: []bot.Block{{{Text: "Help"}}}}
	}
	frame := "Menurut dokumen: "
	if lang == bot.LangEN {
		frame = "According to the documents (quoted in Indonesian): "
	}
	return bot.Reply{
		Kind: bot.KindAnswer, Lang: lang, Mode: "extractive",
		Blocks: []bot.Block{
			{{Text: frame}, {Text: "Korea Utara <DPRK> & program nuklirnya.", Style: bot.Plain}, {Text: " [1]"}},
			{{Text: "[1] ", Style: bot.Bold}, {Text: "002_c095447da0f7cb9e.txt", Style: bot.Code}, {Text: " — Kerangka Kesepakatan 1994"}},
		},
		Citations: []bot.Citation{{N: 1, Doc: "002_c095447da0f7cb9e.txt", Title: "Kerangka Kesepakatan 1994", Passage: "002_c095447da0f7cb9e.txt#4", Quote: "Korea Utara <DPRK> & program nuklirnya."}},
		Passages:  []retrieval.Hit{{Passage: &retrieval.Passage{ID: "002_c095447da0f7cb9e.txt#4"}}},
	}
}

func sourceReply(lang bot.Lang, doc string, page int) bot.Reply {
	return bot.Reply{
		Kind: bot.KindSource, Lang: lang,
		Blocks: []bot.Block{{{Text: doc, Style: bot.Bold}}, {{Text: "Halaman " + string(rune('0'+page))}}},
		Source: &bot.SourcePage{Doc: doc, Short: "d2", Page: page, Pages: 3},
	}
}

// logBuffer collects log output from concurrent goroutines.
type logBuffer struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	changed chan struct{}
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.changed != nil {
		close(l.changed)
		l.changed = nil
	}
	return l.buf.Write(p)
}

// waitCount waits until substr was logged at least n times, up to waitLong.
func (l *logBuffer) waitCount(substr string, n int) bool {
	deadline := time.After(waitLong)
	for {
		l.mu.Lock()
		if strings.Count(l.buf.String(), substr) >= n {
			l.mu.Unlock()
			return true
		}
		if l.changed == nil {
			l.changed = make(chan struct{})
		}
		ch := l.changed
		l.mu.Unlock()
		select {
		case <-ch:
		case <-deadline:
			return false
		}
	}
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

func (l *logBuffer) logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(l, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// harness is a bot running against a fake Bot API.
type harness struct {
	t     *testing.T
	srv   *telegramtest.Server
	a     *fakeAssistant
	bot   *Bot
	clock *fakeClock
	logs  *logBuffer

	cancel context.CancelFunc
	done   chan error
}

var (
	alice = telegramtest.User(501, "Alice", "id")
	bob   = telegramtest.User(502, "Bob", "en-US")
	carol = telegramtest.User(503, "Carol", "en")
	group = telegramtest.Group(-100123, "Diskusi")
)

// newHarness starts a fake server and a bot on it; opts may adjust the options.
func newHarness(t *testing.T, opts Options) *harness {
	t.Helper()
	srv := telegramtest.New(testToken)
	t.Cleanup(srv.Close)
	return startOn(t, srv, opts, &fakeAssistant{})
}

func startOn(t *testing.T, srv *telegramtest.Server, opts Options, a *fakeAssistant) *harness {
	t.Helper()
	h := &harness{t: t, srv: srv, a: a, clock: newFakeClock(), logs: &logBuffer{}}
	opts.Token = testToken
	opts.Endpoint = srv.Endpoint()
	if opts.Clock == nil {
		opts.Clock = h.clock
	}
	if opts.TypingAfter == 0 {
		opts.TypingAfter = time.Hour // no typing unless a test asks
	}
	b, err := New(opts, a, h.logs.logger(), srv.Client())
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	h.bot = b
	ctx, cancel := context.WithCancel(context.Background())
	h.cancel, h.done = cancel, make(chan error, 1)
	go func() { h.done <- b.Run(ctx) }()
	t.Cleanup(func() { h.stop() })
	return h
}

// stop cancels Run and waits for it to return nil.
func (h *harness) stop() {
	h.t.Helper()
	if h.done == nil {
		return
	}
	h.cancel()
	select {
	case err := <-h.done:
		if err != nil {
			h.t.Errorf("Run returned %v", err)
		}
	case <-time.After(waitLong):
		h.t.Fatal("Run did not return after cancel")
	}
	h.done = nil
	if strings.Contains(h.logs.String(), testToken) {
		h.t.Errorf("logs contain the token:\n%s", h.logs.String())
	}
}

func (h *harness) waitSent(n int) []telegramtest.Message {
	h.t.Helper()
	got := h.srv.WaitSent(n, waitLong)
	if len(got) < n {
		h.t.Fatalf("got %d messages, want %d: %+v\nlogs:\n%s", len(got), n, got, h.logs.String())
	}
	return got
}

func (h *harness) waitFor(what string, cond func() bool) {
	h.t.Helper()
	if !h.srv.Wait(waitLong, cond) {
		h.t.Fatalf("timed out waiting for %s\nlogs:\n%s", what, h.logs.String())
	}
}

// settle waits until the fake has no unconfirmed updates handed out and the bot is idle:
// pushes a sentinel question and waits for its answer, proving everything before it in that
// chat was handled.
func (h *harness) sentinel(chat tgbotapi.Chat, from tgbotapi.User) {
	h.t.Helper()
	n := len(h.srv.Sent())
	id := h.srv.Say(chat, from, "sentinel question")
	h.waitFor("the sentinel answer", func() bool {
		for _, m := range h.srv.Sent()[n:] {
			if m.ReplyTo == id {
				return true
			}
		}
		return false
	})
}

var errTest = errors.New("test")

func newRecorder() *httptest.ResponseRecorder { return httptest.NewRecorder() }

func newPost(body string) *http.Request {
	return httptest.NewRequest(http.MethodPost, "/tg", strings.NewReader(body))
}

// sentinelWebhook posts a private question through the webhook and waits for its answer.
func (h *harness) sentinelWebhook(handler http.Handler, secret string) {
	h.t.Helper()
	n := len(h.srv.Sent())
	body := `{"update_id":999999,"message":{"message_id":77,"date":1,"chat":{"id":503,"type":"private"},"from":{"id":503,"is_bot":false,"first_name":"Carol"},"text":"sentinel"}}`
	req := newPost(body)
	req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
	handler.ServeHTTP(newRecorder(), req)
	h.waitFor("the webhook sentinel", func() bool { return len(h.srv.Sent()) > n })
}

// slog_ returns a logger that writes to logs through the redacting handler for token.
func slog_(logs *logBuffer, token string) *slog.Logger {
	return slog.New(&redactHandler{h: logs.logger().Handler(), r: newRedactor(token)})
}

// The core's assistant is what New takes.
var _ assistant = (*bot.Assistant)(nil)
