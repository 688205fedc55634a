package web

import (
	"strings"
	"testing"
)

// The page cache is bounded by bytes and evicts the least recently used page,
// not everything at once.
func TestPageCacheEvictsLeastRecentlyUsed(t *testing.T) {
	c := newPageCache(1000)
	pg := page{body: []byte(strings.Repeat("x", 95))} // 100 bytes with a 5-byte key
	for _, k := range []string{"k0001", "k0002", "k0003", "k0004", "k0005", "k0006", "k0007", "k0008", "k0009", "k0010"} {
		c.put(k, pg)
	}
	if c.len() != 10 {
		t.Fatalf("%d pages held, want 10", c.len())
	}
	c.get("k0001") // k0002 is now the least recently used
	c.put("k0011", pg)
	if _, ok := c.get("k0002"); ok {
		t.Error("the least recently used page was kept")
	}
	for _, k := range []string{"k0001", "k0003", "k0011"} {
		if _, ok := c.get(k); !ok {
			t.Errorf("%s evicted", k)
		}
	}
	if c.len() != 10 || c.size > 1000 {
		t.Errorf("%d pages, %d bytes", c.len(), c.size)
	}
	c.put("huge", page{body: make([]byte, 200)}) // over an eighth of the cache: not kept
	if _, ok := c.get("huge"); ok {
		t.Error("a page larger than an eighth of the cache was kept")
	}
}
