package web

import (
	"context"
	"sync"
	"time"

	"osservatorio/internal/dashboard"
)

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

// snapshotMemo remembers the latest snapshot for a second, so that a cached
// page costs no database query; a new snapshot shows within that second.
type snapshotMemo struct {
	mu   sync.Mutex
	at   time.Time
	snap dashboard.Snapshot
}

func (s *Server) snapshot(ctx context.Context) (dashboard.Snapshot, error) {
	m := &s.snap
	m.mu.Lock()
	defer m.mu.Unlock()
	if time.Since(m.at) < time.Second && m.snap.DataVersion != 0 {
		return m.snap, nil
	}
	snap, err := dashboard.Latest(ctx, s.st.DB())
	if err != nil {
		return snap, err
	}
	m.snap, m.at = snap, time.Now()
	return snap, nil
}
