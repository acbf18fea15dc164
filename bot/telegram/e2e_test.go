package telegram

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/bot/telegram/telegramtest"
)

func TestStartupRegistersCommandsAndDeletesWebhook(t *testing.T) {
	h := newHarness(t, Options{})
	h.waitFor("setup", func() bool { return len(h.srv.Calls("deleteWebhook")) == 1 && len(h.srv.Calls("getUpdates")) > 0 })
	for lang, want := range map[string]string{"": "Ask something from the documents", "en": "Ask something from the documents", "id": "Tanya sesuatu dari dokumen"} {
		cmds := h.srv.Commands(lang)
		if len(cmds) == 0 || cmds[0].Command != "ask" || cmds[0].Description != want {
			t.Errorf("commands[%q] = %+v, want /ask %q first", lang, cmds, want)
		}
		for _, c := range cmds {
			if c.Command == "reload" || c.Command == "stats" {
				t.Errorf("admin command %q in the public menu", c.Command)
			}
		}
	}
	if h.bot.Self().UserName != telegramtest.BotUser.UserName {
		t.Errorf("Self = %+v", h.bot.Self())
	}
}

func TestPrivateQuestionInEachLanguage(t *testing.T) {
	h := newHarness(t, Options{})
	idMsg := h.srv.Say(telegramtest.PrivateChat(alice), alice, "Apa isi Kerangka Kesepakatan 1994?")
	enMsg := h.srv.Say(telegramtest.PrivateChat(bob), bob, "What did the Agreed Framework say?")
	h.waitSent(2)

	for _, tc := range []struct {
		user   tgbotapi.User
		msg    int
		frame  string
		button string
	}{
		{alice, idMsg, "Menurut dokumen", "📄 Sumber"},
		{bob, enMsg, "According to the documents", "📄 Sources"},
	} {
		got := h.srv.SentTo(tc.user.ID)
		if len(got) != 1 {
			t.Fatalf("%s got %d messages, want 1", tc.user.FirstName, len(got))
		}
		m := got[0]
		if !strings.HasPrefix(m.Text, tc.frame) {
			t.Errorf("reply %q does not start with %q", m.Text, tc.frame)
		}
		if m.ParseMode != "HTML" || m.ReplyTo != tc.msg || !m.AllowWithoutReply {
			t.Errorf("reply parse_mode=%q reply_to=%d allow=%v, want HTML, %d, true", m.ParseMode, m.ReplyTo, m.AllowWithoutReply, tc.msg)
		}
		if !strings.Contains(m.HTML, "Korea Utara &lt;DPRK&gt; &amp; program") {
			t.Errorf("document text not escaped: %q", m.HTML)
		}
		if b := m.Buttons(); len(b) != 1 || b[0].Text != tc.button || len(b[0].Data) > 64 {
			t.Errorf("buttons = %+v, want one %q", b, tc.button)
		}
	}
	reqs := h.a.Requests()
	hints := map[int64]string{}
	for _, r := range reqs {
		hints[r.UserID] = r.LangHint
	}
	if hints[alice.ID] != "id" || hints[bob.ID] != "en-US" {
		t.Errorf("language hints = %v", hints)
	}
}

func TestGroupAddressing(t *testing.T) {
	h := newHarness(t, Options{})
	first := h.srv.Say(group, alice, "@kutip_bot apa itu Perundingan Enam Pihak?")
	h.waitSent(1)
	h.srv.Say(group, alice, "ngobrol biasa tanpa menyebut bot")
	h.srv.Say(group, alice, "/ask@otherbot cuaca hari ini")
	h.srv.Say(group, alice, "/weather Jakarta")
	botMsg := h.srv.SentTo(group.ID)[0].MessageID
	h.srv.Reply(group, bob, "and what about Russia?", botMsg)
	h.srv.Say(group, bob, "/ask@Kutip_Bot siapa?")
	h.srv.Say(group, bob, "/quote nuklir")
	h.waitSent(4)
	// Give any wrongly answered message a chance to show up behind a private sentinel.
	h.sentinel(telegramtest.PrivateChat(carol), carol)

	var texts []string
	for _, r := range h.a.Requests() {
		if r.ChatID == group.ID {
			texts = append(texts, r.Text)
		}
	}
	want := []string{"apa itu Perundingan Enam Pihak?", "and what about Russia?", "/ask siapa?", "/quote nuklir"}
	if strings.Join(texts, "|") != strings.Join(want, "|") {
		t.Errorf("the core got %q, want %q", texts, want)
	}
	if got := h.srv.SentTo(group.ID); len(got) != 4 || got[0].ReplyTo != first {
		t.Errorf("group replies = %+v", got)
	}
}

