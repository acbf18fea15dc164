package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"sync/atomic"
	"time"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/bot/metrics"
	"github.com/kutip/kutip/bot/telegram"
	"github.com/kutip/kutip/retrieval"
)

func init() {
	registerCommand(command{
		name:    "telegram",
		args:    "",
		summary: "run the Telegram bot (the default when TELEGRAM_BOT_TOKEN is set)",
		run:     runTelegram,
		service: true,
	})
}

// runTelegram runs the bot until ctx is done, with the HTTP server (health, readiness,
// metrics and, in webhook mode, the webhook) on KUTIP_HTTP_ADDR when it is set. A token
// Telegram rejects, at start or later, is telegram.ErrUnauthorized: exit status 2.
func runTelegram(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("telegram")
	rest, err := e.parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("telegram takes no arguments")
	}
	if err := e.cfg.RequireTelegram(); err != nil {
		return err
	}
	e.applyMemoryLimit()
	m := metrics.New()
	e.metrics = m

	// The HTTP server comes first, so that /healthz answers while a big document folder loads
	// and while Telegram is unreachable; /readyz says 503 until both are done.
	var (
		asst atomic.Pointer[bot.Assistant]
		tg   atomic.Pointer[telegram.Bot]
	)
	// The model server may not be ready (Ollama starting, a model being pulled): answer offline
	// until it is, and say so in /readyz.
	models := e.newModelWatch()
	srv := newHTTPServer(e.logger, m, e.cfg.ShutdownTimeout)
	srv.readyCheck("index", func(context.Context) error {
		a := asst.Load()
		if a == nil {
			return errors.New("documents still loading")
		}
		if ix := a.Index(); ix == nil || ix.Len() == 0 {
			return errors.New("no passages indexed")
		}
		return nil
	})
	srv.readyCheck("telegram", cachedCheck(func(ctx context.Context) error {
		b := tg.Load()
		if b == nil {
			return errors.New("not connected to Telegram yet")
		}
		return b.Ready(ctx)
	}, readyCacheTTL, time.Now))
	srv.readyInfo("mode", models.mode)
	if e.cfg.WebhookURL != "" {
		srv.handle("POST "+webhookPath(e.cfg), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			b := tg.Load()
			if b == nil {
				http.Error(w, "starting", http.StatusServiceUnavailable) // Telegram delivers again
				return
			}
			b.WebhookHandler().ServeHTTP(w, r)
		}))
	}
	// The HTTP server stops with the bot, also when the bot stops on its own (a revoked token).
	httpCtx, stopHTTP := context.WithCancel(ctx)
	defer stopHTTP()
	wait, err := srv.start(httpCtx, e.cfg.HTTPAddr)
	if err != nil {
		return err
	}
	runErr := e.runBot(ctx, m, models, &asst, &tg)
	stopHTTP()
	if err := wait(); err != nil && runErr == nil {
		runErr = err
	}
	if errors.Is(runErr, context.Canceled) {
		return nil
	}
	return runErr
}

// runBot loads the documents, connects to Telegram (retrying while it is unreachable) and
// answers until ctx is done, publishing the assistant and the bot for the HTTP server.
func (e *env) runBot(ctx context.Context, m *metrics.Metrics, models *modelWatch, asst *atomic.Pointer[bot.Assistant], tg *atomic.Pointer[telegram.Bot]) error {
	a, err := models.newAssistant(ctx, func(o *bot.Options) {
		o.Observe = func(mode string, lang bot.Lang, refused bool, d time.Duration) {
			m.ObserveAnswer(mode, string(lang), refused, d)
		}
		if reload := o.Reload; reload != nil {
			// /reload changes the index: keep its gauges true.
			o.Reload = func(ctx context.Context) (*retrieval.Index, error) {
				ix, err := reload(ctx)
				if err == nil {
					m.SetIndex(len(ix.Documents()), ix.Len())
				}
				return ix, err
			}
		}
	})
	if err != nil {
		return err
	}
	ix := a.Index()
	m.SetIndex(len(ix.Documents()), ix.Len())
	asst.Store(a)
	tick := time.NewTicker(modelCheckEvery)
	defer tick.Stop()
	go models.run(ctx, tick.C)

	opts := telegram.Options{
		Token:           e.cfg.TelegramToken,
		Endpoint:        e.cfg.TelegramEndpoint,
		AllowedUsers:    e.cfg.AllowedUsers,
		AllowedChats:    e.cfg.AllowedChats,
		Admins:          e.cfg.Admins,
		RatePerMinute:   rateOption(e.cfg.RateLimit),
		RateBurst:       e.cfg.RateBurst,
		Workers:         e.cfg.Workers,
		WebhookURL:      e.cfg.WebhookURL,
		WebhookSecret:   e.cfg.WebhookSecret,
		ShutdownTimeout: e.cfg.ShutdownTimeout,
		StateDir:        telegramStateDir(e.cfg.Data),
		Metrics:         m,
	}
	b, err := connectTelegram(ctx, e, opts, a)
	if err != nil {
		return err
	}
	e.logger.Info("answering on Telegram", "bot", "@"+b.Self().UserName, "documents", len(ix.Documents()), "passages", ix.Len(), "mode", models.mode())
	tg.Store(b)
	return b.Run(ctx)
}

// telegramRetry is the first wait before connecting to Telegram again; it doubles up to a minute.
var telegramRetry = time.Second

// connectTelegram starts the bot, retrying with back-off while Telegram cannot be reached (a
// network outage at boot should not crash-loop the container). A rejected token is final.
func connectTelegram(ctx context.Context, e *env, opts telegram.Options, a *bot.Assistant) (*telegram.Bot, error) {
	wait := telegramRetry
	for {
		b, err := telegram.New(opts, a, e.logger, nil)
		if err == nil {
			return b, nil
		}
		if errors.Is(err, telegram.ErrUnauthorized) {
			return nil, fmt.Errorf("start the Telegram bot: %w", err)
		}
		e.logger.Warn("Telegram unreachable; retrying (/readyz answers 503 meanwhile)", "err", err, "retry_in", wait)
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(wait):
		}
		wait = min(2*wait, time.Minute)
	}
}

// readyCacheTTL is how long /readyz reuses Telegram's answer to getMe.
var readyCacheTTL = 5 * time.Second

// telegramStateDir is where the bot journals the updates it received and answered: under
// KUTIP_DATA, or nowhere (in memory) when that is empty.
func telegramStateDir(data string) string {
	if data == "" {
		return ""
	}
	return filepath.Join(data, "telegram")
}

// rateOption maps KUTIP_RATE_LIMIT (0 turns the limit off) to the adapter's option (negative: off).
func rateOption(perMinute float64) float64 {
	if perMinute <= 0 {
		return -1
	}
	return perMinute
}

// newAssistantWith is newAssistant with a chance to adjust the assistant's options.
func (e *env) newAssistantWith(ctx context.Context, adjust func(*bot.Options)) (*bot.Assistant, error) {
	ix, err := e.buildIndex(ctx)
	if err != nil {
		return nil, err
	}
	return e.assistantOver(ix, adjust)
}
