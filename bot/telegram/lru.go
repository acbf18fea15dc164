package telegram

import (
	"container/list"
	"sync"
	"time"
)

// lru is a bounded cache with a time-to-live, for the state behind inline buttons: callback
// data holds at most 64 bytes, so a button carries a key and the state waits here.
type lru[V any] struct {
	cap   int
	ttl   time.Duration
	clock Clock

	mu    sync.Mutex
	ll    *list.List // front: most recent
	items map[string]*list.Element
}

type lruEntry[V any] struct {
	key     string
	value   V
	expires time.Time
}

func newLRU[V any](capacity int, ttl time.Duration, clock Clock) *lru[V] {
	return &lru[V]{cap: capacity, ttl: ttl, clock: clock, ll: list.New(), items: map[string]*list.Element{}}
}

func (c *lru[V]) put(key string, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	exp := c.clock.Now().Add(c.ttl)
	if e, ok := c.items[key]; ok {
		e.Value = &lruEntry[V]{key: key, value: v, expires: exp}
		c.ll.MoveToFront(e)
		return
	}
	c.items[key] = c.ll.PushFront(&lruEntry[V]{key: key, value: v, expires: exp})
	for c.ll.Len() > c.cap {
		last := c.ll.Back()
		c.ll.Remove(last)
		delete(c.items, last.Value.(*lruEntry[V]).key)
	}
}

func (c *lru[V]) get(key string) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var zero V
	e, ok := c.items[key]
	if !ok {
		return zero, false
	}
	ent := e.Value.(*lruEntry[V])
	if !c.clock.Now().Before(ent.expires) {
		c.ll.Remove(e)
		delete(c.items, key)
		return zero, false
	}
	c.ll.MoveToFront(e)
	return ent.value, true
}

func (c *lru[V]) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ll.Len()
}
