package telegram

import (
	"fmt"
	"sync/atomic"

	"github.com/kutip/kutip/bot"
)

// Stats are the adapter's counters since start.
type Stats struct {
	Updates        int64 // updates received
	Questions      int64 // requests passed to the assistant
	Messages       int64 // messages sent
	Edits          int64 // messages edited (/source paging, streamed answers)
	Streamed       int64 // answers shown while a language model wrote them
	Callbacks      int64 // button presses
	FloodWaits     int64 // 429 answers honoured
	Retries        int64 // sends retried after 5xx or network errors
	PlainFallbacks int64 // messages resent as plain text after "can't parse entities"
	SendFailures   int64 // sends given up
	BlockedChats   int64 // chats that blocked or removed the bot
	RateLimited    int64 // questions refused by the per-user limit
	Strangers      int64 // refusals sent to chats outside the allow-lists
	Panics         int64 // recovered panics while handling an update
	Pending        int64 // updates queued or being handled now
	Duplicates     int64 // updates delivered again and not answered again (already answered or queued)
	Replayed       int64 // updates left unanswered by the previous run, answered at start
	CutReplies     int64 // replies cut at maxReplyParts messages, with a pointer to the rest
	// PossibleDuplicates counts messages sent again after a failure that may have come after
	// Telegram had sent them (a connection cut after the request): each may show twice.
	PossibleDuplicates int64
}

type counters struct {
	updates, questions, messages, edits, streamed, callbacks, floodWaits, retries, plainFallbacks,
	sendFailures, blockedChats, rateLimited, strangers, panics, duplicates, replayed, cutReplies, possibleDuplicates atomic.Int64
}

// Stats returns the adapter's counters, for /stats and health endpoints.
func (b *Bot) Stats() Stats {
	c := &b.stats
	return Stats{
		Updates: c.updates.Load(), Questions: c.questions.Load(), Messages: c.messages.Load(),
		Edits: c.edits.Load(), Streamed: c.streamed.Load(), Callbacks: c.callbacks.Load(), FloodWaits: c.floodWaits.Load(),
		Retries: c.retries.Load(), PlainFallbacks: c.plainFallbacks.Load(),
		SendFailures: c.sendFailures.Load(), BlockedChats: c.blockedChats.Load(),
		RateLimited: c.rateLimited.Load(), Strangers: c.strangers.Load(), Panics: c.panics.Load(),
		Pending: int64(b.disp.pending()), Duplicates: c.duplicates.Load(), Replayed: c.replayed.Load(), CutReplies: c.cutReplies.Load(),
		PossibleDuplicates: c.possibleDuplicates.Load(),
	}
}

// statsBlocks renders the adapter's counters as reply blocks appended to the core's /stats.
func (s Stats) blocks(lang bot.Lang) []bot.Block {
	blk := bot.Block{{Text: "Telegram", Style: bot.Bold}}
	add := func(id, en string, v int64) {
		label := en
		if lang == bot.LangID {
			label = id
		}
		blk = append(blk, bot.Run{Text: "\n" + label + ": "}, bot.Run{Text: fmt.Sprint(v), Style: bot.Code})
	}
	add("pembaruan", "updates", s.Updates)
	add("pertanyaan", "questions", s.Questions)
	add("pesan terkirim", "messages sent", s.Messages)
	add("tombol ditekan", "buttons pressed", s.Callbacks)
	add("jeda 429", "429 waits", s.FloodWaits)
	add("percobaan ulang", "retries", s.Retries)
	add("teks polos", "plain-text fallbacks", s.PlainFallbacks)
	add("gagal kirim", "send failures", s.SendFailures)
	add("chat memblokir", "chats that blocked the bot", s.BlockedChats)
	add("dibatasi", "rate-limited", s.RateLimited)
	add("antrean", "queued", s.Pending)
	add("kiriman ulang diabaikan", "redeliveries ignored", s.Duplicates)
	add("dijawab setelah restart", "answered after a restart", s.Replayed)
	add("balasan dipotong", "replies cut", s.CutReplies)
	add("mungkin terkirim dua kali", "possibly sent twice", s.PossibleDuplicates)
	return []bot.Block{blk}
}