func TestQuoteHasNoSourcesButton(t *testing.T) {
	h := newHarness(t, Options{})
	h.srv.Say(telegramtest.PrivateChat(alice), alice, "/quote Enam Pihak")
	m := h.waitSent(1)[0]
	if !strings.Contains(m.Text, "«Perundingan Enam Pihak»") || len(m.Buttons()) != 0 {
		t.Errorf("quote reply = %+v", m)
	}
	if r := h.a.Requests(); r[0].Text != "/quote Enam Pihak" {
		t.Errorf("core got %q", r[0].Text)
	}
}

func TestSourcesButton(t *testing.T) {
	h := newHarness(t, Options{})
	chat := telegramtest.PrivateChat(alice)
	h.srv.Say(chat, alice, "Apa isi Kerangka Kesepakatan?")
	answer := h.waitSent(1)[0]
	btn := answer.Buttons()[0]

	q := h.srv.Press(chat, alice, answer.MessageID, btn.Data)
	got := h.waitSent(2)[1]
	if got.ReplyTo != answer.MessageID || !strings.Contains(got.Text, "002_c095447da0f7cb9e.txt#4") || !strings.Contains(got.HTML, "&lt;persis&gt;") {
		t.Errorf("passages message = %+v", got)
	}
	h.waitFor("the callback answer", func() bool { return len(h.srv.Answers()) == 1 })
	if a := h.srv.Answers()[0]; a.QueryID != q || a.Text != "" {
		t.Errorf("answer = %+v", a)
	}

	// A button from before a restart (unknown key) is expired, politely.
	h.srv.Press(chat, alice, answer.MessageID, "src|AAAAAAAAAAAA")
	h.waitFor("the expired answer", func() bool { return len(h.srv.Answers()) == 2 })
	if a := h.srv.Answers()[1]; !strings.Contains(a.Text, "kedaluwarsa") {
		t.Errorf("expired answer = %+v", a)
	}
	if n := len(h.srv.Sent()); n != 2 {
		t.Errorf("sent %d messages after an expired press, want 2", n)
	}
}

func TestSourcesButtonExpires(t *testing.T) {
	h := newHarness(t, Options{ButtonTTL: time.Hour})
	chat := telegramtest.PrivateChat(bob)
	h.srv.Say(chat, bob, "What is the Agreed Framework?")
	answer := h.waitSent(1)[0]
	h.clock.Advance(2 * time.Hour)
	h.srv.Press(chat, bob, answer.MessageID, answer.Buttons()[0].Data)
	h.waitFor("the expired answer", func() bool { return len(h.srv.Answers()) == 1 })
	if a := h.srv.Answers()[0]; a.Text != "This button has expired. Please ask again." {
		t.Errorf("expired answer = %+v", a)
	}
}

