package telegram

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/bot/llm"
	"github.com/kutip/kutip/bot/llm/llmtest"
	"github.com/kutip/kutip/bot/metrics"
	"github.com/kutip/kutip/bot/telegram/telegramtest"
	"github.com/kutip/kutip/retrieval"
)

// clockedCall is one Bot API request as the bot's clock saw it.
type clockedCall struct {
	method string
	at     time.Time
	status int
}

// clockTransport records the injected clock's time of every request, so that pacing is
// asserted in the bot's time, never in wall time.
type clockTransport struct {
	base  http.RoundTripper
	clock Clock

	mu    sync.Mutex
	calls []clockedCall
}

func (c *clockTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	call := clockedCall{method: path.Base(req.URL.Path), at: c.clock.Now()}
	resp, err := c.base.RoundTrip(req)
	if err == nil {
		call.status = resp.StatusCode
	}
	c.mu.Lock()
	c.calls = append(c.calls, call)
	c.mu.Unlock()
	return resp, err
}

// sends returns the sendMessage and editMessageText requests, in order.
func (c *clockTransport) sends() []clockedCall {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []clockedCall
	for _, call := range c.calls {
		if call.method == "sendMessage" || call.method == "editMessageText" {
			out = append(out, call)
		}
	}
	return out
}

// streamHarness is a bot over a real assistant, with the clock and the requests it saw.
type streamHarness struct {
	*harness
	tr *clockTransport
}

// startAssistant runs a bot over a, against srv, with a fake clock seen by every request.
func startAssistant(t *testing.T, srv *telegramtest.Server, opts Options, a assistant) *streamHarness {
	t.Helper()
	h := &harness{t: t, srv: srv, clock: newFakeClock(), logs: &logBuffer{}}
	tr := &clockTransport{base: srv.Client().Transport, clock: h.clock}
	opts.Token, opts.Endpoint, opts.Clock = testToken, srv.Endpoint(), h.clock
	if opts.TypingAfter == 0 {
		opts.TypingAfter = time.Hour
	}
	b, err := New(opts, a, h.logs.logger(), &http.Client{Transport: tr})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	h.bot = b
	ctx, cancel := context.WithCancel(context.Background())
	h.cancel, h.done = cancel, make(chan error, 1)
	go func() { h.done <- b.Run(ctx) }()
	t.Cleanup(func() { h.stop() })
	return &streamHarness{harness: h, tr: tr}
}

// streamCorpus is a small Indonesian corpus; a.txt answers the questions of these tests.
var streamCorpus = fstest.MapFS{
	"a.txt": {Data: []byte("Pertemuan Putin dan Kim\n\nPresiden Rusia Vladimir Putin bertemu pemimpin Korea Utara Kim Jong Un di Vladivostok pada April 2019. Pertemuan itu membahas kerja sama ekonomi dan keamanan.\n")},
	"b.txt": {Data: []byte("Kerangka Kesepakatan 1994\n\nKerangka Kesepakatan ditandatangani di Jenewa pada Oktober 1994. Korea Utara setuju membekukan reaktor nuklir di Yongbyon.\n")},
}

