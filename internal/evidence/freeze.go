package evidence

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"osservatorio/internal/store"
)

// Freeze ends a draft: it builds the pack's ZIP (values, queries, report,
// README, manifest), stores it with its manifest's SHA-256 and the time,
// and from then on the pack never changes.
func Freeze(ctx context.Context, st *store.Store, id string, env Env) (*Pack, error) {
	var out *Pack
	err := st.Write(ctx, func(ctx context.Context, conn *sql.Conn) error {
		p, err := Get(ctx, st.DB(), id)
		if err != nil {
			return err
		}
		if p.Frozen() {
			return ErrFrozen
		}
		if len(p.Items) == 0 {
			return &InputError{"items", "a pack needs at least one item before it is frozen"}
		}
		t := time.Now().UTC().Truncate(time.Second)
		p.FrozenAt = &t
		data, digest, err := bundle(ctx, st.DB(), p, env)
		if err != nil {
			return err
		}
		res, err := conn.ExecContext(ctx, `UPDATE evidence_packs SET frozen_at = ?, digest = ?, zip = ? WHERE id = ? AND frozen_at IS NULL`,
			t, digest, data, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return ErrFrozen
		}
		p.Digest, out = digest, p
		return nil
	})
	if err != nil {
		return nil, wrap("freeze", err)
	}
	return out, nil
}

// ZIP returns the stored ZIP of a frozen pack: the bytes frozen, whatever
// loads came after.
func ZIP(ctx context.Context, db *sql.DB, id string) ([]byte, error) {
	if !ValidID(id) {
		return nil, ErrNotFound
	}
	var data []byte
	var frozen sql.NullTime
	err := db.QueryRowContext(ctx, "SELECT zip, frozen_at FROM evidence_packs WHERE id = ?", id).Scan(&data, &frozen)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, ErrNotFound
	case err != nil:
		return nil, fmt.Errorf("evidence: %s: %w", id, err)
	case !frozen.Valid:
		return nil, ErrDraft
	}
	return data, nil
}

// wrap names the operation, keeping the errors callers tell apart intact.
func wrap(op string, err error) error {
	var in *InputError
	if errors.Is(err, ErrNotFound) || errors.Is(err, ErrFrozen) || errors.Is(err, ErrDraft) || errors.As(err, &in) {
		return err
	}
	return fmt.Errorf("evidence: %s: %w", op, err)
}
