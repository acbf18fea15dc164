package telegram

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"io"
	"net/http"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// setWebhook registers WebhookURL with its secret token. tgbotapi's WebhookConfig has no
// secret_token field, so the request is made by hand.
func (b *Bot) setWebhook(ctx context.Context) error {
	allowed, _ := json.Marshal(allowedUpdates)
	p := tgbotapi.Params{
		"url":             b.opts.WebhookURL,
		"secret_token":    b.opts.WebhookSecret,
		"allowed_updates": string(allowed),
		"max_connections": fmt.Sprint(min(max(b.opts.Workers, 1), 100)),
	}
	_, err := b.callTimeout(ctx, "setWebhook", p)
	return err
}

// maxWebhookBody bounds one update; real ones are a few kilobytes.
const maxWebhookBody = 1 << 20

// WebhookHandler returns the handler for Telegram's webhook requests. It rejects any request
// without the right X-Telegram-Bot-Api-Secret-Token (compared in constant time), answers a
// repeated delivery of an update only once, and journals and queues updates for the worker
// pool. It answers 200 only for an update made durable (or one answered already); while the
// bot is not running (before Run, during shutdown), when the queue is full or the journal
// cannot be written, it answers 503 so that Telegram delivers the update again later.
func (b *Bot) WebhookHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		got := r.Header.Get("X-Telegram-Bot-Api-Secret-Token")
		if b.opts.WebhookSecret == "" || subtle.ConstantTimeCompare([]byte(got), []byte(b.opts.WebhookSecret)) != 1 {
			http.Error(w, "forbidden", http.StatusForbidden)
			return
		}
		var u tgbotapi.Update
		if err := json.NewDecoder(io.LimitReader(r.Body, maxWebhookBody)).Decode(&u); err != nil {
			http.Error(w, "bad update", http.StatusBadRequest)
			return
		}
		if !b.accepting.Load() {
			http.Error(w, "not running", http.StatusServiceUnavailable)
			return
		}
		if b.disp.free() == 0 {
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		if err := b.receive(r.Context(), u); err != nil {
			b.log.Warn("telegram: webhook update not accepted; Telegram will deliver it again", "update", u.UpdateID, "err", err)
			http.Error(w, "not accepted", http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
}
