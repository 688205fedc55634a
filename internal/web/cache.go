package web

import (
	"container/list"
	"sync"
)

// pageCache keeps rendered pages, bounded by their total size, evicting the
// least recently used first. Keys carry the data version, the reference date
// and the parameters a page reads, so a new snapshot is never served stale.
type pageCache struct {
	mu    sync.Mutex
	max   int
	size  int
	order *list.List // front: most recently used
	pages map[string]*list.Element
}

type cached struct {
	key  string
	body []byte
}

func newPageCache(maxBytes int) *pageCache {
	return &pageCache{max: maxBytes, order: list.New(), pages: map[string]*list.Element{}}
}

func (c *pageCache) get(key string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.pages[key]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*cached).body, true
}

func (c *pageCache) put(key string, body []byte) {
	cost := len(key) + len(body)
	if cost > c.max/8 { // one page may not push out most of the others
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.pages[key]; ok {
		c.size -= len(key) + len(e.Value.(*cached).body)
		c.order.Remove(e)
	}
	c.pages[key] = c.order.PushFront(&cached{key, body})
	c.size += cost
	for c.size > c.max {
		old := c.order.Back()
		v := old.Value.(*cached)
		c.order.Remove(old)
		delete(c.pages, v.key)
		c.size -= len(v.key) + len(v.body)
	}
}

// clear drops every page: a page's notes are not in its key, so writing a
// note empties the cache (notes are written rarely; pages are redrawn on
// their next request).
func (c *pageCache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.order.Init()
	c.pages = map[string]*list.Element{}
	c.size = 0
}

// len is the number of pages held (for tests).
func (c *pageCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.pages)
}
