package retrieval

import (
	"reflect"
	"strings"
	"testing"
)

func TestDocumentCache(t *testing.T) {
	c := &documentCache{items: map[[32]byte]*cachedDoc{}}
	a := Document{ID: "a.pdf", Text: "teks", PageStarts: []int{0, 2}}
	ka, kb := docKey("a.pdf", []byte("x")), docKey("b.pdf", []byte("x"))
	c.put(ka, a, []string{"page 2 has no text"})
	got, notes, ok := c.get(ka)
	if !ok || !reflect.DeepEqual(got, a) || len(notes) != 1 {
		t.Fatalf("get = %+v, %q, %v", got, notes, ok)
	}
	got.PageStarts[1] = 9 // a copy: the cached document does not change
	if again, _, _ := c.get(ka); again.PageStarts[1] != 2 {
		t.Errorf("cached document changed through a copy")
	}
	if _, _, ok := c.get(kb); ok {
		t.Errorf("same content under another name found")
	}
	// Filling the cache drops the least recently used first.
	big := strings.Repeat("x", docCacheBytes/5)
	for i := range 6 {
		c.put(docKey("big", []byte{byte(i)}), Document{Text: big}, nil)
		c.get(ka) // a stays in use
	}
	if _, _, ok := c.get(ka); !ok {
		t.Errorf("the document in use was dropped")
	}
	if _, _, ok := c.get(docKey("big", []byte{0})); ok {
		t.Errorf("the least recently used document was kept")
	}
	if c.size > docCacheBytes {
		t.Errorf("cache holds %d bytes, more than %d", c.size, docCacheBytes)
	}
}