// llmAssistant returns the real assistant with the LLM generator against a fake API. The
// generator's clock moves a second at every reading, so every chunk of a stream is a partial.
func llmAssistant(t *testing.T, api *llmtest.Server) *bot.Assistant {
	t.Helper()
	docs, err := retrieval.Load(streamCorpus, nil)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := retrieval.NewIndex(context.Background(), docs, retrieval.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	now := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	gen, err := llm.New(llm.Config{
		BaseURL: api.URL, APIKey: "sk-test", Model: "fake-model", NoRewrite: true,
		Now: func() time.Time {
			mu.Lock()
			defer mu.Unlock()
			now = now.Add(time.Second)
			return now
		},
		Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() },
	}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	return bot.New(ix, bot.Options{Generator: gen})
}

// sse writes a chat completion stream by hand, so a test decides when each chunk goes out.
type sse struct {
	w http.ResponseWriter
}

func newSSE(w http.ResponseWriter) sse {
	w.Header().Set("Content-Type", "text/event-stream")
	w.WriteHeader(http.StatusOK)
	s := sse{w}
	s.event(map[string]any{"role": "assistant", "content": ""}, nil)
	return s
}

func (s sse) event(delta map[string]any, finish any) {
	b, _ := json.Marshal(map[string]any{
		"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 1, "model": "fake-model",
		"choices": []any{map[string]any{"index": 0, "delta": delta, "finish_reason": finish}},
	})
	fmt.Fprintf(s.w, "data: %s\n\n", b)
	s.w.(http.Flusher).Flush()
}

func (s sse) chunk(text string) { s.event(map[string]any{"content": text}, nil) }

func (s sse) done() {
	s.event(map[string]any{}, "stop")
	io.WriteString(s.w, "data: [DONE]\n\n")
}

// passageNumber is the number the last prompt gives the passage containing word.
func passageNumber(api *llmtest.Server, word string) int {
	reqs := api.Requests()
	prompt := reqs[len(reqs)-1].UserPrompt()
	at := strings.Index(prompt, word)
	n := 1
	for k := 1; k <= 6; k++ {
		if i := strings.Index(prompt, fmt.Sprintf("[%d] (", k)); i >= 0 && i < at {
			n = k
		}
	}
	return n
}

// visible waits until the chat's one answer message shows substr and returns its id.
func (h *streamHarness) visible(chatID int64, substr string) int {
	h.t.Helper()
	id := 0
	h.waitFor(fmt.Sprintf("the answer to show %q", substr), func() bool {
		sent := h.srv.SentTo(chatID)
		if len(sent) == 0 {
			return false
		}
		m, ok := h.srv.Current(chatID, sent[0].MessageID)
		id = sent[0].MessageID
		return ok && strings.Contains(m.Text, substr)
	})
	return id
}

// assertPaced checks that the sends seen by the bot's clock are at least gap apart.
func (h *streamHarness) assertPaced(gap time.Duration) {
	h.t.Helper()
	calls := h.tr.sends()
	for i := 1; i < len(calls); i++ {
		if d := calls[i].at.Sub(calls[i-1].at); d < gap {
			h.t.Errorf("%s %v after %s, want at least %v apart", calls[i].method, d, calls[i-1].method, gap)
		}
	}
}

func TestStreamingEditsOneMessage(t *testing.T) {
	srv := telegramtest.New(testToken)
	t.Cleanup(srv.Close)
	api := llmtest.New(t)
	h := startAssistant(t, srv, Options{}, llmAssistant(t, api))
	chat := telegramtest.PrivateChat(alice)
	api.Chat(llmtest.Response{Handler: func(w http.ResponseWriter, r *http.Request) {
		n := passageNumber(api, "Vladivostok")
		s := newSSE(w)
		s.chunk("Putin dan Kim Jong Un")
		s.chunk(" bertemu")
		s.chunk(fmt.Sprintf(" di Vladivostok [%d].", n))
		h.visible(chat.ID, "Vladivostok") // only whole, checked sentences show
		s.chunk(fmt.Sprintf(" Pertemuan itu membahas kerja sama ekonomi <& keamanan> [%d].", n))
		h.visible(chat.ID, "Pertemuan")
		s.done()
	}})
	q := srv.Say(chat, alice, "Di mana Putin bertemu Kim Jong Un?")
	h.waitFor("the final edit", func() bool {
		sent := srv.SentTo(chat.ID)
		if len(sent) == 0 {
			return false
		}
		m, _ := srv.Current(chat.ID, sent[0].MessageID)
		return len(m.Buttons()) > 0
	})

	sent := srv.SentTo(chat.ID)
	if len(sent) != 1 {
		t.Fatalf("the chat got %d messages, want one that is edited: %+v", len(sent), sent)
	}
	first := sent[0]
	if first.ReplyTo != q || first.ParseMode != "HTML" || !strings.HasPrefix(first.Text, "Putin dan Kim Jong Un") || !strings.HasSuffix(first.Text, streamCursor) {
		t.Errorf("first partial = %+v", first)
	}
	edits := srv.Edits()
	if len(edits) < 2 {
		t.Fatalf("%d edits, want the growing text and the final answer", len(edits))
	}
	for _, e := range edits[:len(edits)-1] {
		if !strings.HasSuffix(e.Text, streamCursor) || strings.Contains(e.Text, "[") || len(e.Keyboard) != 0 {
			t.Errorf("partial edit %q (buttons %v): want plain text, no citation marks, a cursor", e.Text, e.Keyboard)
		}
	}
	final := edits[len(edits)-1]
	want := "Putin dan Kim Jong Un bertemu di Vladivostok [1]. Pertemuan itu membahas kerja sama ekonomi &lt;&amp; keamanan&gt; [1].\n\n<b>Sumber:</b>\n[1] a.txt — "
	if !strings.HasPrefix(final.HTML, want) {
		t.Errorf("final edit\n%s\nwant it to start with\n%s", final.HTML, want)
	}
	if b := final.Buttons(); len(b) != 1 || b[0].Text != "📄 Sumber" || len(b[0].Data) > 64 {
		t.Errorf("final buttons = %+v", b)
	}
	if strings.Contains(final.Text, streamCursor) {
		t.Errorf("the final answer still shows the cursor: %q", final.Text)
	}
	h.assertPaced(time.Second)

	// The Sources button works on a streamed answer.
	srv.Press(chat, alice, first.MessageID, final.Buttons()[0].Data)
	got := h.waitSent(2)[1]
	if !strings.Contains(got.Text, "Vladivostok pada April 2019") || got.ReplyTo != first.MessageID {
		t.Errorf("sources = %+v", got)
	}
}

func TestStreamingHonours429AndCountsErrors(t *testing.T) {
	srv := telegramtest.New(testToken)
	t.Cleanup(srv.Close)
	api := llmtest.New(t)
	m := metrics.New()
	h := startAssistant(t, srv, Options{Metrics: m}, llmAssistant(t, api))
	chat := telegramtest.PrivateChat(bob)
	srv.Inject("sendMessage", telegramtest.Fault{Status: 502})
	srv.Inject("editMessageText", telegramtest.Fault{Status: 429, RetryAfter: 7})
	api.Chat(llmtest.Response{Handler: func(w http.ResponseWriter, r *http.Request) {
		n := passageNumber(api, "Vladivostok")
		s := newSSE(w)
		s.chunk("Putin and Kim Jong Un met")
		s.chunk(fmt.Sprintf(" in Vladivostok [%d].", n))
		h.visible(chat.ID, "met")
		s.chunk(fmt.Sprintf(" They met in April 2019 [%d].", n))
		h.visible(chat.ID, "April")
		s.done()
	}})
	srv.Say(chat, bob, "Where did Putin meet Kim Jong Un?")
	h.waitFor("the final edit", func() bool {
		sent := srv.SentTo(chat.ID)
		return len(sent) == 1 && len(srv.Edits()) > 0 && len(srv.Edits()[len(srv.Edits())-1].Keyboard) > 0
	})
	final := srv.Edits()[len(srv.Edits())-1]
	if !strings.Contains(final.Text, "Putin and Kim Jong Un met in Vladivostok [1]. They met in April 2019 [1].") || !strings.Contains(final.Text, "Sources:\n[1] a.txt") {
		t.Errorf("final = %q", final.Text)
	}

	calls := h.tr.sends()
	var flood, after *clockedCall
	for i := range calls {
		if calls[i].status == http.StatusTooManyRequests {
			flood = &calls[i]
			if i+1 < len(calls) {
				after = &calls[i+1]
			}
		}
	}
	if flood == nil || after == nil {
		t.Fatalf("no 429 and retry among %+v", calls)
	}
	if d := after.at.Sub(flood.at); d < 7*time.Second {
		t.Errorf("retried %v after a 429 asking for 7s", d)
	}
	h.assertPaced(time.Second)
	if s := h.bot.Stats(); s.FloodWaits != 1 || s.Retries != 1 || s.Streamed != 1 {
		t.Errorf("stats = %+v", s)
	}

	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	body := rec.Body.String()
	for _, want := range []string{`kutip_telegram_errors_total{code="429"} 1`, `kutip_telegram_errors_total{code="502"} 1`} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s:\n%s", want, grepLines(body, "kutip_telegram"))
		}
	}
	if !strings.Contains(body, "kutip_telegram_send_duration_seconds_count") || strings.Contains(body, "kutip_telegram_send_duration_seconds_count 0") {
		t.Errorf("no send latencies:\n%s", grepLines(body, "kutip_telegram"))
	}
}

