package auth

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"osservatorio/internal/store"
)

func openStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), store.Options{Path: filepath.Join(t.TempDir(), "a.duckdb")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func TestTokensLifecycle(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	plain, tok, err := Create(ctx, st, "Ufficio statistico", Researcher, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(plain, "osv_"+tok.ID+"_") || len(plain) < 50 {
		t.Fatalf("token form: %q", plain)
	}
	var stored string
	if err := st.DB().QueryRow("SELECT hash FROM tokens WHERE token_id = ?", tok.ID).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if secret := strings.TrimPrefix(plain, "osv_"+tok.ID+"_"); strings.Contains(plain, stored) || strings.Contains(stored, secret) {
		t.Fatal("the secret is stored in clear")
	}
	got, err := Verify(ctx, st.DB(), plain)
	if err != nil || got.Role != Researcher || got.Name != "Ufficio statistico" {
		t.Fatalf("verify: %+v %v", got, err)
	}
	for _, bad := range []string{"", "osv_", plain + "x", "osv_" + tok.ID + "_AAAA", "Bearer " + plain, strings.Replace(plain, tok.ID, "aaaaaaaaaaaaa", 1)} {
		if _, err := Verify(ctx, st.DB(), bad); !errors.Is(err, ErrInvalid) {
			t.Errorf("%q: %v", bad, err)
		}
	}
	if err := Revoke(ctx, st, tok.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := Verify(ctx, st.DB(), plain); !errors.Is(err, ErrInvalid) {
		t.Errorf("revoked token accepted: %v", err)
	}
	past := time.Now().Add(-time.Hour)
	plain2, tok2, err := Create(ctx, st, "scaduto", Admin, &past)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Verify(ctx, st.DB(), plain2); !errors.Is(err, ErrInvalid) {
		t.Errorf("expired token accepted: %v", err)
	}
	if err := Expire(ctx, st, tok2.ID, time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := Verify(ctx, st.DB(), plain2); err != nil {
		t.Errorf("token with a later expiry refused: %v", err)
	}
	if err := Revoke(ctx, st, "nope"); err == nil {
		t.Error("revoking an unknown token succeeded")
	}
	list, err := List(ctx, st.DB())
	if err != nil || len(list) != 2 || list[1].Revoked == nil {
		t.Errorf("list: %+v %v", list, err)
	}
}

func TestRoles(t *testing.T) {
	for _, c := range []struct {
		have, need Role
		ok         bool
	}{
		{Viewer, Viewer, true}, {Viewer, Researcher, false}, {Researcher, Researcher, true},
		{Researcher, Lab, false}, {Lab, Admin, false}, {Admin, Researcher, true}, {Admin, Lab, true},
		{Researcher, Viewer, true},
	} {
		if c.have.Can(c.need) != c.ok {
			t.Errorf("%s can %s: %v", c.have, c.need, !c.ok)
		}
	}
	if _, err := ParseRole("root"); err == nil {
		t.Error("unknown role accepted")
	}
}

func TestAudit(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	for i, a := range []string{"token.add", "load.upload"} {
		if err := Record(ctx, st.DB(), Entry{At: time.Date(2026, 1, 1+i, 0, 0, 0, 0, time.UTC), TokenID: "x", Role: Admin, Action: a, DataVersion: int64(i)}); err != nil {
			t.Fatal(err)
		}
	}
	es, err := Audit(ctx, st.DB(), 10, 0)
	if err != nil || len(es) != 2 || es[0].Action != "load.upload" || es[1].Role != Admin {
		t.Fatalf("%+v %v", es, err)
	}
}
