package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// errBlocked is returned for a chat that blocked or removed the bot: nothing is sent to it.
var errBlocked = errors.New("telegram: chat blocked the bot")

// outgoing is one message to send, or to edit when messageID is set.
type outgoing struct {
	chatID    int64
	group     bool
	messageID int // edit this message instead of sending a new one
	html      string
	replyTo   int
	markup    *tgbotapi.InlineKeyboardMarkup
}

func (m outgoing) method() string {
	if m.messageID != 0 {
		return "editMessageText"
	}
	return "sendMessage"
}

func (m outgoing) params(plain bool) tgbotapi.Params {
	p := tgbotapi.Params{"chat_id": fmt.Sprint(m.chatID), "disable_web_page_preview": "true"}
	if plain {
		p["text"] = plainText(m.html)
	} else {
		p["text"] = m.html
		p["parse_mode"] = tgbotapi.ModeHTML
	}
	if m.messageID != 0 {
		p["message_id"] = fmt.Sprint(m.messageID)
	}
	if m.replyTo != 0 {
		p["reply_to_message_id"] = fmt.Sprint(m.replyTo)
		p["allow_sending_without_reply"] = "true"
	}
	if m.markup != nil {
		data, _ := json.Marshal(m.markup)
		p["reply_markup"] = string(data)
	}
	return p
}

// max429 bounds how many times one message waits out a 429 before it is given up.
const max429 = 20

// send delivers m, paced, honouring 429 retry_after, retrying 5xx and network errors with
// back-off, resending as plain text when Telegram cannot parse the HTML, and remembering chats
// that answer 403. It returns the sent message's ID.
func (b *Bot) send(ctx context.Context, m outgoing) (int, error) {
	return b.deliver(ctx, ctx, m)
}

// deliver is send with the waits (pacing, 429, back-off) bound to waitCtx and the requests to
// ctx: a streamed edit that is no longer wanted can be abandoned while it waits, but never
// while Telegram is handling it, so the bot always knows whether its message exists.
func (b *Bot) deliver(ctx, waitCtx context.Context, m outgoing) (int, error) {
	if b.isBlocked(m.chatID) {
		return 0, errBlocked
	}
	plain, floods, retries, migrated := false, 0, 0, false
	for {
		if err := b.pace.wait(waitCtx, m.chatID, m.group); err != nil {
			return 0, err
		}
		start := time.Now()
		resp, err := b.call(ctx, m.method(), m.params(plain))
		b.opts.Metrics.ObserveTelegramSend(time.Since(start))
		if err == nil {
			if m.messageID != 0 {
				b.stats.edits.Add(1)
				return m.messageID, nil
			}
			b.stats.messages.Add(1)
			var sent struct {
				MessageID int `json:"message_id"`
			}
			_ = json.Unmarshal(resp.Result, &sent)
			return sent.MessageID, nil
		}
		if ctx.Err() != nil {
			return 0, ctx.Err()
		}
		var te *tgbotapi.Error
		if errors.As(err, &te) {
			desc := strings.ToLower(te.Message)
			switch {
			case te.Code == http.StatusTooManyRequests:
				floods++
				b.stats.floodWaits.Add(1)
				if floods > max429 {
					return 0, b.giveUp(m, err)
				}
				wait := time.Duration(max(te.RetryAfter, 1)) * time.Second
				b.log.Warn("telegram: flood control, waiting", "chat", m.chatID, "retry_after", wait)
				b.pace.hold(m.chatID, b.clock.Now().Add(wait))
				if err := b.clock.Sleep(waitCtx, wait); err != nil {
					return 0, err
				}
				continue
			case te.Code == http.StatusBadRequest && strings.Contains(desc, "can't parse entities") && !plain:
				plain = true
				b.stats.plainFallbacks.Add(1)
				b.log.Warn("telegram: Telegram could not parse the HTML; resending as plain text", "chat", m.chatID, "err", err)
				continue
			case te.Code == http.StatusBadRequest && strings.Contains(desc, "message is not modified"):
				return m.messageID, nil
			case te.MigrateToChatID != 0 && !migrated:
				b.log.Info("telegram: group became a supergroup", "chat", m.chatID, "new_chat", te.MigrateToChatID)
				m.chatID, migrated = te.MigrateToChatID, true
				continue
			case te.Code == http.StatusForbidden:
				b.markBlocked(m.chatID, te.Message)
				return 0, errBlocked
			case te.Code >= 500:
				// transient: retried below
			default:
				return 0, b.giveUp(m, err)
			}
		}
		retries++
		if retries > b.opts.MaxRetries {
			return 0, b.giveUp(m, err)
		}
		b.stats.retries.Add(1)
		if m.messageID == 0 && mayHaveArrived(err) {
			// Telegram has no idempotency key for sendMessage: the retry may show the message
			// twice. Edits are idempotent ("message is not modified").
			b.stats.possibleDuplicates.Add(1)
		}
		delay := backoff(b.opts.RetryBackoff, retries, 30*time.Second)
		b.log.Warn("telegram: send failed, retrying", "chat", m.chatID, "method", m.method(), "attempt", retries, "retry_in", delay, "err", err)
		if err := b.clock.Sleep(waitCtx, delay); err != nil {
			return 0, err
		}
	}
}

