// Package auth holds the roles, the bearer tokens that carry them and the
// audit log. A token is "osv_<id>_<secret>": the id finds the row, the
// secret is checked against its stored hash. Secrets are 256 random bits, so
// a fast cryptographic hash (BLAKE2b-256) protects them as well as a slow
// password hash would, at a cost every API request can pay.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"database/sql"
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"golang.org/x/crypto/blake2b"

	"osservatorio/internal/store"
)

// Role is what a token may do.
type Role string

// The roles. Admin may do everything; the others what their name says.
const (
	Viewer     Role = "viewer"     // dashboards, citable views, the public API
	Researcher Role = "researcher" // SQL, exports, the counts behind small cells
	Lab        Role = "lab"        // evidence packs, annotations, guideline adoptions
	Admin      Role = "admin"      // uploads, loads, rejected values, sources, tokens
)

// Roles lists the roles, for messages.
var Roles = []Role{Viewer, Researcher, Lab, Admin}

// ParseRole reads a role name.
func ParseRole(s string) (Role, error) {
	for _, r := range Roles {
		if string(r) == s {
			return r, nil
		}
	}
	return "", fmt.Errorf("unknown role %q (viewer, researcher, lab or admin)", s)
}

// Can reports whether a holder of r may do what needs the role need.
func (r Role) Can(need Role) bool {
	return need == Viewer || r == need || r == Admin
}

// Token is a stored token, without its secret.
type Token struct {
	ID, Name string
	Role     Role
	Created  time.Time
	Expires  *time.Time
	Revoked  *time.Time
}

// Active reports whether the token may be used at t.
func (t Token) Active(at time.Time) bool {
	return t.Revoked == nil && (t.Expires == nil || at.Before(*t.Expires))
}

// ErrInvalid is any token that does not authenticate: malformed, unknown,
// wrong secret, expired or revoked (one error, so answers reveal nothing).
var ErrInvalid = errors.New("invalid, expired or revoked token")

const prefix = "osv_"

var idEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// Create stores a new token and returns its plaintext, shown once.
func Create(ctx context.Context, st *store.Store, name string, role Role, expires *time.Time) (string, Token, error) {
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 100 {
		return "", Token{}, errors.New("a token needs a name of 1 to 100 characters")
	}
	if _, err := ParseRole(string(role)); err != nil {
		return "", Token{}, err
	}
	var idb [8]byte
	var secret [32]byte
	if _, err := rand.Read(idb[:]); err != nil {
		return "", Token{}, err
	}
	if _, err := rand.Read(secret[:]); err != nil {
		return "", Token{}, err
	}
	t := Token{ID: idEncoding.EncodeToString(idb[:]), Name: name, Role: role, Created: time.Now().UTC(), Expires: expires}
	sec := base64.RawURLEncoding.EncodeToString(secret[:])
	err := st.Write(ctx, func(ctx context.Context, conn *sql.Conn) error {
		_, err := conn.ExecContext(ctx, `INSERT INTO tokens VALUES (?, ?, ?, ?, ?, ?, NULL)`,
			t.ID, t.Name, string(t.Role), hash(sec), t.Created, expires)
		return err
	})
	if err != nil {
		return "", Token{}, fmt.Errorf("auth: create token: %w", err)
	}
	return prefix + t.ID + "_" + sec, t, nil
}

func hash(secret string) string {
	h := blake2b.Sum256([]byte(secret))
	return hex.EncodeToString(h[:])
}

// Verify finds the token a plaintext names and checks it is active.
func Verify(ctx context.Context, db *sql.DB, plaintext string) (Token, error) {
	rest, ok := strings.CutPrefix(plaintext, prefix)
	if !ok || len(plaintext) > 200 {
		return Token{}, ErrInvalid
	}
	id, sec, ok := strings.Cut(rest, "_")
	if !ok || id == "" || sec == "" {
		return Token{}, ErrInvalid
	}
	t, stored, err := get(ctx, db, id)
	if errors.Is(err, sql.ErrNoRows) {
		return Token{}, ErrInvalid
	}
	if err != nil {
		return Token{}, err
	}
	if subtle.ConstantTimeCompare([]byte(stored), []byte(hash(sec))) != 1 || !t.Active(time.Now()) {
		return Token{}, ErrInvalid
	}
	return t, nil
}

// ByID returns an active token by its id (a session holds only the id, so
// a revoked or expired token ends its sessions too).
func ByID(ctx context.Context, db *sql.DB, id string) (Token, error) {
	t, _, err := get(ctx, db, id)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !t.Active(time.Now())) {
		return Token{}, ErrInvalid
	}
	return t, err
}

func get(ctx context.Context, db *sql.DB, id string) (Token, string, error) {
	var t Token
	var role, h string
	var exp, rev sql.NullTime
	err := db.QueryRowContext(ctx, `SELECT token_id, name, role, hash, created, expires, revoked FROM tokens WHERE token_id = ?`, id).
		Scan(&t.ID, &t.Name, &role, &h, &t.Created, &exp, &rev)
	t.Role = Role(role)
	if exp.Valid {
		t.Expires = &exp.Time
	}
	if rev.Valid {
		t.Revoked = &rev.Time
	}
	return t, h, err
}

// List returns every token, newest first.
func List(ctx context.Context, db *sql.DB) ([]Token, error) {
	rows, err := db.QueryContext(ctx, `SELECT token_id FROM tokens ORDER BY created DESC`)
	if err != nil {
		return nil, err
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	var out []Token
	for _, id := range ids {
		t, _, err := get(ctx, db, id)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// Revoke ends a token now; Expire sets when it ends.
func Revoke(ctx context.Context, st *store.Store, id string) error {
	return update(ctx, st, id, "revoked", time.Now().UTC())
}

// Expire sets a token's expiry.
func Expire(ctx context.Context, st *store.Store, id string, at time.Time) error {
	return update(ctx, st, id, "expires", at.UTC())
}

func update(ctx context.Context, st *store.Store, id, col string, at time.Time) error {
	return st.Write(ctx, func(ctx context.Context, conn *sql.Conn) error {
		res, err := conn.ExecContext(ctx, "UPDATE tokens SET "+col+" = ? WHERE token_id = ?", at, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("auth: no token %q", id)
		}
		return nil
	})
}
