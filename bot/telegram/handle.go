package telegram

import (
	"context"
	"fmt"
	"runtime/debug"
	"strings"
	"unicode"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/kutip/kutip/bot"
)

// updateChat is the chat an update belongs to, the key that keeps each chat in order; ok is
// false for kinds the bot ignores outright.
func updateChat(u tgbotapi.Update) (int64, bool) {
	switch {
	case u.Message != nil && u.Message.Chat != nil:
		return u.Message.Chat.ID, true
	case u.CallbackQuery != nil:
		if m := u.CallbackQuery.Message; m != nil && m.Chat != nil {
			return m.Chat.ID, true
		}
		if u.CallbackQuery.From != nil {
			return u.CallbackQuery.From.ID, true
		}
	case u.MyChatMember != nil:
		return u.MyChatMember.Chat.ID, true
	}
	return 0, false
}

func updateKind(u tgbotapi.Update) string {
	switch {
	case u.Message != nil:
		return "message"
	case u.EditedMessage != nil:
		return "edited_message"
	case u.ChannelPost != nil:
		return "channel_post"
	case u.EditedChannelPost != nil:
		return "edited_channel_post"
	case u.CallbackQuery != nil:
		return "callback_query"
	case u.MyChatMember != nil:
		return "my_chat_member"
	case u.ChatMember != nil:
		return "chat_member"
	case u.InlineQuery != nil:
		return "inline_query"
	}
	return "other"
}

// handleUpdate handles one update on a worker. A panic is logged and the user, if any, gets a
// generic apology: nothing one update does may stop the bot.
func (b *Bot) handleUpdate(ctx context.Context, u tgbotapi.Update) {
	defer func() {
		if r := recover(); r != nil {
			b.stats.panics.Add(1)
			b.log.Error("telegram: panic while handling an update", "update", u.UpdateID, "kind", updateKind(u), "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			if m := u.Message; m != nil && m.Chat != nil {
				lang := bot.LangID
				if m.From != nil {
					lang = langFromHint(m.From.LanguageCode)
				}
				b.sendText(ctx, m.Chat, m.MessageID, text(lang, txtInternalError))
			}
		}
	}()
	switch {
	case u.Message != nil:
		b.handleMessage(ctx, u.Message)
	case u.CallbackQuery != nil:
		b.handleCallback(ctx, u.CallbackQuery)
	case u.MyChatMember != nil:
		b.handleMembership(u.MyChatMember)
	}
}

// handleMembership notes when the bot is blocked, kicked, unblocked or added back.
func (b *Bot) handleMembership(c *tgbotapi.ChatMemberUpdated) {
	switch c.NewChatMember.Status {
	case "kicked", "left":
		b.markBlocked(c.Chat.ID, "my_chat_member: "+c.NewChatMember.Status)
	case "member", "administrator", "creator", "restricted":
		b.unblock(c.Chat.ID)
	}
}

func isGroup(c *tgbotapi.Chat) bool { return c.Type == "group" || c.Type == "supergroup" }

func (b *Bot) handleMessage(ctx context.Context, m *tgbotapi.Message) {
	if m.Chat == nil || (m.From != nil && m.From.IsBot) {
		return
	}
	private := m.Chat.Type == "private"
	if !private && !isGroup(m.Chat) {
		return // channels
	}
	var userID int64
	hint := ""
	if m.From != nil {
		userID, hint = m.From.ID, m.From.LanguageCode
	}
	lang := langFromHint(hint)
	if private && m.Document != nil && b.allowed(userID, m.Chat.ID) {
		b.handleDocument(ctx, m, userID, hint)
		return
	}
	question, addressed := b.addressed(m)
	if !addressed {
		if private && hasMedia(m) && b.allowed(userID, m.Chat.ID) {
			b.sendText(ctx, m.Chat, m.MessageID, text(lang, txtTextOnly))
		}
		return
	}
	if !b.allowed(userID, m.Chat.ID) {
		b.refuseStranger(ctx, m, lang)
		return
	}
	if ok, warn := b.limiter.allow(userID); !ok {
		b.stats.rateLimited.Add(1)
		if warn {
			b.sendText(ctx, m.Chat, m.MessageID, text(lang, txtRateLimited))
		}
		return
	}
	req := bot.Request{ChatID: m.Chat.ID, UserID: userID, Text: question, LangHint: hint, Admin: b.admins[userID]}
	if b.opts.StreamInterval < 0 {
		reply := b.ask(ctx, m.Chat.ID, func(ctx context.Context) bot.Reply { return b.a.Handle(ctx, req) })
		b.sendReply(ctx, m.Chat, m.MessageID, b.withStats(req, reply))
		return
	}
	// A language model's answer is shown as it is written; other replies are sent when done.
	st := b.newStreamer(ctx, m.Chat, m.MessageID)
	defer st.stop()
	req.OnPartial = st.onPartial
	reply := b.ask(ctx, m.Chat.ID, func(ctx context.Context) bot.Reply { return b.a.Handle(ctx, req) })
	st.finish(b.withStats(req, reply))
}

