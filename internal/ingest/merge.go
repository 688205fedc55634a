package ingest

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/duckdb/duckdb-go/v2"

	"osservatorio/internal/store"
	"osservatorio/internal/tabular"
)

// stageAndMerge streams the validated rows straight into the kind's table,
// confirms duplicate keys in SQL when hashing suspected some, replaces the rows
// the file corrects (keeping them in history), and records the load and the
// new data version, all in one transaction: a failure leaves nothing behind.
func stageAndMerge(ctx context.Context, st *store.Store, rd tabular.Reader, l *layout, r *Result, opt Options) error {
	k := l.kind
	return st.Write(ctx, func(ctx context.Context, conn *sql.Conn) error {
		var version, loadID int64
		if err := conn.QueryRowContext(ctx, `SELECT (SELECT coalesce(max(version), 0) + 1 FROM data_versions),
			(SELECT coalesce(max(load_id), 0) + 1 FROM loads)`).Scan(&version, &loadID); err != nil {
			return err
		}
		known, err := knownKeys(ctx, conn, k)
		if err != nil {
			return err
		}
		var existing bool
		if err := conn.QueryRowContext(ctx, fmt.Sprintf("SELECT EXISTS (SELECT 1 FROM %s)", k.Name)).Scan(&existing); err != nil {
			return err
		}

		// Parse and validate in one goroutine while DuckDB inserts the batches.
		s := newStager(l, known)
		s.maxCell = opt.Limits.Resolved().MaxCellBytes
		batches := make(chan arrow.RecordBatch, 2)
		produced := make(chan error, 1)
		suspects := 0
		go func() {
			err := func() error {
				defer close(batches)
				return s.run(ctx, rd, batches, &r.RowsRead)
			}()
			if err == nil {
				suspects = s.suspects() // while DuckDB finishes the insert
			}
			produced <- err
		}()
		reader := newBatchReader(k.schema(), batches)
		err = insertStream(ctx, conn, reader, k, version, loadID)
		reader.Release()
		if perr := <-produced; perr != nil {
			return perr
		}
		if err != nil {
			return err
		}

		var dupRows int64
		if suspects > 0 {
			if dupRows, err = rejectDuplicates(ctx, conn, l, loadID, r.File); err != nil {
				return err
			}
		}
		if existing {
			if err := replace(ctx, conn, k, version, loadID); err != nil {
				return err
			}
		}
		if err := appendRejects(conn, loadID, r.File, s.rejects); err != nil {
			return err
		}
		if r.Rejects, err = readRejects(ctx, conn, loadID); err != nil {
			return err
		}
		r.LoadID, r.DataVersion, r.Outcome = loadID, version, Loaded
		r.RowsLoaded = int64(s.rows) - dupRows
		r.RowsRejected = int64(s.badRows) + dupRows
		if opt.AllOrNothing && r.RowsRejected > 0 {
			return errRowsRejected // the transaction rolls back: rows, rejects, version
		}
		r.Finished = time.Now().UTC()
		if err := insertLoad(ctx, conn, r, opt); err != nil {
			return err
		}
		_, err = conn.ExecContext(ctx, "INSERT INTO data_versions VALUES (?, ?, ?)", version, loadID, r.Finished)
		return err
	})
}

// knownKeys reads, for each reference of kind k, the keys its target table
// holds now (inside the write transaction, so earlier files of a batch count).
func knownKeys(ctx context.Context, conn *sql.Conn, k *Kind) ([]map[string]bool, error) {
	out := make([]map[string]bool, len(k.refs))
	for i, rf := range k.refs {
		rows, err := conn.QueryContext(ctx, fmt.Sprintf("SELECT DISTINCT %s FROM %s", rf.target, rf.table))
		if err != nil {
			return nil, err
		}
		set := map[string]bool{}
		for rows.Next() {
			var v string
			if err := rows.Scan(&v); err != nil {
				rows.Close()
				return nil, err
			}
			set[v] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		out[i] = set
	}
	return out, nil
}

// run reads every record, validates it and sends full batches.
func (s *stager) run(ctx context.Context, rd tabular.Reader, out chan<- arrow.RecordBatch, read *int64) error {
	for {
		rec, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			var tr *tabular.Refusal
			if errors.As(err, &tr) {
				return &RefusalError{Reason: tr.Code, Detail: tr.Detail}
			}
			return &RefusalError{Reason: "bad_format", Detail: err.Error()}
		}
		*read++
		if rec.Err != "" {
			s.rejectRow(rec.Line, rec.Err, rec.Detail)
			continue
		}
		s.add(rec.Line, rec.Values)
		if s.full() {
			if err := ctx.Err(); err != nil {
				return err
			}
			out <- s.flush()
		}
	}
	if b := s.flush(); b != nil {
		out <- b
	}
	return nil
}

