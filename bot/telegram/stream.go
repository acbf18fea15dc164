package telegram

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/kutip/kutip/bot"
)

// streamer shows an answer while a language model writes it. The assistant hands it the
// growing text (bot.Request.OnPartial) on the answering goroutine, which must never wait for
// Telegram, so the text is only stored there; an editor goroutine, started by the first
// partial, sends it as a reply to the asker, then edits that message with the newest text at
// most once per StreamInterval, through the pacer. Partials that arrive while it waits or
// sends are coalesced: only the newest is shown. When the final reply arrives, finish stops
// the editor and edits the message one last time into the rendered answer, with its citations
// and its Sources button, or a refusal, or the extractive answer and its note.
//
// Without partials (offline answers, commands) nothing is started, and finish sends the reply
// as sendReply always does.
type streamer struct {
	b       *Bot
	ctx     context.Context // the update's context: every request of the stream is bound to it
	chat    *tgbotapi.Chat
	replyTo int

	// wait is cancelled by finish: the editor gives up what it waits for (its interval, the
	// pacer, a 429) but never a request in flight, so msgID is always known.
	wait       context.Context
	cancelWait context.CancelFunc
	wake       chan struct{} // a new partial is waiting; capacity 1
	done       chan struct{} // closed when the editor has exited

	mu       sync.Mutex
	latest   string // the newest partial text
	started  bool   // the editor was started
	finished bool   // finish was called: no more editors, no more partials

	// Owned by the editor until done is closed, then by finish.
	msgID int    // the message showing the answer, once sent
	shown string // the HTML it shows
}

// newStreamer returns a streamer for an answer to message replyTo in chat.
func (b *Bot) newStreamer(ctx context.Context, chat *tgbotapi.Chat, replyTo int) *streamer {
	wait, cancel := context.WithCancel(ctx)
	return &streamer{
		b: b, ctx: ctx, chat: chat, replyTo: replyTo,
		wait: wait, cancelWait: cancel,
		wake: make(chan struct{}, 1), done: make(chan struct{}),
	}
}

// interval is the least time between two edits of the streamed message.
func (s *streamer) interval() time.Duration {
	d := s.b.opts.StreamInterval
	if isGroup(s.chat) {
		d *= 3
	}
	return d
}

// onPartial is the assistant's progress callback. It never blocks on the network.
func (s *streamer) onPartial(text string) {
	text = strings.TrimSpace(text)
	if text == "" {
		return
	}
	s.mu.Lock()
	if s.finished {
		s.mu.Unlock()
		return
	}
	s.latest = text
	if !s.started {
		s.started = true
		s.b.stats.streamed.Add(1)
		s.b.wg.Add(1)
		go s.edit()
	}
	s.mu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default: // the editor has not picked up the previous partial yet; it will read this one
	}
}

// edit is the editor goroutine: it shows the newest partial, waits out the interval, repeats.
func (s *streamer) edit() {
	defer s.b.wg.Done()
	defer close(s.done)
	for {
		select {
		case <-s.wake:
		case <-s.wait.Done():
			return
		}
		s.mu.Lock()
		text := s.latest
		s.mu.Unlock()
		html := partialHTML(text)
		if html == s.shown {
			continue
		}
		out := outgoing{chatID: s.chat.ID, group: isGroup(s.chat), html: html}
		if s.msgID == 0 {
			out.replyTo = s.replyTo
		} else {
			out.messageID = s.msgID
		}
		id, err := s.b.deliver(s.ctx, s.wait, out)
		if err != nil {
			if s.wait.Err() == nil && err != errBlocked {
				// finish sends or edits the whole answer anyway; stop showing progress.
				s.b.log.Warn("telegram: could not show the answer's progress", "chat", s.chat.ID, "method", out.method(), "err", err)
			}
			return
		}
		s.msgID, s.shown = id, html
		if s.b.clock.Sleep(s.wait, s.interval()) != nil {
			return
		}
	}
}

// stop ends the stream without a final reply (the handler panicked); it is safe to call after
// finish.
func (s *streamer) stop() {
	s.mu.Lock()
	s.finished = true
	s.mu.Unlock()
	s.cancelWait()
}

// finish delivers the final reply: as an edit of the streamed message when there is one (the
// first part, if the reply needs several messages; the rest follow as new messages, the last
// with the reply's buttons), else as a new reply.
func (s *streamer) finish(r bot.Reply) {
	s.mu.Lock()
	s.finished = true
	started := s.started
	s.mu.Unlock()
	s.cancelWait()
	if !started {
		s.b.sendReply(s.ctx, s.chat, s.replyTo, r)
		return
	}
	<-s.done
	if s.msgID == 0 {
		s.b.sendReply(s.ctx, s.chat, s.replyTo, r)
		return
	}
	parts := s.b.replyParts(r)
	if len(parts) == 0 {
		s.b.log.Warn("telegram: the assistant returned an empty reply after streaming", "chat", s.chat.ID, "kind", r.Kind)
		return
	}
	markup := s.b.markup(r)
	for i, part := range parts {
		out := outgoing{chatID: s.chat.ID, group: isGroup(s.chat), html: part}
		if i == 0 {
			out.messageID = s.msgID
		}
		if i == len(parts)-1 {
			out.markup = markup
		}
		if _, err := s.b.send(s.ctx, out); err != nil {
			if err == errBlocked || s.ctx.Err() != nil {
				return
			}
			var te *tgbotapi.Error
			if i == 0 && errors.As(err, &te) && te.Code == http.StatusBadRequest {
				// The streamed message is gone (deleted by the user) or cannot be edited: send
				// the answer afresh rather than lose it.
				s.b.log.Warn("telegram: could not edit the streamed answer; sending it anew", "chat", s.chat.ID, "err", err)
				s.b.sendReply(s.ctx, s.chat, s.replyTo, r)
				return
			}
			s.b.log.Warn("telegram: reply not delivered", "chat", s.chat.ID, "part", i+1, "parts", len(parts), "err", err)
			return
		}
	}
}

// streamCursor ends a partial answer, to show that more is coming.
const streamCursor = " …"

// partialHTML is a partial answer as Telegram HTML: escaped, with the cursor, and cut to fit
// one message (the final reply is split properly).
func partialHTML(text string) string {
	limit := MaxMessageLen - utf16Len(streamCursor)
	if utf16Len(text) > limit {
		n := 0
		for i, r := range text {
			if n+runeWidth(r) > limit {
				text = text[:i]
				break
			}
			n += runeWidth(r)
		}
	}
	return EscapeHTML(text) + streamCursor
}