// withStats adds the adapter's counters to an admin's /stats.
func (b *Bot) withStats(req bot.Request, reply bot.Reply) bot.Reply {
	if req.Admin && commandName(req.Text) == "stats" {
		reply.Blocks = append(reply.Blocks, b.Stats().blocks(reply.Lang)...)
	}
	return reply
}

// ask calls the assistant with a deadline, showing "typing…" while it works.
func (b *Bot) ask(ctx context.Context, chatID int64, f func(context.Context) bot.Reply) bot.Reply {
	b.stats.questions.Add(1)
	ctx, cancel := context.WithTimeout(ctx, b.opts.AnswerTimeout)
	defer cancel()
	stop := make(chan struct{})
	defer close(stop)
	b.typing(ctx, chatID, stop)
	return f(ctx)
}

// addressed decides whether a message is for the bot and returns the text to pass to the
// assistant. In a private chat every text is. In a group: commands (not those addressed to
// another bot, and only known ones when not addressed at all), messages that mention the bot,
// and replies to the bot's messages; the @botname suffix and the mention are removed.
func (b *Bot) addressed(m *tgbotapi.Message) (string, bool) {
	text := strings.TrimSpace(m.Text)
	if text == "" {
		return "", false
	}
	if strings.HasPrefix(text, "/") {
		cmd, rest, _ := strings.Cut(text, " ")
		if nl := strings.IndexByte(cmd, '\n'); nl >= 0 {
			cmd, rest = cmd[:nl], cmd[nl+1:]+" "+rest
		}
		name, target, hasTarget := strings.Cut(cmd[1:], "@")
		if hasTarget && !strings.EqualFold(target, b.self.UserName) {
			return "", false // /ask@otherbot
		}
		name = strings.ToLower(name)
		if !hasTarget && isGroup(m.Chat) && !knownCommand(name) {
			return "", false // probably another bot's command
		}
		out := "/" + name
		if rest = strings.TrimSpace(b.stripMention(rest)); rest != "" {
			out += " " + rest
		}
		return out, true
	}
	if m.Chat.Type == "private" {
		return text, true
	}
	mentioned := b.mentions(m)
	replyToBot := m.ReplyToMessage != nil && m.ReplyToMessage.From != nil && m.ReplyToMessage.From.ID == b.self.ID
	if !mentioned && !replyToBot {
		return "", false
	}
	q := strings.TrimSpace(b.stripMention(text))
	if q == "" {
		q = "/help"
	}
	return q, true
}

// mentions reports whether the message mentions the bot, by @username or by a text mention.
func (b *Bot) mentions(m *tgbotapi.Message) bool {
	for _, e := range m.Entities {
		if e.Type == "text_mention" && e.User != nil && e.User.ID == b.self.ID {
			return true
		}
	}
	_, ok := findMention(m.Text, b.self.UserName)
	return ok
}

// stripMention removes every @botname from s, in one pass (a message of a megabyte of
// mentions must not take minutes).
func (b *Bot) stripMention(s string) string {
	var out strings.Builder
	last := 0
	for from := 0; ; {
		i, ok := findMentionFrom(s, b.self.UserName, from)
		if !ok {
			break
		}
		out.WriteString(s[last:i])
		out.WriteByte(' ')
		last = i + 1 + len(b.self.UserName)
		from = last
	}
	out.WriteString(s[last:])
	return strings.Join(strings.Fields(out.String()), " ")
}

// findMention finds "@name" in s as a whole word, case-insensitively.
func findMention(s, name string) (int, bool) { return findMentionFrom(s, name, 0) }

// findMentionFrom finds "@name" in s[from:] as a whole word, case-insensitively. Usernames are
// ASCII, so bytes compare without changing s's case (which can change its length).
func findMentionFrom(s, name string, from int) (int, bool) {
	if name == "" {
		return 0, false
	}
	for from < len(s) {
		j := strings.IndexByte(s[from:], '@')
		if j < 0 {
			return 0, false
		}
		i := from + j
		end := i + 1 + len(name)
		if end <= len(s) && strings.EqualFold(s[i+1:end], name) {
			r, _ := utf8.DecodeRuneInString(s[end:])
			if end == len(s) || !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_') {
				return i, true
			}
		}
		from = i + 1
	}
	return 0, false
}