func TestSourcePagingEditsInPlace(t *testing.T) {
	h := newHarness(t, Options{})
	chat := telegramtest.PrivateChat(alice)
	h.srv.Say(chat, alice, "/source 2")
	page1 := h.waitSent(1)[0]
	b := page1.Buttons()
	if len(b) != 2 || b[0].Text != "1/3" || b[1].Text != "Berikutnya ›" {
		t.Fatalf("page 1 buttons = %+v", b)
	}
	h.srv.Press(chat, alice, page1.MessageID, b[1].Data)
	h.waitFor("the edit", func() bool { return len(h.srv.Edits()) == 1 })
	cur, _ := h.srv.Current(chat.ID, page1.MessageID)
	if !strings.Contains(cur.Text, "Halaman 2") {
		t.Errorf("edited text = %q", cur.Text)
	}
	if b := cur.Buttons(); len(b) != 3 || b[1].Text != "2/3" {
		t.Errorf("page 2 buttons = %+v", b)
	}
	// The page indicator does nothing but answer the query.
	h.srv.Press(chat, alice, page1.MessageID, cur.Buttons()[1].Data)
	h.waitFor("the nop answer", func() bool { return len(h.srv.Answers()) == 2 })
	if len(h.srv.Sent()) != 1 || len(h.srv.Edits()) != 1 {
		t.Errorf("sent %d, edits %d after the indicator", len(h.srv.Sent()), len(h.srv.Edits()))
	}
}

func longReply(lang bot.Lang) bot.Reply {
	var blocks []bot.Block
	for i := 0; i < 60; i++ {
		var blk bot.Block
		for j := 0; j < 6; j++ {
			blk = append(blk, bot.Run{Text: "Kalimat panjang tentang <program> nuklir & perundingan yang berlarut-larut. ", Style: bot.Style(j % 3)}, bot.Run{Text: "[12] "})
		}
		blocks = append(blocks, blk)
	}
	return bot.Reply{Kind: bot.KindAnswer, Lang: lang, Blocks: blocks, Citations: []bot.Citation{{N: 12, Doc: "x.txt", Passage: "x#1"}}}
}

func TestLongReplyIsSplit(t *testing.T) {
	h := newHarness(t, Options{})
	h.a.handle = func(ctx context.Context, req bot.Request) bot.Reply {
		if req.UserID == bob.ID {
			return cannedReply(req)
		}
		return longReply(bot.LangID)
	}
	msg := h.srv.Say(telegramtest.PrivateChat(alice), alice, "ceritakan semuanya")
	if n := len(SplitMessage(Render(longReply(bot.LangID)), MaxMessageLen)); n <= maxReplyParts {
		t.Fatalf("test reply splits into %d parts, want more than %d", n, maxReplyParts)
	}
	// At most maxReplyParts messages, the last saying where to read on.
	want := maxReplyParts
	got := h.waitSent(want)
	h.sentinel(telegramtest.PrivateChat(bob), bob)
	if n := len(h.srv.SentTo(alice.ID)); n != want {
		t.Errorf("the reply took %d messages, want %d", n, want)
	}
	if last := got[want-1].Text; !strings.HasSuffix(last, "(Dipotong: jawaban ini terlalu panjang. Selengkapnya: /source x.txt)") || telegramtest.UTF16Len(last) > 4096 {
		t.Errorf("last part ends %q", last[max(0, len(last)-120):])
	}
	if h.bot.Stats().CutReplies != 1 {
		t.Errorf("cut replies = %d", h.bot.Stats().CutReplies)
	}
	for i, m := range got {
		if telegramtest.UTF16Len(m.Text) > 4096 {
			t.Errorf("part %d has %d units", i, telegramtest.UTF16Len(m.Text))
		}
		if (i == 0) != (m.ReplyTo == msg) {
			t.Errorf("part %d reply_to = %d", i, m.ReplyTo)
		}
		if (i == len(got)-1) != (len(m.Buttons()) == 1) {
			t.Errorf("part %d buttons = %+v", i, m.Buttons())
		}
		if strings.HasPrefix(m.Text, "[") {
			t.Errorf("part %d starts with a citation marker: %.30q", i, m.Text)
		}
	}
	if h.clock.slept < time.Duration(want-1)*time.Second {
		t.Errorf("parts were paced %v apart in all, want ≥ 1s each", h.clock.slept)
	}
}

