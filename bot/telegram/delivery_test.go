package telegram

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/bot/telegram/telegramtest"
)

func TestJournalSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	j, replay, err := openJournal(dir, 3)
	if err != nil || len(replay) != 0 {
		t.Fatalf("open: %v, %d to replay", err, len(replay))
	}
	for id := 1; id <= 3; id++ {
		if fresh, err := j.admit(tgbotapi.Update{UpdateID: id}); !fresh || err != nil {
			t.Fatalf("admit %d: %v %v", id, fresh, err)
		}
	}
	if fresh, _ := j.admit(tgbotapi.Update{UpdateID: 2}); fresh {
		t.Error("an update waiting for its answer was admitted twice")
	}
	if err := j.done(1); err != nil {
		t.Fatal(err)
	}
	if fresh, _ := j.admit(tgbotapi.Update{UpdateID: 1}); fresh {
		t.Error("an answered update was admitted again")
	}
	// A write cut short by a crash leaves a temporary file; it is cleaned up.
	os.WriteFile(filepath.Join(dir, "pending", "9.json.tmp123"), []byte("{"), 0o600)
	j.close()

	j, replay, err = openJournal(dir, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(replay) != 2 || replay[0].UpdateID != 2 || replay[1].UpdateID != 3 {
		t.Errorf("replay = %+v, want updates 2 and 3", replay)
	}
	if fresh, _ := j.admit(tgbotapi.Update{UpdateID: 1}); fresh {
		t.Error("an update answered before the restart was admitted again")
	}
	if _, err := os.Stat(filepath.Join(dir, "pending", "9.json.tmp123")); !os.IsNotExist(err) {
		t.Error("the temporary file stayed")
	}
	// The answered log stays bounded.
	for id := 10; id < 30; id++ {
		j.admit(tgbotapi.Update{UpdateID: id})
		j.done(id)
	}
	data, _ := os.ReadFile(filepath.Join(dir, "answered.log"))
	if n := strings.Count(string(data), "\n"); n > 6 {
		t.Errorf("answered.log has %d lines, want at most 6", n)
	}
	j.close()
}

// TestShutdownWithFullQueue: with every worker stuck and the queue full, a SIGTERM still ends
// Run within ShutdownTimeout (the poller used to block in dispatch and ignore it), and after a
// restart every question is answered exactly once: the queued ones from the journal, the rest
// from Telegram.
func TestShutdownWithFullQueue(t *testing.T) {
	srv := telegramtest.New(testToken)
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	stuck := &fakeAssistant{}
	var started atomic.Int64
	stuck.handle = func(ctx context.Context, req bot.Request) bot.Reply {
		started.Add(1)
		<-ctx.Done()
		return bot.Reply{}
	}
	const timeout = 300 * time.Millisecond
	opts := Options{Workers: 2, QueueSize: 4, ShutdownTimeout: timeout, StateDir: dir, RatePerMinute: -1}
	h1 := startOn(t, srv, opts, stuck)
	var asked []int
	for i := range 30 {
		u := tgbotapi.User{ID: int64(1000 + i), FirstName: "U", LanguageCode: "id"}
		asked = append(asked, srv.Say(telegramtest.PrivateChat(u), u, fmt.Sprintf("pertanyaan %d", i)))
	}
	waitUntil(t, "a full queue", func() bool { return started.Load() == 2 && h1.bot.disp.free() == 0 })
	begin := time.Now()
	h1.cancel()
	select {
	case err := <-h1.done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * timeout):
		t.Fatal("Run did not return after the shutdown timeout")
	}
	h1.done = nil
	if took := time.Since(begin); took > timeout+200*time.Millisecond {
		t.Errorf("shutdown took %v with a timeout of %v", took, timeout)
	}
	if n := len(srv.Sent()); n != 0 {
		t.Fatalf("%d answers from stuck workers", n)
	}

	h2 := startOn(t, srv, Options{StateDir: dir, RatePerMinute: -1}, &fakeAssistant{})
	h2.waitFor("every answer", func() bool { return len(srv.Sent()) >= len(asked) })
	h2.stop()
	replies := map[string]int{}
	for _, m := range srv.Sent() {
		replies[fmt.Sprint(m.ChatID, "/", m.ReplyTo)]++
	}
	for i, id := range asked {
		if n := replies[fmt.Sprint(1000+i, "/", id)]; n != 1 {
			t.Errorf("question %d answered %d times", i, n)
		}
	}
	if got := h2.bot.Stats().Replayed; got == 0 {
		t.Error("nothing was answered from the journal")
	}
}

// TestWebhookAnswers503WhenNotDurable: an update the journal cannot store is not acknowledged.
func TestWebhookAnswers503WhenNotDurable(t *testing.T) {
	const secret = "s3cret-Token_1"
	dir := t.TempDir()
	h := newHarness(t, Options{WebhookURL: "https://kutip.example/tg", WebhookSecret: secret, StateDir: dir})
	h.waitFor("setWebhook", func() bool { u, _ := h.srv.Webhook(); return u != "" })
	handler := h.bot.WebhookHandler()
	post := func(id int) int {
		rec := newRecorder()
		req := newPost(fmt.Sprintf(`{"update_id":%d,"message":{"message_id":5,"date":1,"chat":{"id":501,"type":"private"},"from":{"id":501,"is_bot":false,"first_name":"Alice"},"text":"apa?"}}`, id))
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
		handler.ServeHTTP(rec, req)
		return rec.Code
	}
	// The journal's directory turns into a file: nothing can be stored.
	pending := filepath.Join(dir, fmt.Sprint(h.bot.Self().ID), "pending")
	os.RemoveAll(pending)
	os.WriteFile(pending, nil, 0o600)
	if got := post(900); got != 503 {
		t.Errorf("status %d for an update that could not be stored, want 503", got)
	}
	os.Remove(pending)
	os.Mkdir(pending, 0o700)
	if got := post(900); got != 200 {
		t.Errorf("status %d once the journal works again, want 200", got)
	}
	h.waitSent(1)
	if n := len(h.a.Requests()); n != 1 {
		t.Errorf("core got %d requests, want 1", n)
	}
}

