package web

import "sync"

// pageCache keeps rendered pages keyed by data version, as_of, language and
// URL: a new load changes the version, so stale pages are never served. It
// holds at most max pages and forgets everything when full (simple, and a
// refill costs one render per view).
type pageCache struct {
	mu    sync.RWMutex
	max   int
	pages map[string][]byte
}

func newPageCache(max int) *pageCache { return &pageCache{max: max, pages: map[string][]byte{}} }

func (c *pageCache) get(key string) ([]byte, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	b, ok := c.pages[key]
	return b, ok
}

func (c *pageCache) put(key string, b []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.pages) >= c.max {
		c.pages = map[string][]byte{}
	}
	c.pages[key] = b
}
