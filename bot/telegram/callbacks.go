package telegram

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"strconv"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/kutip/kutip/bot"
)

// Callback data formats (at most 64 bytes, Telegram's limit):
//
//	src|<key>            the Sources button; the passage IDs wait in the button cache
//	pg|<page>|<doc>      a /source page of a document whose ID fits
//	pk|<page>|<key>      a /source page of a document whose ID is cached under key
//	nop                  the page indicator
const (
	cbSources  = "src"
	cbPage     = "pg"
	cbPageKey  = "pk"
	cbNop      = "nop"
	maxCbBytes = 64
)

// sourcesState is what a Sources button needs after the answer was sent.
type sourcesState struct {
	lang bot.Lang
	ids  []string
}

// newKey returns a random key: random so that an old button from before a restart is
// reported as expired instead of pointing at someone else's passages.
func newKey() string {
	var buf [9]byte
	_, _ = rand.Read(buf[:])
	return base64.RawURLEncoding.EncodeToString(buf[:])
}

// markup returns the inline keyboard for a reply: a Sources button under answers, page
// buttons under /source pages.
func (b *Bot) markup(r bot.Reply) *tgbotapi.InlineKeyboardMarkup {
	switch {
	case r.Kind == bot.KindAnswer && !r.Refused:
		ids := passageIDs(r)
		if len(ids) == 0 {
			return nil
		}
		key := newKey()
		b.buttons.put(key, sourcesState{lang: r.Lang, ids: ids})
		btn := tgbotapi.NewInlineKeyboardButtonData(text(r.Lang, txtSourcesButton), cbSources+"|"+key)
		m := tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(btn))
		return &m
	case r.Kind == bot.KindSource && r.Source != nil && r.Source.Pages > 1:
		return b.pageMarkup(r.Lang, r.Source)
	}
	return nil
}

// passageIDs are the passages an answer cites, in citation order, or else those it used.
func passageIDs(r bot.Reply) []string {
	var ids []string
	seen := map[string]bool{}
	add := func(id string) {
		if id != "" && !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	for _, c := range r.Citations {
		add(c.Passage)
	}
	if len(ids) == 0 {
		for i, h := range r.Passages {
			if i == 3 {
				break
			}
			if h.Passage != nil {
				add(h.Passage.ID)
			}
		}
	}
	return ids
}

func (b *Bot) pageMarkup(lang bot.Lang, s *bot.SourcePage) *tgbotapi.InlineKeyboardMarkup {
	data := func(page int) string {
		d := cbPage + "|" + strconv.Itoa(page) + "|" + s.Doc
		if len(d) <= maxCbBytes {
			return d
		}
		key := newKey()
		b.docKeys.put(key, s.Doc)
		return cbPageKey + "|" + strconv.Itoa(page) + "|" + key
	}
	var row []tgbotapi.InlineKeyboardButton
	if s.Page > 1 {
		row = append(row, tgbotapi.NewInlineKeyboardButtonData(text(lang, txtPrev), data(s.Page-1)))
	}
	row = append(row, tgbotapi.NewInlineKeyboardButtonData(strconv.Itoa(s.Page)+"/"+strconv.Itoa(s.Pages), cbNop))
	if s.Page < s.Pages {
		row = append(row, tgbotapi.NewInlineKeyboardButtonData(text(lang, txtNext), data(s.Page+1)))
	}
	m := tgbotapi.NewInlineKeyboardMarkup(row)
	return &m
}

// handleCallback handles a button press: it always answers the query (Telegram shows a spinner
// until then), then sends the passages or edits the /source page in place.
func (b *Bot) handleCallback(ctx context.Context, q *tgbotapi.CallbackQuery) {
	b.stats.callbacks.Add(1)
	var userID int64
	hint := ""
	if q.From != nil {
		userID, hint = q.From.ID, q.From.LanguageCode
	}
	lang := langFromHint(hint)
	m := q.Message
	if m == nil || m.Chat == nil {
		b.answerCallback(ctx, q.ID, text(lang, txtExpired))
		return
	}
	if !b.allowed(userID, m.Chat.ID) {
		b.answerCallback(ctx, q.ID, text(lang, txtStranger))
		return
	}
	kind, rest, _ := strings.Cut(q.Data, "|")
	if kind == cbSources || kind == cbPage || kind == cbPageKey {
		// Each press sends or edits a message: it counts against the user's rate like a question.
		if ok, _ := b.limiter.allow(userID); !ok {
			b.stats.rateLimited.Add(1)
			b.answerCallback(ctx, q.ID, text(lang, txtRateLimited))
			return
		}
	}
	switch kind {
	case cbSources:
		st, ok := b.buttons.get(rest)
		if !ok {
			b.answerCallback(ctx, q.ID, text(lang, txtExpired))
			return
		}
		b.answerCallback(ctx, q.ID, "")
		reply := b.ask(ctx, m.Chat.ID, func(context.Context) bot.Reply { return b.a.Passages(st.lang, st.ids) })
		b.sendReply(ctx, m.Chat, m.MessageID, reply)
	case cbPage, cbPageKey:
		pageStr, doc, _ := strings.Cut(rest, "|")
		page, err := strconv.Atoi(pageStr)
		if kind == cbPageKey {
			var ok bool
			if doc, ok = b.docKeys.get(doc); !ok {
				err = strconv.ErrSyntax
			}
		}
		if err != nil || page < 1 || doc == "" {
			b.answerCallback(ctx, q.ID, text(lang, txtExpired))
			return
		}
		b.answerCallback(ctx, q.ID, "")
		req := bot.Request{ChatID: m.Chat.ID, UserID: userID, LangHint: hint, Admin: b.admins[userID]}
		reply := b.ask(ctx, m.Chat.ID, func(ctx context.Context) bot.Reply { return b.a.SourcePage(ctx, req, doc, page) })
		parts := b.replyParts(reply)
		if len(parts) == 0 {
			return
		}
		out := outgoing{chatID: m.Chat.ID, group: isGroup(m.Chat), messageID: m.MessageID, html: parts[0], markup: b.markup(reply)}
		if out.markup == nil {
			// An edit without reply_markup would keep the old buttons; send an empty keyboard.
			out.markup = &tgbotapi.InlineKeyboardMarkup{InlineKeyboard: [][]tgbotapi.InlineKeyboardButton{}}
		}
		if _, err := b.send(ctx, out); err != nil && err != errBlocked {
			b.log.Warn("telegram: could not edit the /source page", "chat", m.Chat.ID, "err", err)
		}
	default:
		b.answerCallback(ctx, q.ID, "")
	}
}