func Test429StormLosesNothing(t *testing.T) {
	h := newHarness(t, Options{Workers: 4})
	var n atomic.Int64
	h.srv.SetFaultFunc(func(method string, _ url.Values) *telegramtest.Fault {
		if method == "sendMessage" && n.Add(1)%3 != 0 {
			return &telegramtest.Fault{Status: 429, RetryAfter: 7}
		}
		return nil
	})
	users := []tgbotapi.User{alice, bob, carol}
	type key struct {
		chat int64
		msg  int
	}
	var want []key
	for i := 0; i < 12; i++ {
		u := users[i%3]
		want = append(want, key{u.ID, h.srv.Say(telegramtest.PrivateChat(u), u, "pertanyaan nomor "+string(rune('a'+i)))})
	}
	h.waitSent(12)
	h.sentinel(telegramtest.PrivateChat(alice), alice)
	seen := map[key]int{}
	for _, m := range h.srv.Sent() {
		seen[key{m.ChatID, m.ReplyTo}]++
	}
	for _, k := range want {
		if seen[k] != 1 {
			t.Errorf("message %v answered %d times", k, seen[k])
		}
	}
	if st := h.bot.Stats(); st.FloodWaits < 12 || st.SendFailures != 0 {
		t.Errorf("stats = %+v", st)
	}
	if h.clock.slept < 7*time.Second*12 {
		t.Errorf("slept %v, want ≥ retry_after for each 429", h.clock.slept)
	}
}

func TestRetriesServerAndNetworkErrors(t *testing.T) {
	h := newHarness(t, Options{})
	h.srv.Inject("sendMessage", telegramtest.Fault{Status: 502}, telegramtest.Fault{Drop: true}, telegramtest.Fault{Status: 500})
	h.srv.Say(telegramtest.PrivateChat(alice), alice, "apa kabar dokumen?")
	h.waitSent(1)
	if st := h.bot.Stats(); st.Retries != 3 {
		t.Errorf("retries = %d, want 3", st.Retries)
	}
	if calls := h.srv.Calls("sendMessage"); len(calls) != 4 {
		t.Errorf("sendMessage calls = %d, want 4", len(calls))
	}
}

func TestRetriesAreBounded(t *testing.T) {
	h := newHarness(t, Options{MaxRetries: 2})
	h.srv.Inject("sendMessage", telegramtest.Fault{Status: 500}, telegramtest.Fault{Status: 500}, telegramtest.Fault{Status: 500})
	h.srv.Say(telegramtest.PrivateChat(alice), alice, "gagal terus")
	waitUntil(t, "giving up", func() bool { return h.bot.Stats().SendFailures == 1 })
	if calls := h.srv.Calls("sendMessage"); len(calls) != 3 {
		t.Errorf("sendMessage calls = %d, want 3", len(calls))
	}
}

func TestCantParseEntitiesFallsBackToPlainText(t *testing.T) {
	h := newHarness(t, Options{})
	h.srv.Inject("sendMessage", telegramtest.Fault{Status: 400, Description: "Bad Request: can't parse entities: Unsupported start tag \"x\" at byte offset 3"})
	h.srv.Say(telegramtest.PrivateChat(alice), alice, "apa isi dokumen?")
	m := h.waitSent(1)[0]
	if m.ParseMode != "" || !strings.Contains(m.Text, "Korea Utara <DPRK> & program") {
		t.Errorf("fallback message = %+v", m)
	}
}