func grepLines(s, substr string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, substr) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

func TestLLMFaultGivesExtractiveAnswerWithNote(t *testing.T) {
	srv := telegramtest.New(testToken)
	t.Cleanup(srv.Close)
	api := llmtest.New(t) // nothing scripted: every chat request is a 500
	h := startAssistant(t, srv, Options{}, llmAssistant(t, api))
	chat := telegramtest.PrivateChat(alice)
	srv.Say(chat, alice, "Di mana Putin bertemu Kim Jong Un?")
	got := h.waitSent(1)[0]
	h.sentinel(telegramtest.PrivateChat(carol), carol)
	if api.Count(llmtest.ChatPath) == 0 {
		t.Fatal("the model was never asked")
	}
	if len(srv.SentTo(chat.ID)) != 1 || len(srv.Edits()) != 0 {
		t.Errorf("sent %d, edits %d: want one message, not streamed", len(srv.SentTo(chat.ID)), len(srv.Edits()))
	}
	if !strings.Contains(got.Text, "Vladivostok") || !strings.Contains(got.HTML, "<i>(Jawaban model bahasa tidak tersedia; ini kutipan langsung dari dokumen.)</i>") {
		t.Errorf("fallback answer:\n%s", got.HTML)
	}
	if n := strings.Count(got.Text, "Jawaban model bahasa tidak tersedia"); n != 1 {
		t.Errorf("the note shows %d times", n)
	}
	if len(got.Buttons()) != 1 {
		t.Errorf("buttons = %+v", got.Buttons())
	}
}

