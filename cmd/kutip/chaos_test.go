package main

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/kutip/kutip/bot/telegram/telegramtest"
)

// The chaos test runs `kutip telegram` as a real process (this test binary, re-executed) against
// the fake Bot API, which answers with 429s, 5xx and cut connections at random, sends bursts of
// questions, SIGTERMs and SIGKILLs the process at random points, restarts it, and checks a
// ledger: every question answered, none twice without a known cause. The short form runs with
// go test; KUTIP_TEST_LARGE=1 runs the long form (more questions, more kills).

const chaosChildEnv = "KUTIP_CHAOS_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(chaosChildEnv) == "1" {
		// The bot process of TestChaos: main, with this binary's copy of run.
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		err := run(ctx, []string{"telegram"}, os.Getenv, os.Stdin, os.Stdout, os.Stderr)
		stop()
		os.Exit(report(os.Stderr, err))
	}
	os.Exit(m.Run())
}

// chaosFaults injects failures at random and remembers, per chat, the sends whose response was
// cut after Telegram carried them out (a known cause of a duplicate).
type chaosFaults struct {
	mu       sync.Mutex
	rng      *rand.Rand
	cutAfter map[[2]int64]int // (chat, message replied to) → sends cut after being carried out
	injected map[string]int
	enabled  bool
}

func (f *chaosFaults) fault(method string, params url.Values) *telegramtest.Fault {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.enabled {
		return nil
	}
	r := f.rng.Float64()
	var flt *telegramtest.Fault
	switch method {
	case "sendMessage", "editMessageText":
		switch {
		case r < 0.04:
			flt = &telegramtest.Fault{Status: 429, RetryAfter: 1}
		case r < 0.08:
			flt = &telegramtest.Fault{Status: 502}
		case r < 0.10:
			flt = &telegramtest.Fault{Drop: true}
		case r < 0.12 && method == "sendMessage":
			flt = &telegramtest.Fault{DropAfter: true}
			chat, _ := strconv.ParseInt(params.Get("chat_id"), 10, 64)
			replyTo, _ := strconv.ParseInt(params.Get("reply_to_message_id"), 10, 64)
			f.cutAfter[[2]int64{chat, replyTo}]++
		}
	case "getUpdates":
		switch {
		case r < 0.05:
			flt = &telegramtest.Fault{Status: 502}
		case r < 0.08:
			flt = &telegramtest.Fault{Drop: true}
		}
	}
	if flt != nil {
		f.injected[fmt.Sprintf("%s %d drop=%v after=%v", method, flt.Status, flt.Drop, flt.DropAfter)]++
	}
	return flt
}

// chaosBot is one run of the bot process.
type chaosBot struct {
	cmd    *exec.Cmd
	stderr *bytes.Buffer
	done   chan error
}

func startChaosBot(t *testing.T, srv *telegramtest.Server, data string) *chaosBot {
	t.Helper()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(),
		chaosChildEnv+"=1",
		"TELEGRAM_BOT_TOKEN="+tgToken,
		"TELEGRAM_API_ENDPOINT="+srv.Endpoint(),
		"KUTIP_DATA="+data,
		"KUTIP_SHUTDOWN_TIMEOUT=2s",
		"KUTIP_RATE_LIMIT=0",
		"KUTIP_WORKERS=4",
		"KUTIP_LOG_LEVEL=warn",
		"KUTIP_HTTP_ADDR=",
	)
	b := &chaosBot{cmd: cmd, stderr: &bytes.Buffer{}, done: make(chan error, 1)}
	cmd.Stderr = &lockedWriter{w: b.stderr}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { b.done <- cmd.Wait() }()
	return b
}

type lockedWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// stop ends the process with sig and returns how long it took to exit.
func (b *chaosBot) stop(t *testing.T, sig syscall.Signal) time.Duration {
	t.Helper()
	start := time.Now()
	b.cmd.Process.Signal(sig)
	select {
	case <-b.done:
	case <-time.After(20 * time.Second):
		b.cmd.Process.Kill()
		<-b.done
		t.Errorf("the bot did not exit 20s after signal %v", sig)
	}
	return time.Since(start)
}