// insertStream exposes the Arrow stream to DuckDB and inserts it into the
// kind's table, stamped with the data version and the load.
func insertStream(ctx context.Context, conn *sql.Conn, reader *batchReader, k *Kind, version, loadID int64) error {
	const view = "ingest_stream"
	var release func()
	err := conn.Raw(func(dc any) error {
		ar, err := duckdb.NewArrowFromConn(dc.(driver.Conn))
		if err != nil {
			return err
		}
		release, err = ar.RegisterView(reader, view)
		return err
	})
	if err != nil {
		return err
	}
	defer release()
	cols := strings.Join(quoteAll(columnNames(k)), ", ")
	_, err = conn.ExecContext(ctx, fmt.Sprintf(`INSERT INTO %s (%s, line, data_version, load_id)
		SELECT %s, line, %d, %d FROM %s`, k.Name, cols, cols, version, loadID, view))
	if err != nil {
		return fmt.Errorf("insert %s: %w", k.Name, err)
	}
	_, err = conn.ExecContext(ctx, "DROP VIEW IF EXISTS "+view)
	return err
}

// keyMatch is the SQL condition that rows a and b have the same key (NULL
// matches NULL: a membership without person_id is still one key). Required
// columns compare with "=", which lets DuckDB prune the scan of a large
// table by the new rows' key range; only optional ones need IS NOT
// DISTINCT FROM.
func keyMatch(k *Kind, a, b string) string {
	var m []string
	for _, c := range k.key {
		op := "IS NOT DISTINCT FROM"
		for _, col := range k.columns {
			if col.name == c && col.required {
				op = "="
			}
		}
		m = append(m, fmt.Sprintf("%[1]s.%[3]s %[4]s %[2]s.%[3]s", a, b, quote(c), op))
	}
	return strings.Join(m, " AND ")
}

// rejectDuplicates moves every row of this load whose key an earlier line of
// the same file already gave into rejects; the first stands.
func rejectDuplicates(ctx context.Context, conn *sql.Conn, l *layout, loadID int64, file string) (int64, error) {
	k := l.kind
	var keyFile []string
	for _, c := range k.key {
		keyFile = append(keyFile, l.fileCols[k.columnFor(c)])
	}
	q := fmt.Sprintf(`INSERT INTO rejects
		SELECT ?, ?, line, ?, ?, concat_ws('|', %s), 'duplicate_key', 'the same key was given at line ' || first_line,
		       json_object(%s)::VARCHAR
		FROM (SELECT *, min(line) OVER (PARTITION BY %s) AS first_line FROM %s WHERE load_id = ?)
		WHERE line > first_line`,
		strings.Join(castAll(k.key), ", "), jsonPairs(k), strings.Join(quoteAll(k.key), ", "), k.Name)
	res, err := conn.ExecContext(ctx, q, loadID, file, strings.Join(k.key, "+"), strings.Join(keyFile, "+"), loadID)
	if err != nil {
		return 0, fmt.Errorf("duplicate keys: %w", err)
	}
	n, _ := res.RowsAffected()
	if n > 0 {
		_, err = conn.ExecContext(ctx, fmt.Sprintf(`DELETE FROM %s WHERE load_id = ? AND line IN
			(SELECT line FROM rejects WHERE load_id = ? AND reason = 'duplicate_key')`, k.Name), loadID, loadID)
	}
	return n, err
}

// replace moves the rows this load corrects (same key, older load) to the
// history table and deletes them. A semi join with the load's rows, not a
// correlated EXISTS: a monthly file of a few rows then costs a pruned scan
// of a 10 M-row table (0.1 s), not a full one (4 s, twice).
func replace(ctx context.Context, conn *sql.Conn, k *Kind, version, loadID int64) error {
	older := fmt.Sprintf(`SELECT o.rowid FROM %[1]s o
		SEMI JOIN (SELECT * FROM %[1]s WHERE load_id = %[2]d) n ON %[3]s
		WHERE o.load_id <> %[2]d`, k.Name, loadID, keyMatch(k, "o", "n"))
	var n int64
	if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM ("+older+")").Scan(&n); err != nil {
		return fmt.Errorf("replace %s: %w", k.Name, err)
	}
	if n == 0 {
		return nil
	}
	for _, q := range []string{
		fmt.Sprintf("INSERT INTO %s_history SELECT *, %d FROM %s WHERE rowid IN (%s)", k.Name, version, k.Name, older),
		fmt.Sprintf("DELETE FROM %s WHERE rowid IN (%s)", k.Name, older),
	} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("replace %s: %w", k.Name, err)
		}
	}
	return nil
}

