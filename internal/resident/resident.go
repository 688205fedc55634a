// Package resident holds, per database, one in-memory copy of something read
// from it (the published snapshot's values, its organisations' names),
// tagged with the data version it was read at. A copy of an older version
// never replaces a newer one: two publications in a row may finish loading
// in either order.
package resident

import (
	"database/sql"
	"sync"
)

// Sets holds one T per database. The zero value is empty and ready.
type Sets[T any] struct {
	mu sync.RWMutex
	m  map[*sql.DB]held[T]
}

type held[T any] struct {
	version int64
	v       T
}

// Put holds v, read at data version, for db, unless a newer version's copy
// is held (a copy of the same version replaces it).
func (s *Sets[T]) Put(db *sql.DB, version int64, v T) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if cur, ok := s.m[db]; ok && cur.version > version {
		return
	}
	if s.m == nil {
		s.m = map[*sql.DB]held[T]{}
	}
	s.m[db] = held[T]{version, v}
}

// Get returns the copy held for db and its data version.
func (s *Sets[T]) Get(db *sql.DB) (T, int64, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	h, ok := s.m[db]
	return h.v, h.version, ok
}

// Drop forgets the copy held for db (it could not be read, or its store is
// closing).
func (s *Sets[T]) Drop(db *sql.DB) {
	s.mu.Lock()
	delete(s.m, db)
	s.mu.Unlock()
}