// commandName is the command of a request text ("/stats foo" → "stats"), or "".
func commandName(text string) string {
	if !strings.HasPrefix(text, "/") {
		return ""
	}
	f := strings.Fields(text)
	return strings.ToLower(strings.TrimPrefix(f[0], "/"))
}

// hasMedia reports whether a message carries content the bot cannot read.
func hasMedia(m *tgbotapi.Message) bool {
	return m.Sticker != nil || m.Photo != nil || m.Voice != nil || m.Audio != nil ||
		m.Document != nil || m.Video != nil || m.VideoNote != nil || m.Animation != nil ||
		m.Location != nil || m.Contact != nil || m.Poll != nil || m.Dice != nil
}

// allowed applies the allow-lists.
func (b *Bot) allowed(userID, chatID int64) bool {
	if len(b.users) == 0 && len(b.chats) == 0 {
		return true
	}
	return b.users[userID] || b.chats[chatID] || b.admins[userID]
}

// refuseStranger politely refuses a chat outside the allow-lists, once; then stays silent.
func (b *Bot) refuseStranger(ctx context.Context, m *tgbotapi.Message, lang bot.Lang) {
	key := fmt.Sprint(m.Chat.ID)
	if _, seen := b.strangers.get(key); seen {
		return
	}
	b.strangers.put(key, true)
	b.stats.strangers.Add(1)
	var user int64
	if m.From != nil {
		user = m.From.ID
	}
	b.log.Info("telegram: refused a chat outside the allow-lists", "chat", m.Chat.ID, "user", user)
	b.sendText(ctx, m.Chat, m.MessageID, text(lang, txtStranger))
}

// sendText sends one adapter text as a reply.
func (b *Bot) sendText(ctx context.Context, chat *tgbotapi.Chat, replyTo int, s string) {
	out := outgoing{chatID: chat.ID, group: isGroup(chat), html: EscapeHTML(s), replyTo: replyTo}
	if _, err := b.send(ctx, out); err != nil && err != errBlocked {
		b.log.Warn("telegram: could not send a notice", "chat", chat.ID, "err", err)
	}
}

// sendReply renders a reply, splits it at Telegram's limit and sends the parts in order, the
// first as a reply to the asker's message and the last with the reply's buttons.
func (b *Bot) sendReply(ctx context.Context, chat *tgbotapi.Chat, replyTo int, r bot.Reply) {
	parts := b.replyParts(r)
	if len(parts) == 0 {
		b.log.Warn("telegram: the assistant returned an empty reply", "chat", chat.ID, "kind", r.Kind)
		return
	}
	markup := b.markup(r)
	for i, part := range parts {
		out := outgoing{chatID: chat.ID, group: isGroup(chat), html: part}
		if i == 0 {
			out.replyTo = replyTo
		}
		if i == len(parts)-1 {
			out.markup = markup
		}
		if _, err := b.send(ctx, out); err != nil {
			if err != errBlocked {
				b.log.Warn("telegram: reply not delivered", "chat", chat.ID, "part", i+1, "parts", len(parts), "err", err)
			}
			return
		}
	}
}

// maxReplyParts is the most messages one reply is sent as: a document without sentence
// punctuation once made one answer 236 messages, sent at one a second while the chat waited.
const maxReplyParts = 4

// replyParts renders a reply as Telegram messages, at most maxReplyParts of them; a longer
// reply is cut, and its last message says where to read on (/source, which pages).
func (b *Bot) replyParts(r bot.Reply) []string {
	parts := SplitMessage(Render(r), MaxMessageLen)
	if len(parts) <= maxReplyParts {
		return parts
	}
	b.stats.cutReplies.Add(1)
	note := text(r.Lang, txtCut)
	if more := morePointer(r); more != "" {
		note = fmt.Sprintf(text(r.Lang, txtCutMore), more)
	}
	note = "\n\n<i>" + EscapeHTML(note) + "</i>"
	parts = parts[:maxReplyParts]
	last := parts[maxReplyParts-1]
	if room := MaxMessageLen - utf16Len(note); utf16Len(last) > room {
		last = SplitMessage(last, room)[0]
	}
	parts[maxReplyParts-1] = last + note
	return parts
}

// morePointer is the command that shows the rest of a cut reply, or "".
func morePointer(r bot.Reply) string {
	switch {
	case r.Source != nil && r.Source.Page < r.Source.Pages:
		return fmt.Sprintf("/source %s %d", r.Source.Short, r.Source.Page+1)
	case r.Source != nil:
		return ""
	case len(r.Citations) > 0 && r.Citations[0].Doc != "":
		return "/source " + r.Citations[0].Doc
	}
	return ""
}