// mayHaveArrived reports whether a failed request may still have been carried out: the
// connection broke after the request was written (a reset, an EOF, a timeout), not before
// (a refused or failed dial).
func mayHaveArrived(err error) bool {
	var te *tgbotapi.Error
	if errors.As(err, &te) {
		return te.Code >= 500 && te.Code != http.StatusBadGateway && te.Code != http.StatusServiceUnavailable
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return false
	}
	return true
}

func (b *Bot) giveUp(m outgoing, err error) error {
	b.stats.sendFailures.Add(1)
	b.log.Error("telegram: giving up on a message", "chat", m.chatID, "method", m.method(), "err", err)
	return err
}

func (b *Bot) isBlocked(chatID int64) bool {
	_, ok := b.blocked.Load(chatID)
	return ok
}

func (b *Bot) markBlocked(chatID int64, why string) {
	if _, loaded := b.blocked.LoadOrStore(chatID, struct{}{}); !loaded {
		b.stats.blockedChats.Add(1)
		b.log.Info("telegram: the chat blocked or removed the bot; not sending to it any more", "chat", chatID, "reason", why)
	}
}

func (b *Bot) unblock(chatID int64) {
	if _, ok := b.blocked.LoadAndDelete(chatID); ok {
		b.stats.blockedChats.Add(-1)
		b.log.Info("telegram: the chat accepts the bot again", "chat", chatID)
	}
}

// typing shows "typing…" in the chat until stop is closed, if the answer takes longer than
// TypingAfter. Telegram shows an action for 5 seconds, so it is repeated every 4.
func (b *Bot) typing(ctx context.Context, chatID int64, stop <-chan struct{}) {
	if b.isBlocked(chatID) {
		return
	}
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		delay := max(b.opts.TypingAfter, 0)
		for {
			t := time.NewTimer(delay)
			select {
			case <-stop:
				t.Stop()
				return
			case <-ctx.Done():
				t.Stop()
				return
			case <-t.C:
			}
			p := tgbotapi.Params{"chat_id": fmt.Sprint(chatID), "action": tgbotapi.ChatTyping}
			if _, err := b.call(ctx, "sendChatAction", p); err != nil {
				var te *tgbotapi.Error
				if errors.As(err, &te) && te.Code == http.StatusForbidden {
					b.markBlocked(chatID, te.Message)
					return
				}
				b.log.Debug("telegram: sendChatAction failed", "chat", chatID, "err", err)
			}
			delay = 4 * time.Second
		}
	}()
}

// answerCallback acknowledges a button press, with an optional notification text.
func (b *Bot) answerCallback(ctx context.Context, id, text string) {
	p := tgbotapi.Params{"callback_query_id": id}
	if text != "" {
		p["text"] = text
	}
	if _, err := b.call(ctx, "answerCallbackQuery", p); err != nil {
		b.log.Debug("telegram: answerCallbackQuery failed", "err", err)
	}
}
