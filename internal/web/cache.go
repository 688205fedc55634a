package web

import (
	"bytes"
	"compress/gzip"
	"container/list"
	"strings"
	"sync"

	"github.com/gin-gonic/gin"
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
	key string
	page
}

// page is a rendered page, with its gzip form made once when it is
// rendered: a cached page then costs a sixth of the bytes to send to
// every browser, which all accept gzip.
type page struct {
	body, gz []byte
}

func newPage(body []byte) page {
	var b bytes.Buffer
	b.Grow(len(body) / 4)
	w := gzipWriters.Get().(*gzip.Writer)
	w.Reset(&b)
	w.Write(body)
	w.Close()
	gzipWriters.Put(w)
	return page{body: body, gz: b.Bytes()}
}

// gzipWriters are reused: a new writer allocates about 1 MB of compressor
// state, a third of what an uncached page allocated.
var gzipWriters = sync.Pool{New: func() any {
	w, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed)
	return w
}}

func (p page) size() int { return len(p.body) + len(p.gz) }

// writePage sends p as HTML, gzipped when the client accepts it.
func writePage(c *gin.Context, p page) {
	c.Header("Vary", "Accept-Encoding")
	if strings.Contains(c.GetHeader("Accept-Encoding"), "gzip") {
		c.Header("Content-Encoding", "gzip")
		c.Data(200, "text/html; charset=utf-8", p.gz)
		return
	}
	c.Data(200, "text/html; charset=utf-8", p.body)
}

func newPageCache(maxBytes int) *pageCache {
	return &pageCache{max: maxBytes, order: list.New(), pages: map[string]*list.Element{}}
}

func (c *pageCache) get(key string) (page, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.pages[key]
	if !ok {
		return page{}, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*cached).page, true
}

func (c *pageCache) put(key string, p page) {
	cost := len(key) + p.size()
	if cost > c.max/8 { // one page may not push out most of the others
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.pages[key]; ok {
		c.size -= len(key) + e.Value.(*cached).size()
		c.order.Remove(e)
	}
	c.pages[key] = c.order.PushFront(&cached{key, p})
	c.size += cost
	for c.size > c.max {
		old := c.order.Back()
		v := old.Value.(*cached)
		c.order.Remove(old)
		delete(c.pages, v.key)
		c.size -= len(v.key) + v.size()
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