// waitUntil polls a condition on the bot's own state, which the fake server cannot signal.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(waitLong)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// TestSourcesButtonIsRateLimited: 30 presses of a Sources button are 30 sends no more; they go
// through the per-user limit like questions.
func TestSourcesButtonIsRateLimited(t *testing.T) {
	h := newHarness(t, Options{RatePerMinute: 1, RateBurst: 3})
	chat := telegramtest.PrivateChat(alice)
	h.srv.Say(chat, alice, "Apa isi Kerangka Kesepakatan?")
	answer := h.waitSent(1)[0]
	btn := answer.Buttons()[0]
	for range 30 {
		h.srv.Press(chat, alice, answer.MessageID, btn.Data)
	}
	h.waitFor("every press answered", func() bool { return len(h.srv.Answers()) == 30 })
	h.sentinel(telegramtest.PrivateChat(bob), bob)
	if n := len(h.srv.SentTo(alice.ID)); n != 3 {
		t.Errorf("30 presses sent %d messages, want the answer and 2 passage lists (burst 3)", n)
	}
	if got := h.bot.Stats().RateLimited; got != 28 {
		t.Errorf("rate-limited %d, want 28", got)
	}
}

// TestStripMentionIsLinear: a megabyte of mentions is stripped in well under a second (it took
// minutes when each mention rescanned the text from the start).
func TestStripMentionIsLinear(t *testing.T) {
	b := &Bot{self: tgbotapi.User{UserName: "kutip_bot"}}
	if got := b.stripMention("@Kutip_Bot apa itu @kutip_bottle NPT? @KUTIP_BOT"); got != "apa itu @kutip_bottle NPT?" {
		t.Errorf("stripMention = %q", got)
	}
	if got := b.stripMention("İİ @kutip_bot x"); got != "İİ x" {
		t.Errorf("with letters whose case changes length: %q", got)
	}
	big := strings.Repeat("@kutip_bot ", 100000) // 1.1 MB
	start := time.Now()
	if got := b.stripMention(big + "pertanyaan"); got != "pertanyaan" {
		t.Errorf("stripMention of 100,000 mentions = %.40q", got)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("stripping 100,000 mentions took %v", d)
	}
}

// TestOneChatCannotHoldEveryWorker: twenty slow questions from one chat keep one worker; a
// question from another chat is answered meanwhile.
func TestOneChatCannotHoldEveryWorker(t *testing.T) {
	release := make(chan struct{})
	h := newHarness(t, Options{Workers: 3, RatePerMinute: -1})
	h.a.handle = func(ctx context.Context, req bot.Request) bot.Reply {
		if req.UserID == alice.ID {
			select {
			case <-release:
			case <-ctx.Done():
			}
		}
		return cannedReply(req)
	}
	for i := range 20 {
		h.srv.Say(telegramtest.PrivateChat(alice), alice, fmt.Sprintf("pertanyaan lambat %d", i))
	}
	h.srv.Say(telegramtest.PrivateChat(bob), bob, "What is quick?")
	h.waitFor("bob's answer", func() bool { return len(h.srv.SentTo(bob.ID)) == 1 })
	if n := len(h.srv.SentTo(alice.ID)); n != 0 {
		t.Errorf("alice got %d answers before release", n)
	}
	close(release)
	h.waitFor("alice's answers", func() bool { return len(h.srv.SentTo(alice.ID)) == 20 })
}

// TestCutResponseIsCountedAsPossibleDuplicate: a connection cut after Telegram sent the message
// makes the retry send it twice; the bot cannot avoid it (sendMessage has no idempotency key)
// but counts it. A refused connection is not counted.
func TestCutResponseIsCountedAsPossibleDuplicate(t *testing.T) {
	h := newHarness(t, Options{})
	h.srv.Inject("sendMessage", telegramtest.Fault{DropAfter: true})
	h.srv.Say(telegramtest.PrivateChat(alice), alice, "pertanyaan")
	h.waitFor("the retried answer", func() bool { return len(h.srv.SentTo(alice.ID)) == 2 })
	if got := h.bot.Stats().PossibleDuplicates; got != 1 {
		t.Errorf("possible duplicates = %d, want 1", got)
	}
	h.srv.Inject("sendMessage", telegramtest.Fault{Status: 502})
	h.srv.Say(telegramtest.PrivateChat(bob), bob, "question")
	h.waitFor("bob's answer", func() bool { return len(h.srv.SentTo(bob.ID)) == 1 })
	if got := h.bot.Stats().PossibleDuplicates; got != 1 {
		t.Errorf("after a 502: possible duplicates = %d, want still 1", got)
	}
}
