package evidence

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"time"

	"osservatorio/internal/guideline"
	"osservatorio/internal/indicator"
	"osservatorio/internal/store"
	"osservatorio/queries"
)

// Create stores a new draft pack on a stored snapshot and returns its id.
func Create(ctx context.Context, st *store.Store, m Meta, snap indicator.Snapshot) (string, error) {
	if err := m.check(); err != nil {
		return "", err
	}
	if snap.Zero() {
		return "", &InputError{"as_of", "no snapshot is stored: compute one first (osservatorio indicators)"}
	}
	var id string
	err := st.Write(ctx, func(ctx context.Context, conn *sql.Conn) error {
		now := time.Now().UTC().Truncate(time.Second)
		var err error
		if id, err = nextID(ctx, conn, now); err != nil {
			return err
		}
		authors := m.Authors
		if authors == nil {
			authors = []string{}
		}
		_, err = conn.ExecContext(ctx, `INSERT INTO evidence_packs (id, title, authors, purpose, created_at, created_by, data_version, as_of)
			VALUES (?, ?, ?, ?, ?, ?, ?, CAST(? AS DATE))`, id, m.Title, authors, m.Purpose, now, m.CreatedBy, snap.DataVersion, snap.AsOf)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("evidence: create: %w", err)
	}
	return id, nil
}

// AddIndicators adds one item per indicator × scope × period, with the
// values of the pack's snapshot; an item the pack holds already is skipped.
// It returns how many items were added.
func AddIndicators(ctx context.Context, st *store.Store, id string, indicators, scopes, periods []string) (int, error) {
	defs, err := indicator.Catalogue()
	if err != nil {
		return 0, err
	}
	byID := map[string]indicator.Def{}
	for _, d := range defs {
		byID[d.ID] = d
	}
	for _, ind := range indicators {
		if _, ok := byID[ind]; !ok {
			return 0, &InputError{"indicators", fmt.Sprintf("%q is not an indicator of the catalogue", clip(ind))}
		}
	}
	if len(indicators) == 0 || len(scopes) == 0 || len(periods) == 0 {
		return 0, &InputError{"indicators", "give at least one indicator, one scope and one period"}
	}
	if len(indicators)*len(scopes)*len(periods) > MaxItems {
		return 0, &InputError{"indicators", fmt.Sprintf("at most %d items per pack", MaxItems)}
	}
	added := 0
	err = writeDraft(ctx, st, id, func(ctx context.Context, conn *sql.Conn, p *Pack, seq int) error {
		snap := indicator.Snapshot{DataVersion: p.DataVersion, AsOf: p.AsOf}
		for _, ind := range indicators {
			for _, scope := range scopes {
				for _, period := range periods {
					if p.has(ind, scope, period) {
						continue
					}
					vals, err := indicator.SnapshotValues(ctx, st.DB(), snap, indicator.Filter{Indicator: ind, Scope: scope, WithCounts: true})
					if err != nil {
						return err
					}
					var sel, trend []indicator.Value
					for _, v := range vals {
						if v.Period == period {
							sel = append(sel, v)
						}
						if v.Period != "all" {
							trend = append(trend, v)
						}
					}
					if len(sel) == 0 {
						return &InputError{"indicators", fmt.Sprintf("%s has no value for scope %q and period %q in the snapshot of data version %d, %s",
							ind, clip(scope), clip(period), p.DataVersion, p.AsOf)}
					}
					if len(p.Items)+added >= MaxItems {
						return &InputError{"indicators", fmt.Sprintf("at most %d items per pack", MaxItems)}
					}
					it := Item{Seq: seq + added, Kind: KindIndicator, Indicator: ind, Scope: scope, Period: period,
						SQL: byID[ind].SQL, Values: sel, Trend: trend}
					if err := insertItem(ctx, conn, p.ID, &it); err != nil {
						return err
					}
					added++
				}
			}
		}
		return nil
	})
	return added, err
}

// AddGuideline adds the before/after comparison of one guideline with one
// window (days) on the pack's snapshot.
func AddGuideline(ctx context.Context, st *store.Store, id, guidelineID string, window int) error {
	if window == 0 {
		window = guideline.DefaultWindow
	}
	if _, err := guideline.ParseWindows(fmt.Sprint(window)); err != nil {
		return &InputError{"window", err.Error()}
	}
	q, err := fs.ReadFile(queries.FS, "guidelines/effects.sql")
	if err != nil {
		return err
	}
	return writeDraft(ctx, st, id, func(ctx context.Context, conn *sql.Conn, p *Pack, seq int) error {
		for _, it := range p.Items {
			if it.Kind == KindGuideline && it.Guideline == guidelineID && it.Window == window {
				return nil
			}
		}
		if len(p.Items) >= MaxItems {
			return &InputError{"guideline", fmt.Sprintf("at most %d items per pack", MaxItems)}
		}
		rows, err := guidelineEffects(ctx, st.DB(), p, guidelineID, window)
		if err != nil {
			return err
		}
		if len(rows) == 0 {
			return &InputError{"guideline", fmt.Sprintf("no adoption of %q at data version %d", clip(guidelineID), p.DataVersion)}
		}
		it := Item{Seq: seq, Kind: KindGuideline, Guideline: guidelineID, Window: window, SQL: string(q), Effects: wrapEffects(rows)}
		return insertItem(ctx, conn, p.ID, &it)
	})
}

func guidelineEffects(ctx context.Context, db *sql.DB, p *Pack, g string, window int) ([]guideline.Effect, error) {
	return guideline.Effects(ctx, db, guideline.Params{DataVersion: p.DataVersion, AsOf: p.AsOf, Windows: []int{window}, Guideline: g})
}

// writeDraft runs fn in the single writer on a draft pack; seq is the next
// item number.
func writeDraft(ctx context.Context, st *store.Store, id string, fn func(ctx context.Context, conn *sql.Conn, p *Pack, seq int) error) error {
	return st.Write(ctx, func(ctx context.Context, conn *sql.Conn) error {
		p, err := Get(ctx, st.DB(), id)
		if err != nil {
			return err
		}
		if p.Frozen() {
			return ErrFrozen
		}
		seq := 1
		for _, it := range p.Items {
			seq = max(seq, it.Seq+1)
		}
		return fn(ctx, conn, p, seq)
	})
}

func (p *Pack) has(ind, scope, period string) bool {
	return slices.ContainsFunc(p.Items, func(it Item) bool {
		return it.Kind == KindIndicator && it.Indicator == ind && it.Scope == scope && it.Period == period
	})
}

func insertItem(ctx context.Context, conn *sql.Conn, pack string, it *Item) error {
	sum := sha256.Sum256([]byte(it.SQL))
	it.SQLSHA256 = hex.EncodeToString(sum[:])
	it.AddedAt = time.Now().UTC().Truncate(time.Second)
	var effects any
	if it.Effects != nil {
		b, err := json.Marshal(it.Effects)
		if err != nil {
			return err
		}
		effects = string(b)
	}
	var params any
	if it.Kind == KindQuery {
		b, err := json.Marshal(it.Params) // encoding/json sorts the keys
		if err != nil {
			return err
		}
		params = string(b)
	}
	_, err := conn.ExecContext(ctx, `INSERT INTO evidence_items (pack_id, seq, kind, indicator, scope, period, guideline_id, window_days,
			sql, sql_sha256, effects, query_name, params, result_rows, result_sha256, added_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		pack, it.Seq, it.Kind, null(it.Indicator), null(it.Scope), null(it.Period), null(it.Guideline), nullInt(it.Window),
		it.SQL, it.SQLSHA256, effects, null(it.Query), params, it.ResultRows, null(it.ResultSHA256), it.AddedAt)
	if err != nil {
		return err
	}
	for _, set := range []struct {
		vals  []indicator.Value
		trend bool
	}{{it.Values, false}, {it.Trend, true}} {
		for _, v := range set.vals {
			_, err := conn.ExecContext(ctx, `INSERT INTO evidence_values VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				pack, it.Seq, v.Period, v.Category, set.trend, fval(v.Value), fval(v.Numerator), fval(v.Denominator), v.Estimate, fval(v.ErrorBound))
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// Get reads a pack with its items, values and the loads behind it.
func Get(ctx context.Context, db *sql.DB, id string) (*Pack, error) {
	if !ValidID(id) {
		return nil, ErrNotFound
	}
	p := &Pack{ID: id}
	var authors []any
	var frozen sql.NullTime
	var digest sql.NullString
	err := db.QueryRowContext(ctx, `SELECT title, authors, purpose, created_at, created_by, data_version, strftime(as_of, '%Y-%m-%d'), frozen_at, digest
		FROM evidence_packs WHERE id = ?`, id).Scan(&p.Title, &authors, &p.Purpose, &p.CreatedAt, &p.CreatedBy, &p.DataVersion, &p.AsOf, &frozen, &digest)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("evidence: %s: %w", id, err)
	}
	for _, a := range authors {
		p.Authors = append(p.Authors, fmt.Sprint(a))
	}
	if frozen.Valid {
		t := frozen.Time.UTC()
		p.FrozenAt = &t
	}
	p.Digest = digest.String
	if p.Items, err = items(ctx, db, p); err != nil {
		return nil, err
	}
	if p.Loads, err = loadsBehind(ctx, db, p.DataVersion); err != nil {
		return nil, err
	}
	return p, nil
}

func items(ctx context.Context, db *sql.DB, p *Pack) ([]Item, error) {
	rows, err := db.QueryContext(ctx, `SELECT seq, kind, coalesce(indicator, ''), coalesce(scope, ''), coalesce(period, ''),
		coalesce(guideline_id, ''), coalesce(window_days, 0), sql, sql_sha256, effects,
		coalesce(query_name, ''), params, coalesce(result_rows, 0), coalesce(result_sha256, ''), added_at
		FROM evidence_items WHERE pack_id = ? ORDER BY seq`, p.ID)
	if err != nil {
		return nil, fmt.Errorf("evidence: items: %w", err)
	}
	defer rows.Close()
	var out []Item
	for rows.Next() {
		var it Item
		var effects, params sql.NullString
		if err := rows.Scan(&it.Seq, &it.Kind, &it.Indicator, &it.Scope, &it.Period, &it.Guideline, &it.Window,
			&it.SQL, &it.SQLSHA256, &effects, &it.Query, &params, &it.ResultRows, &it.ResultSHA256, &it.AddedAt); err != nil {
			return nil, err
		}
		if params.Valid {
			if err := json.Unmarshal([]byte(params.String), &it.Params); err != nil {
				return nil, fmt.Errorf("evidence: item %d: %w", it.Seq, err)
			}
		}
		if effects.Valid {
			if err := json.Unmarshal([]byte(effects.String), &it.Effects); err != nil {
				return nil, fmt.Errorf("evidence: item %d: %w", it.Seq, err)
			}
		}
		out = append(out, it)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, values(ctx, db, p, out)
}

func values(ctx context.Context, db *sql.DB, p *Pack, its []Item) error {
	rows, err := db.QueryContext(ctx, `SELECT seq, period, category, trend, value, numerator, denominator, estimate, error_bound
		FROM evidence_values WHERE pack_id = ? ORDER BY seq, trend, period, category`, p.ID)
	if err != nil {
		return fmt.Errorf("evidence: values: %w", err)
	}
	defer rows.Close()
	at := map[int]*Item{}
	for i := range its {
		at[its[i].Seq] = &its[i]
	}
	for rows.Next() {
		var seq int
		var trend bool
		var val, num, den, bound sql.NullFloat64
		v := indicator.Value{DataVersion: p.DataVersion, AsOf: p.AsOf}
		if err := rows.Scan(&seq, &v.Period, &v.Category, &trend, &val, &num, &den, &v.Estimate, &bound); err != nil {
			return err
		}
		v.ErrorBound = ptr(bound)
		it := at[seq]
		if it == nil {
			continue
		}
		v.Indicator, v.Scope = it.Indicator, it.Scope
		v.Value, v.Numerator, v.Denominator = ptr(val), ptr(num), ptr(den)
		if trend {
			it.Trend = append(it.Trend, v)
		} else {
			it.Values = append(it.Values, v)
		}
	}
	return rows.Err()
}

func loadsBehind(ctx context.Context, db *sql.DB, v int64) ([]Load, error) {
	rows, err := db.QueryContext(ctx, `SELECT load_id, file, coalesce(kind, ''), finished, rows_read, rows_loaded, rows_rejected, data_version
		FROM loads WHERE outcome = 'loaded' AND data_version <= ? ORDER BY load_id`, v)
	if err != nil {
		return nil, fmt.Errorf("evidence: loads: %w", err)
	}
	defer rows.Close()
	var out []Load
	for rows.Next() {
		var l Load
		if err := rows.Scan(&l.LoadID, &l.File, &l.Kind, &l.Finished, &l.RowsRead, &l.RowsLoaded, &l.Rejected, &l.DataVersion); err != nil {
			return nil, err
		}
		l.Finished = l.Finished.UTC()
		out = append(out, l)
	}
	return out, rows.Err()
}

// Summary is a pack as lists show it.
type Summary struct {
	ID          string     `json:"id"`
	Title       string     `json:"title"`
	Purpose     string     `json:"purpose"`
	CreatedAt   time.Time  `json:"created_at"`
	DataVersion int64      `json:"data_version"`
	AsOf        string     `json:"as_of"`
	FrozenAt    *time.Time `json:"frozen_at,omitempty"`
	Items       int        `json:"items"`
}

// List returns the packs, newest first: the frozen ones, and the drafts too
// when drafts is true.
func List(ctx context.Context, db *sql.DB, drafts bool) ([]Summary, error) {
	rows, err := db.QueryContext(ctx, `SELECT p.id, p.title, p.purpose, p.created_at, p.data_version, strftime(p.as_of, '%Y-%m-%d'), p.frozen_at,
			(SELECT count(*) FROM evidence_items i WHERE i.pack_id = p.id)
		FROM evidence_packs p WHERE ? OR p.frozen_at IS NOT NULL ORDER BY p.created_at DESC, p.id DESC`, drafts)
	if err != nil {
		return nil, fmt.Errorf("evidence: list: %w", err)
	}
	defer rows.Close()
	out := []Summary{}
	for rows.Next() {
		var s Summary
		var frozen sql.NullTime
		if err := rows.Scan(&s.ID, &s.Title, &s.Purpose, &s.CreatedAt, &s.DataVersion, &s.AsOf, &frozen, &s.Items); err != nil {
			return nil, err
		}
		if frozen.Valid {
			t := frozen.Time.UTC()
			s.FrozenAt = &t
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func ptr(n sql.NullFloat64) *float64 {
	if !n.Valid {
		return nil
	}
	return &n.Float64
}

func fval(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

func null(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullInt(n int) any {
	if n == 0 {
		return nil
	}
	return n
}

// clip keeps error messages short whatever a request sent.
func clip(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
