package telegram

import (
	"context"
	"slices"
	"sort"
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

	mu     sync.Mutex
	chats  map[int64]*chatPace
	booked []time.Time // every send booked in the last second or later, sorted
	count  int
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
	t = p.globalSlot(t, now)
	c.next = t.Add(p.cfg.PerChat)
	if group {
		c.recent = append(c.recent, t)
		if len(c.recent) > p.cfg.PerGroupPerMinute {
			c.recent = c.recent[1:]
		}
	}
	return t
}

// globalSlot books the earliest moment from t that keeps every 1-second window at PerSecond
// sends or fewer, across all chats. Sends are booked out of time order (a chat waiting for its
// own interval books later than one that is free), so the bookings are kept sorted and every
// window that would hold the new send is checked: a crowded one pushes it a second past the
// window's first send.
func (p *pacer) globalSlot(t, now time.Time) time.Time {
	drop := sort.Search(len(p.booked), func(i int) bool { return p.booked[i].After(now.Add(-time.Second)) })
	p.booked = p.booked[drop:]
	for moved := true; moved; {
		moved = false
		lo := sort.Search(len(p.booked), func(i int) bool { return p.booked[i].After(t.Add(-time.Second)) })
		for i := lo; i < len(p.booked) && p.booked[i].Before(t.Add(time.Second)); i++ {
			// The windows holding t: starting at a send before t, or ending just after one after it.
			w := p.booked[i]
			if w.After(t) {
				w = t
				if s := p.booked[i].Add(-time.Second + time.Nanosecond); s.After(w) {
					w = s
				}
			}
			first := sort.Search(len(p.booked), func(j int) bool { return !p.booked[j].Before(w) })
			end := sort.Search(len(p.booked), func(j int) bool { return !p.booked[j].Before(w.Add(time.Second)) })
			if end-first >= p.cfg.PerSecond {
				t = p.booked[first].Add(time.Second)
				moved = true
				break
			}
		}
	}
	at := sort.Search(len(p.booked), func(i int) bool { return p.booked[i].After(t) })
	p.booked = slices.Insert(p.booked, at, t)
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
