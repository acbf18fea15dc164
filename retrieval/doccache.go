package retrieval

import (
	"crypto/sha256"
	"sync"
)

// docCache keeps the documents made from the files read last, by name and content, so that a
// reload (after an upload, /reload) does not extract every PDF again: extracting is what costs,
// and most files have not changed. It holds at most docCacheBytes of text, the least recently
// used dropped first.
var docCache = &documentCache{items: map[[sha256.Size]byte]*cachedDoc{}}

const docCacheBytes = 256 << 20

type documentCache struct {
	mu    sync.Mutex
	items map[[sha256.Size]byte]*cachedDoc
	size  int
	tick  int
}

type cachedDoc struct {
	doc   Document
	notes []string
	used  int
}

func docKey(name string, data []byte) [sha256.Size]byte {
	h := sha256.New()
	h.Write([]byte(name))
	h.Write([]byte{0})
	h.Write(data)
	var k [sha256.Size]byte
	h.Sum(k[:0])
	return k
}

func (c *documentCache) get(k [sha256.Size]byte) (Document, []string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.items[k]
	if !ok {
		return Document{}, nil, false
	}
	c.tick++
	e.used = c.tick
	d := e.doc
	d.PageStarts = append([]int(nil), d.PageStarts...)
	return d, append([]string(nil), e.notes...), true
}

func (c *documentCache) put(k [sha256.Size]byte, doc Document, notes []string) {
	if len(doc.Text) > docCacheBytes/4 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.items[k]; ok {
		return
	}
	c.tick++
	c.items[k] = &cachedDoc{doc: doc, notes: notes, used: c.tick}
	c.size += len(doc.Text)
	for c.size > docCacheBytes {
		var oldest [sha256.Size]byte
		min := -1
		for key, e := range c.items {
			if min < 0 || e.used < min {
				oldest, min = key, e.used
			}
		}
		c.size -= len(c.items[oldest].doc.Text)
		delete(c.items, oldest)
	}
}
