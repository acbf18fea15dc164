package telegram

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/bot/telegram/telegramtest"
)

// The benchmarks of issue 4 ("How fast"): replies per second through the fake Bot API, for
// Kutip's adapter (with a fast fake assistant, pacing off) and for a bare echo handler on the
// same fake, client and tgbotapi path — the transport's ceiling — and the latency from an
// update to its sendMessage.
//
//	go test -run '^$' -bench . -benchtime 2000x ./bot/telegram/

const benchWorkers = 8

// fastAssistant answers instantly with a typical cited answer.
type fastAssistant struct{}

func (fastAssistant) Handle(_ context.Context, req bot.Request) bot.Reply { return cannedReply(req) }
func (fastAssistant) SourcePage(_ context.Context, req bot.Request, doc string, page int) bot.Reply {
	return sourceReply(bot.LangID, doc, page)
}
func (fastAssistant) Passages(lang bot.Lang, ids []string) bot.Reply {
	return (&fakeAssistant{}).Passages(lang, ids)
}

func benchClient(srv *telegramtest.Server) *http.Client {
	tr := srv.Client().Transport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 64
	return &http.Client{Transport: tr}
}

// startKutip runs the adapter against srv and returns its stop function.
func startKutip(tb testing.TB, srv *telegramtest.Server) func() {
	opts := Options{
		Token: testToken, Endpoint: srv.Endpoint(), Workers: benchWorkers, RatePerMinute: -1,
		Pacing: Pacing{Disabled: true}, TypingAfter: time.Hour, PollTimeout: time.Second,
	}
	b, err := New(opts, fastAssistant{}, nil, benchClient(srv))
	if err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	return func() { cancel(); <-done }
}

// startEcho runs a bare echo bot: getUpdates, and a reply with the same text, on the same
// number of workers, with tgbotapi's Send.
func startEcho(tb testing.TB, srv *telegramtest.Server) func() {
	api, err := tgbotapi.NewBotAPIWithClient(testToken, srv.Endpoint(), benchClient(srv))
	if err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	jobs := make(chan tgbotapi.Update, 256)
	done := make(chan struct{})
	for range benchWorkers {
		go func() {
			for u := range jobs {
				m := tgbotapi.NewMessage(u.Message.Chat.ID, u.Message.Text)
				m.ReplyToMessageID = u.Message.MessageID
				_, _ = api.Send(m)
			}
		}()
	}
	go func() {
		defer close(done)
		defer close(jobs)
		offset := 0
		for ctx.Err() == nil {
			ups, err := api.GetUpdates(tgbotapi.UpdateConfig{Offset: offset, Timeout: 1})
			if err != nil {
				continue
			}
			for _, u := range ups {
				offset = u.UpdateID + 1
				jobs <- u
			}
		}
	}()
	return func() { cancel(); <-done }
}

// throughput pushes n questions over 64 chats and returns replies per second.
func throughput(tb testing.TB, start func(testing.TB, *telegramtest.Server) func(), n int) float64 {
	srv := telegramtest.New(testToken)
	defer srv.Close()
	stop := start(tb, srv)
	defer stop()
	users := make([]tgbotapi.User, 64)
	for i := range users {
		users[i] = telegramtest.User(int64(1000+i), fmt.Sprint("u", i), "id")
	}
	t0 := time.Now()
	for i := 0; i < n; i++ {
		u := users[i%len(users)]
		srv.Say(telegramtest.PrivateChat(u), u, "Apa isi Kerangka Kesepakatan 1994?")
	}
	if got := srv.WaitSent(n, time.Minute); len(got) < n {
		tb.Fatalf("only %d of %d replies", len(got), n)
	}
	return float64(n) / time.Since(t0).Seconds()
}

func BenchmarkReplies(b *testing.B) {
	for _, bc := range []struct {
		name  string
		start func(testing.TB, *telegramtest.Server) func()
	}{{"kutip", startKutip}, {"echo", startEcho}} {
		b.Run(bc.name, func(b *testing.B) {
			rate := throughput(b, bc.start, max(b.N, 100))
			b.ReportMetric(rate, "replies/s")
		})
	}
}

// BenchmarkRepliesRatio runs both, alternating to share the machine's mood, and reports
// Kutip's rate as a fraction of the echo ceiling (issue 4 asks for ≥ 0.8).
func BenchmarkRepliesRatio(b *testing.B) {
	n := max(b.N, 500)
	var kutip, echo float64
	for range 3 {
		echo += throughput(b, startEcho, n)
		kutip += throughput(b, startKutip, n)
	}
	b.ReportMetric(kutip/3, "kutip-replies/s")
	b.ReportMetric(echo/3, "echo-replies/s")
	b.ReportMetric(kutip/echo, "ratio")
}

// BenchmarkLatency measures update → sendMessage, one question at a time.
func BenchmarkLatency(b *testing.B) {
	srv := telegramtest.New(testToken)
	defer srv.Close()
	stop := startKutip(b, srv)
	defer stop()
	u := telegramtest.User(1, "u", "id")
	chat := telegramtest.PrivateChat(u)
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		id := srv.Say(chat, u, "Apa isi Kerangka Kesepakatan 1994?")
		msgs := srv.WaitSent(i+1, time.Minute)
		if len(msgs) < i+1 || msgs[i].ReplyTo != id {
			b.Fatalf("reply %d missing", i)
		}
		lat = append(lat, msgs[i].Time.Sub(pushTime(srv, chat.ID, id)))
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*95/100].Microseconds())/1000, "p95-ms")
}

// pushTime finds when the user message id in chat was pushed.
func pushTime(srv *telegramtest.Server, chat int64, id int) time.Time {
	return srv.MessagePushedAt(chat, id)
}