// appendRejects writes the rejects found while reading, in bulk.
func appendRejects(conn *sql.Conn, loadID int64, file string, rejects []Reject) error {
	if len(rejects) == 0 {
		return nil
	}
	return conn.Raw(func(dc any) error {
		ap, err := duckdb.NewAppenderFromConn(dc.(driver.Conn), "", "rejects")
		if err != nil {
			return err
		}
		for _, rj := range rejects {
			if err := ap.AppendRow(loadID, file, int64(rj.Line), nullable(rj.Column), nullable(rj.FileColumn),
				rj.Value, rj.Reason, rj.Detail, nullable(rj.Record)); err != nil {
				ap.Close()
				return err
			}
		}
		return ap.Close()
	})
}

// readRejects returns the first 1000 rejects of a load (all are in the table).
func readRejects(ctx context.Context, conn *sql.Conn, loadID int64) ([]Reject, error) {
	rows, err := conn.QueryContext(ctx, `SELECT line, coalesce("column", ''), coalesce(file_column, ''), coalesce(value, ''),
		reason, coalesce(detail, '') FROM rejects WHERE load_id = ? ORDER BY line, "column" LIMIT 1000`, loadID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Reject
	for rows.Next() {
		var rj Reject
		if err := rows.Scan(&rj.Line, &rj.Column, &rj.FileColumn, &rj.Value, &rj.Reason, &rj.Detail); err != nil {
			return nil, err
		}
		out = append(out, rj)
	}
	return out, rows.Err()
}

func insertLoad(ctx context.Context, conn *sql.Conn, r *Result, opt Options) error {
	_, err := conn.ExecContext(ctx, `INSERT INTO loads (load_id, file, path, size, sha256, kind, format, encoding,
		rows_read, rows_loaded, rows_rejected, started, finished, outcome, reason, message,
		dropped_columns, ignored_columns, source, data_version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, from_json(?, '["VARCHAR"]'), from_json(?, '["VARCHAR"]'), ?, ?)`,
		r.LoadID, r.File, r.Path, r.Size, r.SHA256, nullable(r.Kind), nullable(r.Format), nullable(r.Encoding),
		r.RowsRead, r.RowsLoaded, r.RowsRejected, r.Started, r.Finished, r.Outcome, nullable(r.Reason), nullable(r.Message),
		listJSON(r.Dropped), listJSON(r.Ignored), nullable(opt.Source), nullZero(r.DataVersion))
	return err
}

// recordRefusal logs a refused file. Nothing else changes: no rows, no
// rejects, no new data version.
func recordRefusal(ctx context.Context, st *store.Store, r *Result, opt Options) error {
	return st.Write(ctx, func(ctx context.Context, conn *sql.Conn) error {
		if err := conn.QueryRowContext(ctx, "SELECT coalesce(max(load_id), 0) + 1 FROM loads").Scan(&r.LoadID); err != nil {
			return err
		}
		return insertLoad(ctx, conn, r, opt)
	})
}

func columnNames(k *Kind) []string {
	out := make([]string, len(k.columns))
	for i, c := range k.columns {
		out[i] = c.name
	}
	return out
}

func quote(name string) string { return `"` + name + `"` }

func quoteAll(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = quote(n)
	}
	return out
}

func castAll(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = quote(n) + "::VARCHAR"
	}
	return out
}

func jsonPairs(k *Kind) string {
	var p []string
	for _, c := range k.columns {
		p = append(p, fmt.Sprintf("'%s', %s", c.name, quote(c.name)))
	}
	return strings.Join(p, ", ")
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullZero(v int64) any {
	if v == 0 {
		return nil
	}
	return v
}

// listJSON passes a string list as JSON, read back with from_json.
func listJSON(items []string) any {
	if len(items) == 0 {
		return nil
	}
	b, _ := json.Marshal(items)
	return string(b)
}
