package resident

import (
	"database/sql"
	"testing"
)

// One copy per database; an older version's copy does not replace a newer
// one, the same version's does; Drop forgets only its database's.
func TestSets(t *testing.T) {
	var s Sets[string]
	a, b := &sql.DB{}, &sql.DB{}
	if _, _, ok := s.Get(a); ok {
		t.Fatal("empty: something held")
	}
	check := func(db *sql.DB, want string, wantV int64) {
		t.Helper()
		if v, ver, ok := s.Get(db); !ok || v != want || ver != wantV {
			t.Errorf("held %q at %d (%v), want %q at %d", v, ver, ok, want, wantV)
		}
	}
	s.Put(a, 2, "a2")
	s.Put(b, 1, "b1")
	s.Put(a, 1, "a1") // older: kept out
	check(a, "a2", 2)
	s.Put(a, 2, "a2 again") // same version: replaces (another as_of)
	check(a, "a2 again", 2)
	s.Put(a, 3, "a3")
	check(a, "a3", 3)
	s.Drop(a)
	if _, _, ok := s.Get(a); ok {
		t.Error("dropped: still held")
	}
	check(b, "b1", 1)
}