func TestChaos(t *testing.T) {
	t.Parallel() // independent and slow: runs beside the other long tests
	questions, rounds := 40, 3
	if os.Getenv("KUTIP_TEST_LARGE") != "" {
		questions, rounds = 300, 12
	}
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("KUTIP_CHAOS_SEED"); s != "" {
		seed, _ = strconv.ParseUint(s, 10, 64)
	}
	t.Logf("seed %d (KUTIP_CHAOS_SEED reproduces the faults and the timing of the signals)", seed)
	rng := rand.New(rand.NewPCG(seed, 1))
	faults := &chaosFaults{rng: rand.New(rand.NewPCG(seed, 2)), cutAfter: map[[2]int64]int{}, injected: map[string]int{}, enabled: true}

	srv := telegramtest.New(tgToken)
	t.Cleanup(srv.Close)
	srv.SetFaultFunc(faults.fault)
	data := t.TempDir()

	type asked struct {
		chat tgbotapi.Chat
		id   int
	}
	var ledger []asked
	ask := func(n int) {
		for range n {
			i := len(ledger)
			// Four questions a chat: at one message a second per chat, answers queue up, so the
			// signals find work in flight.
			u := telegramtest.User(int64(20000+i%(questions/4)), "U", "id")
			chat := telegramtest.PrivateChat(u)
			q := []string{"Siapa yang mengendalikan Grup Wagner sampai tahun 2023?", "Berapa ton minyak yang dijanjikan AS?", "Where did Putin meet Kim Jong Un?", "Apa itu Six-Party Talks?"}[i%4]
			ledger = append(ledger, asked{chat, srv.Say(chat, u, q)})
		}
	}
	answered := func() (missing, twice []asked) {
		count := map[[2]int64]int{}
		for _, m := range srv.Sent() {
			count[[2]int64{m.ChatID, int64(m.ReplyTo)}]++
		}
		for _, a := range ledger {
			switch n := count[[2]int64{a.chat.ID, int64(a.id)}]; {
			case n == 0:
				missing = append(missing, a)
			case n > 1:
				twice = append(twice, a)
			}
		}
		return missing, twice
	}

	kills := map[string]int{}
	var killedAt []time.Time
	var shutdowns []time.Duration
	perRound := questions / rounds
	for r := range rounds {
		b := startChaosBot(t, srv, data)
		// A burst, more questions while it works, and a signal at a random point.
		ask(perRound / 2)
		time.Sleep(time.Duration(rng.IntN(500)) * time.Millisecond)
		ask(perRound - perRound/2)
		wait := time.Duration(100+rng.IntN(1500)) * time.Millisecond
		select {
		case err := <-b.done:
			t.Fatalf("round %d: the bot exited on its own: %v\n%s", r, err, b.stderr.String())
		case <-time.After(wait):
		}
		if rng.IntN(2) == 0 {
			kills["SIGKILL"]++
			killedAt = append(killedAt, time.Now())
			b.stop(t, syscall.SIGKILL)
		} else {
			kills["SIGTERM"]++
			took := b.stop(t, syscall.SIGTERM)
			shutdowns = append(shutdowns, took)
			// The bound itself is tested without wall-clock luck (TestShutdownWithFullQueue);
			// here only a process that ignores the signal or hangs well past its 2 s timeout
			// fails, with room for a loaded 2-core machine running other packages under -race.
			if took > 12*time.Second {
				t.Errorf("round %d: SIGTERM exit took %v with KUTIP_SHUTDOWN_TIMEOUT=2s", r, took)
			}
		}
	}
	// The rest of the questions, then a run without faults until every one is answered.
	ask(questions - len(ledger))
	b := startChaosBot(t, srv, data)
	deadline := time.After(60 * time.Second)
	for done := false; !done; {
		missing, _ := answered()
		if len(missing) == 0 {
			break
		}
		select {
		case <-deadline:
			done = true
		case <-time.After(100 * time.Millisecond):
		}
		if len(missing) < len(ledger)/4 {
			faults.mu.Lock()
			faults.enabled = false // let the tail drain
			faults.mu.Unlock()
		}
	}
	b.stop(t, syscall.SIGTERM)

	missing, twice := answered()
	sort.Slice(shutdowns, func(i, j int) bool { return shutdowns[i] < shutdowns[j] })
	t.Logf("%d questions, %d rounds, signals %v, SIGTERM exits %v, faults %v", len(ledger), rounds, kills, shutdowns, faults.injected)
	for _, a := range missing {
		t.Errorf("question %d in chat %d never answered", a.id, a.chat.ID)
	}
	unexplained := 0
	for _, a := range twice {
		var times []time.Time
		for _, m := range srv.SentTo(a.chat.ID) {
			if m.ReplyTo == a.id {
				times = append(times, m.Time)
			}
		}
		cause := "unknown"
		switch {
		case faults.cutAfter[[2]int64{a.chat.ID, int64(a.id)}] > 0:
			cause = "a connection cut after Telegram sent the answer (the send was retried)"
		case killedBetween(killedAt, times[0], times[len(times)-1]):
			cause = "SIGKILL after the answer was sent, before it was journaled as answered"
		}
		if cause == "unknown" {
			unexplained++
		}
		t.Logf("question %d in chat %d answered %d times: %s", a.id, a.chat.ID, len(times), cause)
	}
	t.Logf("answered exactly once: %d of %d; twice: %d (%d unexplained); never: %d",
		len(ledger)-len(missing)-len(twice), len(ledger), len(twice), unexplained, len(missing))
	if unexplained > 0 {
		t.Errorf("%d questions answered twice without a known cause", unexplained)
	}
	if t.Failed() {
		t.Logf("last run's log:\n%s", strings.TrimSpace(b.stderr.String()))
	}
}

// killedBetween reports whether a SIGKILL came between two sends.
func killedBetween(kills []time.Time, first, last time.Time) bool {
	for _, k := range kills {
		if k.After(first) && k.Before(last) {
			return true
		}
	}
	return false
}
