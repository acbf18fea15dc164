package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
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
	m := metrics.New()
	e.metrics = m
	a, err := e.newAssistantWith(ctx, func(o *bot.Options) {
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

	b, err := telegram.New(telegram.Options{
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
	}, a, e.logger, nil)
	if err != nil {
		return fmt.Errorf("start the Telegram bot: %w", err)
	}
	e.logger.Info("answering on Telegram", "bot", "@"+b.Self().UserName, "documents", len(ix.Documents()), "passages", ix.Len(), "llm", e.cfg.LLMModel != "")

	srv := newHTTPServer(e.logger, m, e.cfg.ShutdownTimeout)
	srv.readyCheck("index", func(context.Context) error {
		if ix := a.Index(); ix == nil || ix.Len() == 0 {
			return errors.New("no passages indexed")
		}
		return nil
	})
	srv.readyCheck("telegram", b.Ready)
	if e.cfg.WebhookURL != "" {
		srv.handle("POST "+webhookPath(e.cfg), b.WebhookHandler())
	}
	// The HTTP server stops with the bot, also when the bot stops on its own (a revoked token).
	httpCtx, stopHTTP := context.WithCancel(ctx)
	defer stopHTTP()
	wait, err := srv.start(httpCtx, e.cfg.HTTPAddr)
	if err != nil {
		return err
	}
	runErr := b.Run(ctx)
	stopHTTP()
	if err := wait(); err != nil && runErr == nil {
		runErr = err
	}
	if errors.Is(runErr, context.Canceled) {
		return nil
	}
	return runErr
}

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
