package telegramtest

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

func TestParseHTML(t *testing.T) {
	tests := []struct {
		in, want string
		err      string
	}{
		{in: "<b>a</b> &amp; <i>b</i> &lt;c&gt; &quot;d&quot; &#128512;", want: "a & b <c> \"d\" 😀"},
		{in: `<a href="https://x.example/?a=1&amp;b=2">x</a><span class="tg-spoiler">s</span><pre><code class="language-go">x</code></pre>`, want: "xsx"},
		{in: "<blockquote>q</blockquote><tg-spoiler>s</tg-spoiler><u>u</u><s>s</s>", want: "qsus"},
		{in: "<x>a</x>", err: `Unsupported start tag "x"`},
		{in: "<b>a", err: `Can't find end tag corresponding to start tag "b"`},
		{in: "<b><i>a</b></i>", err: "Unmatched end tag"},
		{in: "a</b>", err: "Unexpected end tag"},
		{in: "a < b", err: "Unclosed start tag"},
		{in: "a & b", err: "Character '&' is reserved"},
		{in: "&nbsp;", err: "Unsupported HTML entity"},
		{in: "<span>x</span>", err: "tg-spoiler"},
		{in: "<a>x</a>", err: "href"},
	}
	for _, tt := range tests {
		got, err := ParseHTML(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParseHTML(%q) error = %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseHTML(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func newBot(t *testing.T, s *Server) *tgbotapi.BotAPI {
	t.Helper()
	api, err := tgbotapi.NewBotAPIWithClient(s.Token, s.Endpoint(), s.Client())
	if err != nil {
		t.Fatal(err)
	}
	return api
}

func apiErr(t *testing.T, err error) *tgbotapi.Error {
	t.Helper()
	var te *tgbotapi.Error
	if !errors.As(err, &te) {
		t.Fatalf("err = %v, want a Bot API error", err)
	}
	return te
}

func TestServerLimits(t *testing.T) {
	s := New("tok")
	defer s.Close()
	if _, err := tgbotapi.NewBotAPIWithClient("wrong", s.Endpoint(), s.Client()); err == nil || apiErr(t, err).Code != 401 {
		t.Errorf("wrong token: %v", err)
	}
	api := newBot(t, s)
	if api.Self.UserName != BotUser.UserName {
		t.Errorf("getMe = %+v", api.Self)
	}
	msg := func(text string) tgbotapi.MessageConfig {
		m := tgbotapi.NewMessage(10, text)
		m.ParseMode = tgbotapi.ModeHTML
		return m
	}
	if _, err := api.Send(msg(strings.Repeat("<b>é</b>", 4096))); err != nil {
		t.Errorf("4096 units after parsing rejected: %v", err)
	}
	if _, err := api.Send(msg(strings.Repeat("😀", 2049))); err == nil || !strings.Contains(err.Error(), "too long") {
		t.Errorf("4098 units accepted: %v", err)
	}
	if _, err := api.Send(msg("<foo>x</foo>")); err == nil || !strings.Contains(err.Error(), "can't parse entities") {
		t.Errorf("bad HTML: %v", err)
	}
	m := msg("x")
	m.ReplyMarkup = tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(tgbotapi.NewInlineKeyboardButtonData("b", strings.Repeat("d", 65))))
	if _, err := api.Send(m); err == nil || !strings.Contains(err.Error(), "BUTTON_DATA_INVALID") {
		t.Errorf("65-byte callback data: %v", err)
	}
	r := msg("x")
	r.ReplyToMessageID = 999
	if _, err := api.Send(r); err == nil || !strings.Contains(err.Error(), "replied not found") {
		t.Errorf("reply to a missing message: %v", err)
	}
	r.AllowSendingWithoutReply = true
	if _, err := api.Send(r); err != nil {
		t.Errorf("allow_sending_without_reply: %v", err)
	}
	s.Block(10)
	if _, err := api.Send(msg("x")); err == nil || apiErr(t, err).Code != 403 {
		t.Errorf("blocked chat: %v", err)
	}
}

func TestServerUpdatesAndFaults(t *testing.T) {
	s := New("tok")
	defer s.Close()
	api := newBot(t, s)
	u := User(1, "Ann", "id")
	s.Say(PrivateChat(u), u, "halo")
	s.Say(PrivateChat(u), u, "lagi")
	ups, err := api.GetUpdates(tgbotapi.UpdateConfig{Limit: 1})
	if err != nil || len(ups) != 1 || ups[0].Message.Text != "halo" {
		t.Fatalf("getUpdates = %+v, %v", ups, err)
	}
	ups, _ = api.GetUpdates(tgbotapi.UpdateConfig{Offset: ups[0].UpdateID + 1})
	if len(ups) != 1 || ups[0].Message.Text != "lagi" || s.Pending() != 1 {
		t.Fatalf("after confirming the first: %+v, pending %d", ups, s.Pending())
	}
	// A long poll returns as soon as an update arrives.
	done := make(chan []tgbotapi.Update)
	go func() {
		ups, _ := api.GetUpdates(tgbotapi.UpdateConfig{Offset: ups[0].UpdateID + 1, Timeout: 30})
		done <- ups
	}()
	s.Wait(5*time.Second, func() bool { return len(s.Calls("getUpdates")) == 3 })
	s.Say(PrivateChat(u), u, "ketiga")
	if got := <-done; len(got) != 1 || got[0].Message.Text != "ketiga" {
		t.Errorf("long poll = %+v", got)
	}

	s.Inject("sendMessage", Fault{Status: 429, RetryAfter: 5}, Fault{Status: 502})
	_, err = api.Send(tgbotapi.NewMessage(1, "x"))
	if te := apiErr(t, err); te.Code != 429 || te.RetryAfter != 5 {
		t.Errorf("429 = %+v", te)
	}
	if _, err = api.Send(tgbotapi.NewMessage(1, "x")); apiErr(t, err).Code != 502 {
		t.Errorf("502 = %v", err)
	}
	s.Inject("", Fault{Drop: true})
	if _, err = api.Send(tgbotapi.NewMessage(1, "x")); err == nil {
		t.Error("dropped connection succeeded")
	}
	if _, err = api.Send(tgbotapi.NewMessage(1, "x")); err != nil {
		t.Errorf("after the faults: %v", err)
	}
	if got := s.Calls("sendMessage"); len(got) != 4 || got[0].Status != http.StatusTooManyRequests {
		t.Errorf("calls = %+v", got)
	}
}
