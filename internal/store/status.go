package store

import (
	"context"
	"time"
)

// RecordTables are the tables of the record kinds: the six participation
// kinds in dependency order, then guideline adoptions (the seventh kind, which
// no other kind refers to; last so the six keep their positions).
var RecordTables = []string{"organisations", "bodies", "memberships", "meetings", "attendance", "contributions",
	"guideline_adoptions"}

// TableCount is the row count of one table.
type TableCount struct {
	Name string `json:"name"`
	Rows int64  `json:"rows"`
}

// LoadSummary is one line of the load log.
type LoadSummary struct {
	ID           int64     `json:"load_id"`
	File         string    `json:"file"`
	Kind         string    `json:"kind"`
	Outcome      string    `json:"outcome"`
	Reason       string    `json:"reason,omitempty"`
	Message      string    `json:"message,omitempty"`
	RowsRead     int64     `json:"rows_read"`
	RowsLoaded   int64     `json:"rows_loaded"`
	RowsRejected int64     `json:"rows_rejected"`
	Started      time.Time `json:"started"`
	Finished     time.Time `json:"finished"`
	Source       string    `json:"source,omitempty"`
	DataVersion  int64     `json:"data_version,omitempty"`
}

// Status is the state of the store.
type Status struct {
	DataVersion int64         `json:"data_version"`
	Tables      []TableCount  `json:"tables"`
	Loads       []LoadSummary `json:"loads"`
}

// Status reports the data version, row counts and the last n loads.
func (s *Store) Status(ctx context.Context, n int) (Status, error) {
	var st Status
	var err error
	if st.DataVersion, err = s.DataVersion(ctx); err != nil {
		return st, err
	}
	for _, t := range append(RecordTables, "rejects", "loads") {
		var c int64
		if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM "+t).Scan(&c); err != nil {
			return st, err
		}
		st.Tables = append(st.Tables, TableCount{t, c})
	}
	st.Loads, err = s.Loads(ctx, n, 0)
	return st, err
}

// Loads lists the load log, newest first; n rows after skipping offset.
func (s *Store) Loads(ctx context.Context, n, offset int) ([]LoadSummary, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT load_id, file, coalesce(kind, ''), outcome, coalesce(reason, ''),
		coalesce(message, ''), rows_read, rows_loaded, rows_rejected, started, finished, coalesce(source, ''),
		coalesce(data_version, 0) FROM loads ORDER BY load_id DESC LIMIT ? OFFSET ?`, n, offset)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []LoadSummary
	for rows.Next() {
		var l LoadSummary
		if err := rows.Scan(&l.ID, &l.File, &l.Kind, &l.Outcome, &l.Reason, &l.Message, &l.RowsRead,
			&l.RowsLoaded, &l.RowsRejected, &l.Started, &l.Finished, &l.Source, &l.DataVersion); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// RejectRow is one stored reject.
type RejectRow struct {
	LoadID     int64  `json:"load_id"`
	File       string `json:"file"`
	Line       int64  `json:"line"`
	Column     string `json:"column"`
	FileColumn string `json:"file_column"`
	Value      string `json:"value,omitempty"`
	Reason     string `json:"reason"`
	Detail     string `json:"detail"`
}

// Rejects lists up to n rejects of one load, by line.
func (s *Store) Rejects(ctx context.Context, loadID int64, n int) ([]RejectRow, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT load_id, file, line, coalesce("column", ''), coalesce(file_column, ''),
		coalesce(value, ''), reason, coalesce(detail, '') FROM rejects WHERE load_id = ? ORDER BY line, "column" LIMIT ?`, loadID, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []RejectRow{}
	for rows.Next() {
		var r RejectRow
		if err := rows.Scan(&r.LoadID, &r.File, &r.Line, &r.Column, &r.FileColumn, &r.Value, &r.Reason, &r.Detail); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