func TestBlockedChatIsNotSentToAgain(t *testing.T) {
	h := newHarness(t, Options{})
	chat := telegramtest.PrivateChat(carol)
	h.srv.Block(carol.ID)
	h.srv.Say(chat, carol, "first question")
	waitUntil(t, "the 403", func() bool { return h.bot.Stats().BlockedChats == 1 })
	h.srv.Say(chat, carol, "second question")
	h.sentinel(telegramtest.PrivateChat(alice), alice)
	waitUntil(t, "the second question handled", func() bool { return len(h.a.Requests()) == 3 })
	if n := len(h.srv.Calls("sendMessage")); n != 2 { // the 403 and the sentinel's answer
		t.Errorf("sendMessage calls = %d, want 2", n)
	}
	// Unblocking (my_chat_member back to "member") lifts it.
	h.srv.Push(tgbotapi.Update{MyChatMember: &tgbotapi.ChatMemberUpdated{Chat: chat, From: carol, NewChatMember: tgbotapi.ChatMember{Status: "member"}}})
	waitUntil(t, "unblock", func() bool { return h.bot.Stats().BlockedChats == 0 })
}

func TestIgnoredAndHintedUpdates(t *testing.T) {
	h := newHarness(t, Options{})
	chat := telegramtest.PrivateChat(alice)
	h.srv.Push(tgbotapi.Update{Message: &tgbotapi.Message{From: &alice, Chat: &chat, Sticker: &tgbotapi.Sticker{FileID: "s"}}})
	h.srv.Push(tgbotapi.Update{Message: &tgbotapi.Message{From: &alice, Chat: &chat, Voice: &tgbotapi.Voice{FileID: "v"}}})
	h.srv.Push(tgbotapi.Update{EditedMessage: &tgbotapi.Message{MessageID: 1, From: &alice, Chat: &chat, Text: "edited"}})
	ch := tgbotapi.Chat{ID: -100999, Type: "channel", Title: "Kanal"}
	h.srv.Push(tgbotapi.Update{ChannelPost: &tgbotapi.Message{Chat: &ch, Text: "@kutip_bot halo"}})
	g := group
	h.srv.Push(tgbotapi.Update{Message: &tgbotapi.Message{From: &alice, Chat: &g, NewChatMembers: []tgbotapi.User{bob}}})
	h.srv.Push(tgbotapi.Update{Message: &tgbotapi.Message{From: &alice, Chat: &g, Photo: []tgbotapi.PhotoSize{{FileID: "p"}}}})
	h.srv.Push(tgbotapi.Update{Message: &tgbotapi.Message{From: &alice, Chat: &chat}}) // empty
	h.srv.Push(tgbotapi.Update{UpdateID: 0})                                           // nothing at all
	h.sentinel(chat, alice)
	got := h.srv.SentTo(alice.ID)
	if len(got) != 3 || !strings.Contains(got[0].Text, "hanya bisa membaca") || !strings.Contains(got[1].Text, "hanya bisa membaca") {
		t.Errorf("private replies = %+v", got)
	}
	if n := len(h.srv.SentTo(group.ID)); n != 0 {
		t.Errorf("sent %d messages to the group", n)
	}
	if n := len(h.a.Requests()); n != 1 {
		t.Errorf("core got %d requests, want only the sentinel", n)
	}
}

func TestAllowListAndStranger(t *testing.T) {
	h := newHarness(t, Options{AllowedUsers: []int64{alice.ID}, AllowedChats: []int64{group.ID}})
	h.srv.Say(telegramtest.PrivateChat(alice), alice, "apa isi dokumen?")
	h.srv.Say(telegramtest.PrivateChat(bob), bob, "What is in the documents?")
	h.srv.Say(telegramtest.PrivateChat(bob), bob, "Hello? Anyone?")
	h.srv.Say(group, carol, "@kutip_bot siapa yang berunding?") // a stranger in an allowed group
	h.sentinel(telegramtest.PrivateChat(alice), alice)
	h.waitSent(4)
	toBob := h.srv.SentTo(bob.ID)
	if len(toBob) != 1 || toBob[0].Text != "Sorry, this bot only serves approved users and groups." {
		t.Errorf("stranger got %+v, want one refusal", toBob)
	}
	for _, r := range h.a.Requests() {
		if r.UserID == bob.ID {
			t.Errorf("the stranger's question reached the core: %+v", r)
		}
	}
	if len(h.srv.SentTo(group.ID)) != 1 {
		t.Errorf("the allowed group got no answer")
	}
}