func TestStreamBrokenMidAnswerEndsWithExtractiveAnswer(t *testing.T) {
	srv := telegramtest.New(testToken)
	t.Cleanup(srv.Close)
	api := llmtest.New(t)
	h := startAssistant(t, srv, Options{}, llmAssistant(t, api))
	chat := telegramtest.PrivateChat(alice)
	api.Chat(llmtest.Response{Handler: func(w http.ResponseWriter, r *http.Request) {
		n := passageNumber(api, "Vladivostok")
		s := newSSE(w)
		s.chunk(fmt.Sprintf("Putin dan Kim Jong Un bertemu di Vladivostok [%d].", n))
		h.visible(chat.ID, "bertemu")
		io.WriteString(w, "data: {\"choices\": [\n\n") // a malformed event ends the stream
	}})
	srv.Say(chat, alice, "Di mana Putin bertemu Kim Jong Un?")
	id := h.visible(chat.ID, "Jawaban model bahasa tidak tersedia")
	m, _ := srv.Current(chat.ID, id)
	if len(srv.SentTo(chat.ID)) != 1 {
		t.Errorf("the chat got %d messages, want the streamed one edited", len(srv.SentTo(chat.ID)))
	}
	if strings.Contains(m.Text, streamCursor) || !strings.Contains(m.Text, "Vladivostok pada April 2019") || len(m.Buttons()) != 1 {
		t.Errorf("final message %q, buttons %+v", m.Text, m.Buttons())
	}
}

// partialAssistant streams partials from the test, then returns final.
func partialAssistant(handle func(ctx context.Context, req bot.Request) bot.Reply) *fakeAssistant {
	return &fakeAssistant{handle: handle}
}

func TestStreamCoalescesPartialsWithoutBlocking(t *testing.T) {
	srv := telegramtest.New(testToken)
	t.Cleanup(srv.Close)
	hold := make(chan struct{})
	chat := telegramtest.PrivateChat(alice)
	var h *streamHarness
	a := partialAssistant(func(ctx context.Context, req bot.Request) bot.Reply {
		req.OnPartial("satu")
		h.visible(chat.ID, "satu")
		srv.Inject("editMessageText", telegramtest.Fault{Hold: hold})
		req.OnPartial("satu dua")
		h.waitFor("the held edit", func() bool { return len(srv.Calls("editMessageText")) == 1 })
		// The edit hangs in Telegram: partials must not wait for it.
		for _, p := range []string{"satu dua tiga", "satu dua tiga empat", "satu dua tiga empat lima"} {
			req.OnPartial(p)
		}
		close(hold)
		h.visible(chat.ID, "lima")
		return cannedReply(req)
	})
	h = startAssistant(t, srv, Options{}, a)
	srv.Say(chat, alice, "pertanyaan")
	h.waitFor("the final answer", func() bool {
		e := srv.Edits()
		return len(e) > 0 && len(e[len(e)-1].Keyboard) > 0
	})
	var texts []string
	for _, e := range srv.Edits() {
		texts = append(texts, e.Text)
	}
	want := []string{"satu dua …", "satu dua tiga empat lima …"}
	if len(texts) != 3 || texts[0] != want[0] || texts[1] != want[1] || !strings.HasPrefix(texts[2], "Menurut dokumen") {
		t.Errorf("edits = %q, want %q then the answer", texts, want)
	}
	h.assertPaced(time.Second)
}

