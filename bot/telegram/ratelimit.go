package telegram

import (
	"sync"
	"time"
)

// userLimiter is a token bucket per user: Burst questions at once, refilled at PerMinute.
// A user over the limit is told once, then ignored until a question is accepted again.
type userLimiter struct {
	perMinute float64
	burst     float64
	clock     Clock

	mu      sync.Mutex
	buckets map[int64]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time
	warned bool
}

const maxTrackedUsers = 100_000

func newUserLimiter(perMinute float64, burst int, clock Clock) *userLimiter {
	return &userLimiter{perMinute: perMinute, burst: float64(burst), clock: clock, buckets: map[int64]*bucket{}}
}

// allow takes a token for user. When there is none, warn says whether to tell the user.
func (l *userLimiter) allow(user int64) (ok, warn bool) {
	if l == nil {
		return true, false
	}
	now := l.clock.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.buckets[user]
	if b == nil {
		if len(l.buckets) >= maxTrackedUsers {
			l.prune(now)
		}
		b = &bucket{tokens: l.burst, at: now}
		l.buckets[user] = b
	}
	b.tokens = min(l.burst, b.tokens+now.Sub(b.at).Minutes()*l.perMinute)
	b.at = now
	if b.tokens >= 1 {
		b.tokens--
		b.warned = false
		return true, false
	}
	warn = !b.warned
	b.warned = true
	return false, warn
}

// prune drops the buckets that are full again: forgetting them changes nothing.
func (l *userLimiter) prune(now time.Time) {
	for id, b := range l.buckets {
		if b.tokens+now.Sub(b.at).Minutes()*l.perMinute >= l.burst {
			delete(l.buckets, id)
		}
	}
}