func TestRateLimit(t *testing.T) {
	h := newHarness(t, Options{RatePerMinute: 1, RateBurst: 2})
	chat := telegramtest.PrivateChat(bob)
	for i := 0; i < 4; i++ {
		h.srv.Say(chat, bob, "What is question "+string(rune('a'+i))+"?")
	}
	h.sentinel(telegramtest.PrivateChat(alice), alice)
	h.waitFor("bob's replies", func() bool { return len(h.srv.SentTo(bob.ID)) == 3 })
	got := h.srv.SentTo(bob.ID)
	if !strings.Contains(got[2].Text, "Too many questions") {
		t.Errorf("third reply = %q, want the rate-limit notice", got[2].Text)
	}
	waitUntil(t, "the fourth question refused", func() bool { return h.bot.Stats().RateLimited == 2 })
	if n := len(h.srv.SentTo(bob.ID)); n != 3 {
		t.Errorf("bob got %d messages, want 3 (one notice, then silence)", n)
	}
	h.clock.Advance(time.Minute)
	h.srv.Say(chat, bob, "What now?")
	h.waitFor("the answer after refill", func() bool { return len(h.srv.SentTo(bob.ID)) == 4 })
}

func TestAdminStatsAddsTelegramCounters(t *testing.T) {
	h := newHarness(t, Options{Admins: []int64{alice.ID}})
	h.srv.Say(telegramtest.PrivateChat(alice), alice, "/stats")
	h.srv.Say(telegramtest.PrivateChat(bob), bob, "/stats")
	h.waitSent(2)
	for _, r := range h.a.Requests() {
		if r.Admin != (r.UserID == alice.ID) {
			t.Errorf("request %+v: Admin wrong", r)
		}
	}
	if m := h.srv.SentTo(alice.ID)[0]; !strings.Contains(m.Text, "passages: 120") || !strings.Contains(m.Text, "pesan terkirim: ") {
		t.Errorf("admin stats = %q", m.Text)
	}
	if m := h.srv.SentTo(bob.ID)[0]; strings.Contains(m.Text, "messages sent") {
		t.Errorf("non-admin got adapter stats: %q", m.Text)
	}
}

func TestTypingWhileWorking(t *testing.T) {
	release := make(chan struct{})
	h := newHarness(t, Options{TypingAfter: -1})
	h.a.handle = func(ctx context.Context, req bot.Request) bot.Reply {
		<-release
		return cannedReply(req)
	}
	h.srv.Say(telegramtest.PrivateChat(alice), alice, "pertanyaan lambat")
	h.waitFor("typing", func() bool { return len(h.srv.Actions()) >= 1 })
	close(release)
	h.waitSent(1)
	if a := h.srv.Actions()[0]; a.Action != "typing" || a.ChatID != alice.ID {
		t.Errorf("action = %+v", a)
	}
}

func TestPerChatOrder(t *testing.T) {
	h := newHarness(t, Options{Workers: 4, RatePerMinute: -1})
	var mu sync.Mutex
	order := map[int64][]string{}
	h.a.handle = func(ctx context.Context, req bot.Request) bot.Reply {
		mu.Lock()
		order[req.ChatID] = append(order[req.ChatID], req.Text)
		mu.Unlock()
		return bot.Reply{Kind: bot.KindInfo, Lang: bot.LangID, Blocks: []bot.Block{{{Text: "ok " + req.Text}}}}
	}
	users := []tgbotapi.User{alice, bob, carol}
	for i := 0; i < 30; i++ {
		u := users[i%3]
		h.srv.Say(telegramtest.PrivateChat(u), u, string(rune('a'+i/3)))
	}
	h.waitSent(30)
	for _, u := range users {
		if got := strings.Join(order[u.ID], ""); got != "abcdefghij" {
			t.Errorf("chat %d handled in order %q", u.ID, got)
		}
		var texts []string
		for _, m := range h.srv.SentTo(u.ID) {
			texts = append(texts, strings.TrimPrefix(m.Text, "ok "))
		}
		if got := strings.Join(texts, ""); got != "abcdefghij" {
			t.Errorf("chat %d replies in order %q", u.ID, got)
		}
	}
}

