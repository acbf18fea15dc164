package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/kutip/kutip/bot/llm/llmtest"
	"github.com/kutip/kutip/bot/telegram/telegramtest"
)

// tgToken has the format of a real token (digits:letters), which the configuration checks.
const tgToken = "424242424:AAHcmdTestTOKEN_doNotLeak-42"

// tgWait bounds every wait; it only matters when a test fails.
const tgWait = 20 * time.Second

// syncLog is stderr for a running bot: written from many goroutines, read by the test, which
// can wait for a line.
type syncLog struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	changed chan struct{}
}

func newSyncLog() *syncLog { return &syncLog{changed: make(chan struct{})} }

func (l *syncLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	close(l.changed)
	l.changed = make(chan struct{})
	return l.buf.Write(p)
}

func (l *syncLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// waitMatch waits until the log matches re and returns the first submatch.
func (l *syncLog) waitMatch(t *testing.T, re *regexp.Regexp) string {
	t.Helper()
	deadline := time.NewTimer(tgWait)
	defer deadline.Stop()
	for {
		l.mu.Lock()
		m := re.FindStringSubmatch(l.buf.String())
		ch := l.changed
		l.mu.Unlock()
		if m != nil {
			return m[len(m)-1]
		}
		select {
		case <-ch:
		case <-deadline.C:
			t.Fatalf("the log never matched %s:\n%s", re, l.String())
		}
	}
}

// runningBot is `kutip telegram` running in the background against a fake Bot API.
type runningBot struct {
	t      *testing.T
	srv    *telegramtest.Server
	stderr *syncLog
	cancel context.CancelFunc
	done   chan error
}

// startKutip runs `kutip args…` with the environment kv plus the fake's token and endpoint.
func startKutip(t *testing.T, srv *telegramtest.Server, kv map[string]string, args ...string) *runningBot {
	t.Helper()
	env := map[string]string{"TELEGRAM_BOT_TOKEN": tgToken, "TELEGRAM_API_ENDPOINT": srv.Endpoint(), "KUTIP_DATA": t.TempDir()}
	for k, v := range kv {
		env[k] = v
	}
	ctx, cancel := context.WithCancel(context.Background())
	rb := &runningBot{t: t, srv: srv, stderr: newSyncLog(), cancel: cancel, done: make(chan error, 1)}
	go func() {
		rb.done <- run(ctx, args, func(k string) string { return env[k] }, strings.NewReader(""), io.Discard, rb.stderr)
	}()
	t.Cleanup(func() { rb.stop() })
	return rb
}

// stop cancels the context and waits for run to return; it returns run's error.
func (rb *runningBot) stop() error {
	rb.t.Helper()
	if rb.done == nil {
		return nil
	}
	rb.cancel()
	var err error
	select {
	case err = <-rb.done:
	case <-time.After(tgWait):
		rb.t.Fatalf("run did not return after cancel:\n%s", rb.stderr.String())
	}
	rb.done = nil
	if strings.Contains(rb.stderr.String(), tgToken) {
		rb.t.Errorf("the token is in the log:\n%s", rb.stderr.String())
	}
	return err
}

// answerTo waits for the bot's reply to message id in chat, as it reads after any edits.
func (rb *runningBot) answerTo(chatID int64, id int, done func(telegramtest.Message) bool) telegramtest.Message {
	rb.t.Helper()
	var got telegramtest.Message
	ok := rb.srv.Wait(tgWait, func() bool {
		for _, m := range rb.srv.SentTo(chatID) {
			if m.ReplyTo == id {
				got, _ = rb.srv.Current(chatID, m.MessageID)
				return done(got)
			}
		}
		return false
	})
	if !ok {
		rb.t.Fatalf("no reply to message %d; sent %+v\nlog:\n%s", id, rb.srv.Sent(), rb.stderr.String())
	}
	return got
}

func hasButtons(m telegramtest.Message) bool { return len(m.Buttons()) > 0 }

func TestTelegramAnswersAndStops(t *testing.T) {
	srv := telegramtest.New(tgToken)
	t.Cleanup(srv.Close)
	rb := startKutip(t, srv, nil, "telegram")
	user := telegramtest.User(9001, "Sari", "id")
	chat := telegramtest.PrivateChat(user)
	id := srv.Say(chat, user, "Siapa yang mengendalikan Grup Wagner sampai tahun 2023?")
	got := rb.answerTo(chat.ID, id, hasButtons)
	if !strings.Contains(got.HTML, "<b>Sumber:</b>") || !regexp.MustCompile(`\[1\] \S+\.txt`).MatchString(got.Text) || got.ParseMode != "HTML" {
		t.Errorf("answer without citations:\n%s", got.HTML)
	}
	if b := got.Buttons(); len(b) != 1 || b[0].Text != "📄 Sumber" {
		t.Errorf("buttons = %+v", b)
	}
	if cmds := srv.Commands("id"); len(cmds) == 0 {
		t.Error("no Indonesian command menu")
	}
	if err := rb.stop(); err != nil {
		t.Errorf("run after cancel = %v, want nil", err)
	}
	if srv.Pending() != 0 {
		t.Errorf("%d updates not confirmed at shutdown", srv.Pending())
	}
}

func TestTelegramStreamsLLMAnswers(t *testing.T) {
	srv := telegramtest.New(tgToken)
	t.Cleanup(srv.Close)
	api := llmtest.New(t)
	api.OnChat(func(r llmtest.Request) llmtest.Response {
		if !r.Stream {
			return llmtest.Response{Content: `{"standalone": "", "translation": ""}`}
		}
		// Grounded in the top passage: the grounding check drops claims their passages lack.
		return llmtest.Response{Chunks: []string{"Grup Wagner", " dikontrol sampai tahun 2023", " oleh Yevgeny Prighozin [1]."}}
	})
	rb := startKutip(t, srv, map[string]string{"KUTIP_LLM_MODEL": "fake-model", "OPENAI_BASE_URL": api.URL}, "telegram")
	user := telegramtest.User(9002, "Budi", "id")
	chat := telegramtest.PrivateChat(user)
	id := srv.Say(chat, user, "Siapa yang mengendalikan Grup Wagner sampai tahun 2023?")
	got := rb.answerTo(chat.ID, id, hasButtons)
	if !strings.HasPrefix(got.Text, "Grup Wagner dikontrol sampai tahun 2023 oleh Yevgeny Prighozin [1].") || !strings.Contains(got.HTML, "<b>Sumber:</b>\n[1] ") {
		t.Errorf("LLM answer:\n%s\nlog:\n%s", got.HTML, rb.stderr.String())
	}
	if n := len(srv.SentTo(chat.ID)); n != 1 {
		t.Errorf("%d messages, want one", n)
	}
}

func TestTelegramRejectedTokenExits2(t *testing.T) {
	srv := telegramtest.New("111111111:AAHtheRightOne")
	t.Cleanup(srv.Close)
	var stderr bytes.Buffer
	env := envOf("TELEGRAM_BOT_TOKEN", tgToken, "TELEGRAM_API_ENDPOINT", srv.Endpoint())
	err := run(t.Context(), []string{"telegram"}, env, strings.NewReader(""), io.Discard, &stderr)
	if code := exitCode(err); code != 2 {
		t.Fatalf("exit %d (%v), want 2", code, err)
	}
	var report bytes.Buffer
	exitCodeReport(&report, err)
	if !strings.Contains(report.String(), "invalid bot token") || strings.Contains(report.String()+stderr.String(), tgToken) {
		t.Errorf("report %q\nlog:\n%s", report.String(), stderr.String())
	}
}

func TestTelegramWebhookMode(t *testing.T) {
	defer func(ttl time.Duration) { readyCacheTTL = ttl }(readyCacheTTL)
	readyCacheTTL = 0 // this test changes Telegram's health between probes
	srv := telegramtest.New(tgToken)
	t.Cleanup(srv.Close)
	const secret = "webhook_Secret-42"
	rb := startKutip(t, srv, map[string]string{
		"KUTIP_WEBHOOK_URL":    "https://kutip.example.org/tg/hook",
		"KUTIP_WEBHOOK_SECRET": secret,
		"KUTIP_HTTP_ADDR":      "127.0.0.1:0",
	}, "telegram")
	if !srv.Wait(tgWait, func() bool { u, _ := srv.Webhook(); return u != "" }) {
		t.Fatalf("setWebhook never called:\n%s", rb.stderr.String())
	}
	if u, s := srv.Webhook(); u != "https://kutip.example.org/tg/hook" || s != secret {
		t.Errorf("webhook %q secret %q", u, s)
	}
	if n := len(srv.Calls("deleteWebhook")); n != 0 {
		t.Errorf("deleteWebhook called %d times in webhook mode", n)
	}
	addr := rb.stderr.waitMatch(t, regexp.MustCompile(`HTTP server listening.*addr=(\S+)`))
	base := "http://" + addr

	update := `{"update_id":5001,"message":{"message_id":11,"date":1,"chat":{"id":9003,"type":"private"},"from":{"id":9003,"is_bot":false,"first_name":"Tari","language_code":"id"},"text":"Siapa yang mengendalikan Grup Wagner sampai tahun 2023?"}}`
	post := func(secretHeader string) int {
		req, _ := http.NewRequest(http.MethodPost, base+"/tg/hook", strings.NewReader(update))
		req.Header.Set("Content-Type", "application/json")
		if secretHeader != "" {
			req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secretHeader)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := post("wrong"); code != http.StatusForbidden {
		t.Errorf("wrong secret: %d, want 403", code)
	}
	// The bot accepts updates before it calls setWebhook, so this delivery is the first.
	if code := post(secret); code != http.StatusOK {
		t.Fatalf("update with the secret: %d, want 200", code)
	}
	got := rb.answerTo(9003, 11, hasButtons)
	if !strings.Contains(got.HTML, "<b>Sumber:</b>") {
		t.Errorf("webhook answer:\n%s", got.HTML)
	}

	resp, err := http.Get(base + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	const offline = "mode: offline: extractive answers; local embeddings\n"
	if resp.StatusCode != http.StatusOK || string(body) != "ready\n"+offline {
		t.Errorf("/readyz = %d %q", resp.StatusCode, body)
	}
	srv.Inject("getMe", telegramtest.Fault{Status: 502})
	resp, err = http.Get(base + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || string(body) != "not ready: telegram\n"+offline {
		t.Errorf("/readyz with Telegram failing = %d %q", resp.StatusCode, body)
	}
	resp, err = http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{`kutip_telegram_errors_total{code="502"} 1`, `kutip_answers_total{lang="id",mode="extractive"} 1`, "kutip_index_passages"} {
		if !strings.Contains(string(body), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if err := rb.stop(); err != nil {
		t.Errorf("run after cancel = %v", err)
	}
}

var transcript = flag.Bool("transcript", false, "rewrite docs/telegram-transcript.md from a run of the bot against the fake Bot API")

// TestTelegramTranscript runs a conversation through `kutip telegram` over the seed documents
// and the fake Bot API, and checks its shape. With -transcript it writes what the users typed and
// the HTML the bot sent to docs/telegram-transcript.md:
//
//	go test ./cmd/kutip -run TestTelegramTranscript -transcript
func TestTelegramTranscript(t *testing.T) {
	t.Parallel() // independent and slow: runs beside the other long tests
	srv := telegramtest.New(tgToken)
	t.Cleanup(srv.Close)
	rb := startKutip(t, srv, nil, "telegram")
	sari := telegramtest.User(1001, "Sari", "id")
	tom := telegramtest.User(1002, "Tom", "en-GB")
	group := telegramtest.Group(-1001234567890, "Kajian Semenanjung Korea")

	var doc strings.Builder
	doc.WriteString(`# What a user sees

A real exchange with ` + "`kutip telegram`" + ` over the five seed documents, offline (no API keys),
recorded through the fake Bot API of the tests: what each user typed, and the text the bot sent,
as the HTML Telegram renders (` + "`parse_mode=HTML`" + `). Every bot message is a reply to the
message it answers. Regenerate it with

    go test ./cmd/kutip -run TestTelegramTranscript -transcript

`)
	seen := 0
	// botSays records every bot message sent since the last call, as it reads now.
	botSays := func(chatID int64) []telegramtest.Message {
		t.Helper()
		sent := srv.Sent()
		var out []telegramtest.Message
		for _, m := range sent[seen:] {
			cur, _ := srv.Current(m.ChatID, m.MessageID)
			out = append(out, cur)
			fmt.Fprintf(&doc, "**Kutip:**\n\n```html\n%s\n```\n\n", cur.HTML)
			if b := cur.Buttons(); len(b) > 0 {
				var labels []string
				for _, btn := range b {
					labels = append(labels, "["+btn.Text+"]")
				}
				fmt.Fprintf(&doc, "Buttons: %s\n\n", strings.Join(labels, " "))
			}
		}
		seen = len(sent)
		return out
	}
	// exchange sends text as from in chat and waits for n messages in reply.
	exchange := func(title string, chat tgbotapi.Chat, from tgbotapi.User, text string, n int) []telegramtest.Message {
		t.Helper()
		if title != "" {
			fmt.Fprintf(&doc, "## %s\n\n", title)
		}
		fmt.Fprintf(&doc, "**%s** (`language_code=%s`):\n\n> %s\n\n", from.FirstName, from.LanguageCode, text)
		srv.Say(chat, from, text)
		if got := srv.WaitSent(seen+n, tgWait); len(got) < seen+n {
			t.Fatalf("%s: %d replies, want %d\nlog:\n%s", title, len(got)-seen, n, rb.stderr.String())
		}
		return botSays(chat.ID)
	}

	idChat := telegramtest.PrivateChat(sari)
	exchange("Starting a private chat", idChat, sari, "/start", 1)
	got := exchange("A question in Indonesian, in a private chat", idChat, sari, "Siapa yang mengendalikan Grup Wagner sampai tahun 2023?", 1)
	if b := got[0].Buttons(); len(b) != 1 || !strings.Contains(got[0].HTML, "<b>Sumber:</b>") {
		t.Fatalf("Indonesian answer without citations or Sources button:\n%s", got[0].HTML)
	}
	doc.WriteString("## The Sources button\n\nSari presses **📄 Sumber** under the answer; the bot sends the passages the answer cites, verbatim:\n\n")
	srv.Press(idChat, sari, got[0].MessageID, got[0].Buttons()[0].Data)
	srv.WaitSent(seen+1, tgWait)
	if q := botSays(idChat.ID); len(q) != 1 || !strings.Contains(q[0].Text, "Wagner") {
		t.Errorf("sources: %+v", q)
	}

	enChat := telegramtest.PrivateChat(tom)
	got = exchange("A question in English", enChat, tom, "Where did Putin first meet Kim Jong Un?", 1)
	if !strings.Contains(got[0].HTML, "<b>Sources:</b>") || !strings.Contains(got[0].Text, "Vladivostok") {
		t.Errorf("English answer:\n%s", got[0].HTML)
	}
	exchange("/quote: verbatim passages", idChat, sari, "/quote Agreed Framework", 1)
	got = exchange("A question the documents do not answer", enChat, tom, "Who won the 2018 World Cup?", 1)
	if len(got[0].Buttons()) != 0 || !strings.Contains(got[0].Text, "couldn't find") {
		t.Errorf("refusal:\n%s", got[0].HTML)
	}
	doc.WriteString("## In a group\n\nIn a group the bot answers commands, messages that mention it and replies to its own messages, and stays out of everything else. Sari first writes to the group without addressing the bot, which stays silent:\n\n> Ada yang tahu soal Perundingan Enam Pihak?\n\nthen mentions it:\n\n")
	chatter := srv.Say(group, sari, "Ada yang tahu soal Perundingan Enam Pihak?")
	exchange("", group, sari, "@kutip_bot negara mana saja yang hadir di putaran pertama Perundingan Enam Pihak?", 1)
	if g := srv.SentTo(group.ID); len(g) != 1 || g[0].ReplyTo == chatter {
		t.Errorf("group replies: %+v", g)
	}
	// Answer first: the name, in bold, before the quote that gives it (bold there too).
	got = exchange("", group, sari, "@kutip_bot siapa yang mengendalikan Grup Wagner sampai 2023?", 1)
	if !strings.HasPrefix(got[0].HTML, "<b>Yevgeny Prighozin</b>") || strings.Count(got[0].HTML, "<b>Yevgeny Prighozin</b>") != 2 {
		t.Errorf("Wagner in a group:\n%s", got[0].HTML)
	}

	if err := rb.stop(); err != nil {
		t.Errorf("run = %v", err)
	}
	if *transcript {
		if err := os.WriteFile("../../docs/telegram-transcript.md", []byte(strings.TrimRight(doc.String(), "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestTelegramUnreachableAtStart: the bot retries with back-off instead of exiting; meanwhile
// /healthz answers and /readyz says 503; then it answers as usual.
func TestTelegramUnreachableAtStart(t *testing.T) {
	defer func(d, ttl time.Duration) { telegramRetry, readyCacheTTL = d, ttl }(telegramRetry, readyCacheTTL)
	telegramRetry, readyCacheTTL = 50*time.Millisecond, 0
	srv := telegramtest.New(tgToken)
	t.Cleanup(srv.Close)
	down := make(chan struct{})
	srv.SetFaultFunc(func(method string, _ url.Values) *telegramtest.Fault {
		select {
		case <-down:
			return nil
		default:
			return &telegramtest.Fault{Status: 502}
		}
	})
	rb := startKutip(t, srv, map[string]string{"KUTIP_HTTP_ADDR": "127.0.0.1:0"}, "telegram")
	rb.stderr.waitMatch(t, regexp.MustCompile(`Telegram unreachable; retrying.*\n(?s:.*)Telegram unreachable; retrying`))
	base := "http://" + rb.stderr.waitMatch(t, regexp.MustCompile(`HTTP server listening.*addr=(\S+)`))
	status := func(path string) int {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := status("/healthz"); got != 200 {
		t.Errorf("/healthz while Telegram is down = %d", got)
	}
	if got := status("/readyz"); got != 503 {
		t.Errorf("/readyz while Telegram is down = %d", got)
	}
	close(down)
	user := telegramtest.User(9005, "Dewi", "id")
	chat := telegramtest.PrivateChat(user)
	id := srv.Say(chat, user, "Siapa yang mengendalikan Grup Wagner sampai tahun 2023?")
	rb.answerTo(chat.ID, id, hasButtons)
	if got := status("/readyz"); got != 200 {
		t.Errorf("/readyz once connected = %d", got)
	}
	if err := rb.stop(); err != nil {
		t.Errorf("run = %v", err)
	}
}
