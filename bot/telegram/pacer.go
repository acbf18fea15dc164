package telegram

import (
	"context"
	"sync"
	"time"
)

// Pacing is how fast the bot sends, after Telegram's advice
// (https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this):
// about one message a second in a chat, at most 20 a minute in a group, about 30 a second in
// all. The zero value means those defaults.
type Pacing struct {
	// Disabled turns pacing off (benchmarks; a local Bot API server without limits).
	Disabled bool
	// PerChat is the minimum interval between two messages to one chat (default 1s).
	PerChat time.Duration
	// PerGroupPerMinute is the most messages to one group in any minute (default 20).
	PerGroupPerMinute int
	// PerSecond is the most messages per second across all chats (default 30).
	PerSecond int
}

func (p Pacing) withDefaults() Pacing {
	if p.PerChat <= 0 {
		p.PerChat = time.Second
	}
	if p.PerGroupPerMinute <= 0 {
		p.PerGroupPerMinute = 20
	}
	if p.PerSecond <= 0 {
		p.PerSecond = 30
	}
	return p
}

// pacer books send times: each send reserves the earliest moment that keeps every limit, so
// concurrent senders queue up fairly instead of all hitting Telegram's flood control.
type pacer struct {
	cfg   Pacing
	clock Clock

	mu    sync.Mutex
	chats map[int64]*chatPace
	tat   time.Time // global theoretical arrival time (GCRA)
	count int
}

type chatPace struct {
	next   time.Time   // earliest next send to this chat
	recent []time.Time // a group's last sends, oldest first, at most PerGroupPerMinute
}

func newPacer(cfg Pacing, clock Clock) *pacer {
	return &pacer{cfg: cfg.withDefaults(), clock: clock, chats: map[int64]*chatPace{}}
}

// reserve books a send to chatID and returns when it may go.
func (p *pacer) reserve(chatID int64, group bool) time.Time {
	now := p.clock.Now()
	if p.cfg.Disabled {
		return now
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.count++
	if p.count%1024 == 0 {
		p.prune(now)
	}
	c := p.chats[chatID]
	if c == nil {
		c = &chatPace{}
		p.chats[chatID] = c
	}
	t := now
	if c.next.After(t) {
		t = c.next
	}
	if group && len(c.recent) >= p.cfg.PerGroupPerMinute {
		if w := c.recent[0].Add(time.Minute); w.After(t) {
			t = w
		}
	}
	interval := time.Second / time.Duration(p.cfg.PerSecond)
	tau := interval * time.Duration(p.cfg.PerSecond-1)
	if g := p.tat.Add(-tau); g.After(t) {
		t = g
	}
	if p.tat.Before(t) {
		p.tat = t
	}
	p.tat = p.tat.Add(interval)
	c.next = t.Add(p.cfg.PerChat)
	if group {
		c.recent = append(c.recent, t)
		if len(c.recent) > p.cfg.PerGroupPerMinute {
			c.recent = c.recent[1:]
		}
	}
	return t
}

// wait books a send to chatID and sleeps until it may go.
func (p *pacer) wait(ctx context.Context, chatID int64, group bool) error {
	if p.cfg.Disabled {
		return ctx.Err()
	}
	t := p.reserve(chatID, group)
	return p.clock.Sleep(ctx, t.Sub(p.clock.Now()))
}

// hold keeps every send to chatID until at least until, after Telegram asked to wait.
func (p *pacer) hold(chatID int64, until time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	c := p.chats[chatID]
	if c == nil {
		c = &chatPace{}
		p.chats[chatID] = c
	}
	if until.After(c.next) {
		c.next = until
	}
}

// prune forgets chats with nothing booked in the last minute.
func (p *pacer) prune(now time.Time) {
	for id, c := range p.chats {
		last := c.next
		if n := len(c.recent); n > 0 && c.recent[n-1].After(last) {
			last = c.recent[n-1]
		}
		if now.Sub(last) > time.Minute {
			delete(p.chats, id)
		}
	}
}