func TestShutdownMidAnswer(t *testing.T) {
	started := make(chan struct{})
	release := make(chan struct{})
	h := newHarness(t, Options{})
	h.a.handle = func(ctx context.Context, req bot.Request) bot.Reply {
		close(started)
		<-release
		return cannedReply(req)
	}
	id := h.srv.Say(telegramtest.PrivateChat(alice), alice, "pertanyaan saat berhenti")
	<-started
	h.cancel() // SIGTERM while the answer is being worked on
	time.AfterFunc(50*time.Millisecond, func() { close(release) })
	select {
	case err := <-h.done:
		if err != nil {
			t.Fatalf("Run = %v", err)
		}
	case <-time.After(waitLong):
		t.Fatal("Run did not return")
	}
	h.done = nil
	if got := h.srv.Sent(); len(got) != 1 || got[0].ReplyTo != id {
		t.Fatalf("the answer in flight was not delivered: %+v", got)
	}
	// The final getUpdates confirmed the offset: nothing pending, nothing answered twice.
	calls := h.srv.Calls("getUpdates")
	last := calls[len(calls)-1].Params
	if last.Get("timeout") != "0" || last.Get("limit") != "1" {
		t.Errorf("last getUpdates = %v, want the confirmation", last)
	}
	if h.srv.Pending() != 0 {
		t.Errorf("%d updates still unconfirmed", h.srv.Pending())
	}
}

func TestShutdownIsBounded(t *testing.T) {
	h := newHarness(t, Options{ShutdownTimeout: 20 * time.Millisecond})
	started := make(chan struct{})
	h.a.handle = func(ctx context.Context, req bot.Request) bot.Reply {
		close(started)
		<-ctx.Done() // a stuck answer that only gives up when cancelled
		return bot.Reply{}
	}
	h.srv.Say(telegramtest.PrivateChat(alice), alice, "pertanyaan macet")
	<-started
	h.stop()
	if !strings.Contains(h.logs.String(), "abandoning") {
		t.Errorf("no warning about the abandoned answer:\n%s", h.logs.String())
	}
}

func TestRestartAnswersNothingTwice(t *testing.T) {
	srv := telegramtest.New(testToken)
	defer srv.Close()
	a := &fakeAssistant{}
	h1 := startOn(t, srv, Options{}, a)
	srv.Say(telegramtest.PrivateChat(alice), alice, "pertanyaan satu")
	srv.Say(telegramtest.PrivateChat(bob), bob, "What is two?")
	h1.waitSent(2)
	h1.stop()

	h2 := startOn(t, srv, Options{}, a)
	third := srv.Say(telegramtest.PrivateChat(alice), alice, "pertanyaan tiga")
	h2.waitFor("the third answer", func() bool {
		s := srv.Sent()
		return len(s) >= 3 && s[len(s)-1].ReplyTo == third
	})
	h2.stop()
	if n := len(srv.Sent()); n != 3 {
		t.Errorf("sent %d messages across the restart, want 3", n)
	}
	if n := len(a.Requests()); n != 3 {
		t.Errorf("core got %d requests, want 3", n)
	}
}

func TestBadTokenIsUnauthorized(t *testing.T) {
	srv := telegramtest.New("the-right-token")
	defer srv.Close()
	for _, tok := range []string{testToken, "", "has space"} {
		_, err := New(Options{Token: tok, Endpoint: srv.Endpoint()}, &fakeAssistant{}, nil, srv.Client())
		if !errors.Is(err, ErrUnauthorized) {
			t.Errorf("New(token %q) = %v, want ErrUnauthorized", tok, err)
		}
		if tok != "" && strings.Contains(err.Error(), tok) {
			t.Errorf("error contains the token: %v", err)
		}
	}
}

