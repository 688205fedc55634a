package web

import (
	"context"
	"strconv"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"osservatorio/internal/dashboard"
	"osservatorio/internal/indicator"
)

// publishedMemo remembers the published snapshot for a second, so that a
// cached page costs no database query; a newly published snapshot shows
// within that second.
type publishedMemo struct {
	mu   sync.Mutex
	at   time.Time
	snap indicator.Snapshot
}

func (s *Server) published(ctx context.Context) (indicator.Snapshot, error) {
	m := &s.snap
	m.mu.Lock()
	defer m.mu.Unlock()
	if time.Since(m.at) < time.Second && !m.snap.Zero() {
		return m.snap, nil
	}
	snap, err := indicator.Published(ctx, s.st.DB())
	if err != nil {
		return snap, err
	}
	m.snap, m.at = snap, time.Now()
	return snap, nil
}

// forget drops the remembered snapshot: after a load through the web (which
// publishes the new version) the next request reads it.
func (m *publishedMemo) forget() {
	m.mu.Lock()
	m.at = time.Time{}
	m.mu.Unlock()
}

// snapshot is the snapshot a request shows: the one its data_version and
// as_of name (a *NoSnapshotError when not stored: a 404 listing the stored
// ones), else the published one. Reading never computes a snapshot.
func (s *Server) snapshot(c *gin.Context) (indicator.Snapshot, error) {
	dv, asOf := c.Query("data_version"), c.Query("as_of")
	if dv == "" && asOf == "" {
		return s.published(c.Request.Context())
	}
	var v int64
	if dv != "" {
		n, err := strconv.ParseInt(dv, 10, 64)
		if err != nil || n < 1 {
			return indicator.Snapshot{}, &dashboard.ParamError{Param: "data_version", Value: dv, Accepted: "a data version number (see /versioni)"}
		}
		v = n
	}
	if asOf != "" {
		if _, err := time.Parse(time.DateOnly, asOf); err != nil {
			return indicator.Snapshot{}, &dashboard.ParamError{Param: "as_of", Value: asOf, Accepted: "a date YYYY-MM-DD"}
		}
	}
	return indicator.Resolve(c.Request.Context(), s.st.DB(), v, asOf)
}