func TestStreamedLongAnswerEditsFirstPartAndSendsTheRest(t *testing.T) {
	srv := telegramtest.New(testToken)
	t.Cleanup(srv.Close)
	chat := telegramtest.PrivateChat(alice)
	long := strings.Repeat("Kalimat panjang tentang perundingan nuklir di Semenanjung Korea [1]. ", 80)
	var h *streamHarness
	a := partialAssistant(func(ctx context.Context, req bot.Request) bot.Reply {
		req.OnPartial(long) // longer than a message: shown cut
		h.visible(chat.ID, "Kalimat panjang")
		r := cannedReply(req)
		r.Blocks = append([]bot.Block{{{Text: long}}}, r.Blocks...)
		return r
	})
	h = startAssistant(t, srv, Options{}, a)
	srv.Say(chat, alice, "pertanyaan panjang")
	h.waitFor("the rest of the answer", func() bool { return len(srv.SentTo(chat.ID)) >= 2 })
	h.sentinel(telegramtest.PrivateChat(carol), carol)
	sent := srv.SentTo(chat.ID)
	if len(sent) != 2 {
		t.Fatalf("%d messages, want the streamed one and one more", len(sent))
	}
	if n := telegramtest.UTF16Len(sent[0].Text); n > MaxMessageLen || !strings.HasSuffix(sent[0].Text, streamCursor) {
		t.Errorf("partial of %d units, ends %q", n, sent[0].Text[len(sent[0].Text)-10:])
	}
	first, _ := srv.Current(chat.ID, sent[0].MessageID)
	if strings.Contains(first.Text, streamCursor) || len(first.Buttons()) != 0 || !strings.HasPrefix(first.Text, "Kalimat panjang") {
		t.Errorf("first part after the final edit: buttons %v, ends %q", first.Buttons(), first.Text[len(first.Text)-20:])
	}
	if b := sent[1].Buttons(); len(b) != 1 || !strings.Contains(sent[1].Text, "Kerangka Kesepakatan 1994") {
		t.Errorf("last part %q, buttons %v", sent[1].Text, b)
	}
}

func TestStreamedMessageDeletedSendsAnswerAnew(t *testing.T) {
	srv := telegramtest.New(testToken)
	t.Cleanup(srv.Close)
	chat := telegramtest.PrivateChat(alice)
	var h *streamHarness
	a := partialAssistant(func(ctx context.Context, req bot.Request) bot.Reply {
		req.OnPartial("sebentar")
		h.visible(chat.ID, "sebentar")
		srv.Inject("editMessageText", telegramtest.Fault{Status: 400, Description: "Bad Request: message to edit not found"})
		return cannedReply(req)
	})
	h = startAssistant(t, srv, Options{}, a)
	q := srv.Say(chat, alice, "pertanyaan")
	got := h.waitSent(2)[1]
	if !strings.HasPrefix(got.Text, "Menurut dokumen") || got.ReplyTo != q || len(got.Buttons()) != 1 {
		t.Errorf("answer sent anew = %+v", got)
	}
}

func TestStreamingOffSendsOnce(t *testing.T) {
	srv := telegramtest.New(testToken)
	t.Cleanup(srv.Close)
	chat := telegramtest.PrivateChat(alice)
	a := partialAssistant(func(ctx context.Context, req bot.Request) bot.Reply {
		if req.OnPartial != nil {
			t.Error("OnPartial set with streaming off")
		}
		return cannedReply(req)
	})
	h := startAssistant(t, srv, Options{StreamInterval: -1}, a)
	srv.Say(chat, alice, "pertanyaan")
	h.waitSent(1)
	h.sentinel(telegramtest.PrivateChat(carol), carol)
	if len(srv.Edits()) != 0 {
		t.Errorf("edits = %+v", srv.Edits())
	}
}

func TestReady(t *testing.T) {
	h := newHarness(t, Options{})
	if err := h.bot.Ready(context.Background()); err != nil {
		t.Fatalf("Ready: %v", err)
	}
	h.srv.Inject("getMe", telegramtest.Fault{Status: 401, Description: "Unauthorized"})
	err := h.bot.Ready(context.Background())
	if err == nil || strings.Contains(err.Error(), testToken) {
		t.Errorf("Ready after 401 = %v", err)
	}
	h.srv.Inject("getMe", telegramtest.Fault{Drop: true})
	err = h.bot.Ready(context.Background())
	if err == nil || strings.Contains(err.Error(), testToken) || strings.Contains(err.Error(), strings.Split(testToken, ":")[1]) {
		t.Errorf("Ready after a network error = %v", err)
	}
}
