package indicator

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"osservatorio/internal/store"
)

// Snapshot is one stored refresh: the values computed from one data version
// with one reference date.
type Snapshot struct {
	DataVersion       int64
	AsOf              string // YYYY-MM-DD
	Started, Finished time.Time
	SQL, Network      time.Duration
	Rows              int64
	Published         bool // the snapshot pages show by default
}

// Zero reports whether s names no snapshot (nothing computed yet; an empty
// store's snapshot has data version 0 but a reference date).
func (s Snapshot) Zero() bool { return s.AsOf == "" }

// Snapshots lists the stored refreshes, newest data version first, then
// newest as_of; the published one is marked.
func Snapshots(ctx context.Context, db *sql.DB) ([]Snapshot, error) {
	pub, err := Published(ctx, db)
	if err != nil {
		return nil, err
	}
	rows, err := db.QueryContext(ctx, `SELECT data_version, strftime(as_of, '%Y-%m-%d'), started, finished, sql_ms, network_ms, rows
		FROM indicator_runs ORDER BY data_version DESC, as_of DESC`)
	if err != nil {
		return nil, fmt.Errorf("indicator: snapshots: %w", err)
	}
	defer rows.Close()
	var out []Snapshot
	for rows.Next() {
		var s Snapshot
		var sqlMS, netMS int64
		if err := rows.Scan(&s.DataVersion, &s.AsOf, &s.Started, &s.Finished, &sqlMS, &netMS, &s.Rows); err != nil {
			return nil, err
		}
		s.SQL, s.Network = time.Duration(sqlMS)*time.Millisecond, time.Duration(netMS)*time.Millisecond
		s.Published = s.DataVersion == pub.DataVersion && s.AsOf == pub.AsOf
		out = append(out, s)
	}
	return out, rows.Err()
}

// Published returns the published snapshot: the one the service last
// published (Publish). A database that never had one published (filled by
// the CLI alone) counts its newest stored snapshot, by data version then
// as_of, as published. Zero when nothing is computed.
func Published(ctx context.Context, db *sql.DB) (Snapshot, error) {
	var s Snapshot
	err := db.QueryRowContext(ctx, `SELECT r.data_version, strftime(r.as_of, '%Y-%m-%d'), r.started, r.finished, r.rows
		FROM indicator_runs r LEFT JOIN (SELECT data_version, as_of, max(published_at) AS at
			FROM indicator_published GROUP BY ALL) p USING (data_version, as_of)
		ORDER BY p.at DESC NULLS LAST, r.data_version DESC, r.as_of DESC LIMIT 1`).
		Scan(&s.DataVersion, &s.AsOf, &s.Started, &s.Finished, &s.Rows)
	if errors.Is(err, sql.ErrNoRows) {
		return Snapshot{}, nil
	}
	if err != nil {
		return Snapshot{}, fmt.Errorf("indicator: published snapshot: %w", err)
	}
	s.Published = true
	return s, nil
}

// Publish makes the stored snapshot (dataVersion, asOf) the published one.
// Only the service's refresh policy and explicit commands call it: reading
// never publishes.
func Publish(ctx context.Context, st *store.Store, dataVersion int64, asOf string) error {
	return st.Write(ctx, func(ctx context.Context, conn *sql.Conn) error {
		var n int
		if err := conn.QueryRowContext(ctx, `SELECT count(*) FROM indicator_runs WHERE data_version = ? AND as_of = CAST(? AS DATE)`,
			dataVersion, asOf).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return fmt.Errorf("indicator: publish: no snapshot for data version %d and as_of %s", dataVersion, asOf)
		}
		var cur sql.NullInt64
		var curAsOf sql.NullString
		err := conn.QueryRowContext(ctx, `SELECT data_version, strftime(as_of, '%Y-%m-%d') FROM indicator_published
			ORDER BY published_at DESC LIMIT 1`).Scan(&cur, &curAsOf)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if cur.Int64 == dataVersion && curAsOf.String == asOf {
			return nil // already published: the log keeps one row per change
		}
		_, err = conn.ExecContext(ctx, `INSERT INTO indicator_published VALUES (?, CAST(? AS DATE), ?)`,
			dataVersion, asOf, time.Now().UTC())
		return err
	})
}

// NoSnapshotError says that a requested snapshot is not stored; Available
// lists the ones that are.
type NoSnapshotError struct {
	DataVersion int64
	AsOf        string
	Available   []Snapshot
}

func (e *NoSnapshotError) Error() string {
	var want []string
	if e.DataVersion != 0 {
		want = append(want, fmt.Sprintf("data version %d", e.DataVersion))
	}
	if e.AsOf != "" {
		want = append(want, "as_of "+e.AsOf)
	}
	if len(want) == 0 {
		return "no indicator snapshot is computed yet"
	}
	return "no indicator snapshot for " + strings.Join(want, " and ")
}

// Resolve finds the stored snapshot a request names. Neither given: the
// published one. Both: exactly that one. A data version alone: the
// published snapshot if it is of that version, else that version's greatest
// as_of. An as_of alone: the published snapshot if it has that date, else
// the greatest data version stored at it. A snapshot that is not
// stored is a *NoSnapshotError; nothing is ever computed here.
func Resolve(ctx context.Context, db *sql.DB, dataVersion int64, asOf string) (Snapshot, error) {
	if asOf != "" {
		if _, err := time.Parse(time.DateOnly, asOf); err != nil {
			return Snapshot{}, fmt.Errorf("indicator: as_of %q is not a YYYY-MM-DD date", asOf)
		}
	}
	all, err := Snapshots(ctx, db)
	if err != nil {
		return Snapshot{}, err
	}
	var pub Snapshot
	for _, s := range all {
		if s.Published {
			pub = s
		}
	}
	match := func(s Snapshot) bool {
		return (dataVersion == 0 || s.DataVersion == dataVersion) && (asOf == "" || s.AsOf == asOf)
	}
	if !pub.Zero() && match(pub) {
		return pub, nil
	}
	if dataVersion != 0 || asOf != "" {
		for _, s := range all { // newest version first, then greatest as_of
			if match(s) {
				return s, nil
			}
		}
	}
	return Snapshot{}, &NoSnapshotError{DataVersion: dataVersion, AsOf: asOf, Available: all}
}