func TestWebhook(t *testing.T) {
	const secret = "s3cret-Token_1"
	h := newHarness(t, Options{WebhookURL: "https://kutip.example/tg", WebhookSecret: secret})
	h.waitFor("setWebhook", func() bool { u, s := h.srv.Webhook(); return u != "" && s == secret })
	if n := len(h.srv.Calls("getUpdates")); n != 0 {
		t.Errorf("webhook mode polled %d times", n)
	}
	handler := h.bot.WebhookHandler()
	post := func(secretHeader, body string) int {
		rec := newRecorder()
		req := newPost(body)
		if secretHeader != "" {
			req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secretHeader)
		}
		handler.ServeHTTP(rec, req)
		return rec.Code
	}
	update := `{"update_id":900,"message":{"message_id":5,"date":1,"chat":{"id":501,"type":"private"},"from":{"id":501,"is_bot":false,"first_name":"Alice","language_code":"id"},"text":"apa isi dokumen?"}}`
	for _, tc := range []struct {
		secret string
		want   int
	}{{"", 403}, {"wrong", 403}, {secret + "x", 403}} {
		if got := post(tc.secret, update); got != tc.want {
			t.Errorf("secret %q: status %d, want %d", tc.secret, got, tc.want)
		}
	}
	if got := post(secret, "{not json"); got != 400 {
		t.Errorf("bad body: status %d", got)
	}
	if got := post(secret, update); got != 200 {
		t.Fatalf("right secret: status %d", got)
	}
	if got := post(secret, update); got != 200 { // Telegram retrying the same update
		t.Fatalf("redelivery: status %d", got)
	}
	m := h.waitSent(1)[0]
	if m.ChatID != 501 || m.ReplyTo != 5 {
		t.Errorf("webhook reply = %+v", m)
	}
	h.sentinelWebhook(handler, secret)
	if n := len(h.a.Requests()); n != 2 {
		t.Errorf("core got %d requests, want the update once plus the sentinel", n)
	}
	h.stop()
	if got := post(secret, strings.Replace(update, "900", "901", 1)); got != 503 {
		t.Errorf("after shutdown: status %d, want 503", got)
	}
}

func TestNewRejectsWebhookWithoutSecret(t *testing.T) {
	srv := telegramtest.New(testToken)
	defer srv.Close()
	for _, secret := range []string{"", "bad secret!"} {
		if _, err := New(Options{Token: testToken, Endpoint: srv.Endpoint(), WebhookURL: "https://x.example/", WebhookSecret: secret}, &fakeAssistant{}, nil, srv.Client()); err == nil {
			t.Errorf("secret %q accepted", secret)
		}
	}
}

func TestRunTwice(t *testing.T) {
	h := newHarness(t, Options{})
	h.waitFor("polling", func() bool { return len(h.srv.Calls("getUpdates")) > 0 })
	if err := h.bot.Run(context.Background()); err == nil {
		t.Error("second Run returned nil")
	}
}

func TestPanicInCoreIsContained(t *testing.T) {
	h := newHarness(t, Options{})
	h.a.handle = func(ctx context.Context, req bot.Request) bot.Reply {
		if req.UserID == bob.ID {
			panic("boom")
		}
		return cannedReply(req)
	}
	h.srv.Say(telegramtest.PrivateChat(bob), bob, "What breaks?")
	h.sentinel(telegramtest.PrivateChat(alice), alice)
	h.waitFor("the apology", func() bool { return len(h.srv.SentTo(bob.ID)) == 1 })
	if m := h.srv.SentTo(bob.ID)[0]; !strings.Contains(m.Text, "something went wrong") {
		t.Errorf("apology = %q", m.Text)
	}
	if h.bot.Stats().Panics != 1 {
		t.Errorf("panics = %d", h.bot.Stats().Panics)
	}
}
