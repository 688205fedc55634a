package export

import (
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// Copied reports whether an export in format f goes through DuckDB's own
// COPY (…) TO a file: DuckDB formats and compresses on every core as the
// rows come, holding little memory whatever their number. CSV and Parquet
// files are then sent as they are; Arrow IPC is read back from a Parquet
// file one batch at a time. The direct Arrow path (Stream) would first
// materialise the whole result in DuckDB, because duckdb-go runs queries
// through the non-streaming pending API.
func Copied(f Format) bool { return f == CSV || f == Parquet || f == Arrow }

// CopyTo writes the rows of query (one checked SELECT, with its arguments)
// to w in format f (Copied), through a file in dir: a directory DuckDB may
// write (the store's spill directory). conn must be the connection the
// caller's read-only transaction and deadline hold. start runs before the
// first byte goes to w (an HTTP answer sets its headers there), with the
// size when known, else -1. The file is removed.
func CopyTo(ctx context.Context, conn *sql.Conn, query string, args []any, f Format, p Provenance, dir string,
	w io.Writer, start func(size int64)) (Summary, error) {
	ext := ".parquet"
	if f == CSV {
		ext = ".csv"
	}
	tmp, err := os.CreateTemp(dir, "export-*"+ext)
	if err != nil {
		return Summary{}, err
	}
	path := tmp.Name()
	tmp.Close()
	defer os.Remove(path)

	// DuckDB's own printing of its parse tree: no comment or semicolon to
	// break the parentheses put around it.
	if err := conn.QueryRowContext(ctx, "SELECT json_deserialize_sql(json_serialize_sql(?::VARCHAR))", query).Scan(&query); err != nil {
		return Summary{}, err
	}
	cols, err := describe(ctx, conn, query, args)
	if err != nil {
		return Summary{}, err
	}
	res, err := conn.ExecContext(ctx, copyStatement(query, cols, f, p, path), args...)
	if err != nil {
		return Summary{}, err
	}
	rows, _ := res.RowsAffected()
	if start == nil {
		start = func(int64) {}
	}
	if f == Arrow {
		start(-1)
		sum, err := ipcFromParquet(ctx, path, cols, w, p)
		return sum, err
	}
	var header []byte
	if f == CSV { // apart: COPY would rename repeated column names
		names := make([]string, len(cols))
		for i, c := range cols {
			names[i] = c.name
		}
		if header, _, err = csvLines(false, func(cw *csv.Writer) (int64, error) { return 0, cw.Write(names) }); err != nil {
			return Summary{}, err
		}
	}
	fh, err := os.Open(path)
	if err != nil {
		return Summary{}, err
	}
	defer fh.Close()
	info, err := fh.Stat()
	if err != nil {
		return Summary{}, err
	}
	start(int64(len(header)) + info.Size())
	if _, err := w.Write(header); err != nil {
		return Summary{}, err
	}
	_, err = io.Copy(w, fh)
	return Summary{Rows: rows}, err
}

type column struct{ name, typ string }

// describe reads the statement's column names and types: DESCRIBE plans
// the statement without running it.
func describe(ctx context.Context, conn *sql.Conn, query string, args []any) ([]column, error) {
	rows, err := conn.QueryContext(ctx, "DESCRIBE "+query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []column
	for rows.Next() {
		var c column
		var null, key, def, extra any
		if err := rows.Scan(&c.name, &c.typ, &null, &key, &def, &extra); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// copyStatement is the COPY that writes query as the Stream writers would:
// CSV with lists joined by "|", timestamps in RFC 3339 (UTC) and decimals
// in their shortest form; Parquet (also the way to Arrow) with HUGEINT as
// DECIMAL(38,0), which DuckDB would otherwise write as DOUBLE, and the
// provenance as key/value metadata.
func copyStatement(query string, cols []column, f Format, p Provenance, path string) string {
	exprs := make([]string, len(cols))
	renamed := make([]string, len(cols))
	changed := false
	for i, c := range cols {
		col := fmt.Sprintf("c%d", i+1)
		renamed[i] = col
		e := col
		switch {
		case f != CSV && (c.typ == "HUGEINT" || c.typ == "UHUGEINT"):
			e = "CAST(" + col + " AS DECIMAL(38,0))"
		case f != CSV:
		case strings.HasSuffix(c.typ, "[]"):
			e = "array_to_string(" + col + ", '|')"
		case c.typ == "TIMESTAMP WITH TIME ZONE" || c.typ == "TIMESTAMPTZ":
			e = rfc3339("timezone('UTC', " + col + ")")
		case strings.HasPrefix(c.typ, "TIMESTAMP"):
			e = rfc3339(col)
		case decimals(c.typ):
			e = "rtrim(rtrim(CAST(" + col + " AS VARCHAR), '0'), '.')" // 0.500 as 0.5
		}
		changed = changed || e != col
		exprs[i] = e + " AS " + ident(c.name)
	}
	if changed { // columns renamed by position: names may repeat
		query = "SELECT " + strings.Join(exprs, ", ") + " FROM (" + query + ") AS t(" + strings.Join(renamed, ", ") + ")"
	}
	target := literal(filepath.Clean(path))
	switch f {
	case CSV:
		// CRLF as RFC 4180 and the header (csvLines) end their lines.
		return fmt.Sprintf("COPY (%s) TO %s (FORMAT csv, HEADER false, NEW_LINE E'\\r\\n')", query, target)
	case Arrow: // read back at once: light compression
		return fmt.Sprintf("COPY (%s) TO %s (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 131072)", query, target)
	}
	var kv []string
	for _, pair := range p.Pairs() {
		kv = append(kv, literal("osservatorio."+pair[0])+": "+literal(pair[1]))
	}
	return fmt.Sprintf("COPY (%s) TO %s (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 131072, KV_METADATA {%s})",
		query, target, strings.Join(kv, ", "))
}

// ipcFromParquet streams a Parquet file as an Arrow IPC stream, one batch
// at a time, its columns named as the statement names them.
func ipcFromParquet(ctx context.Context, path string, cols []column, w io.Writer, p Provenance) (Summary, error) {
	pf, err := file.OpenParquetFile(path, false)
	if err != nil {
		return Summary{}, err
	}
	defer pf.Close()
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{BatchSize: 64 << 10}, memory.DefaultAllocator)
	if err != nil {
		return Summary{}, err
	}
	rr, err := fr.GetRecordReader(ctx, nil, nil)
	if err != nil {
		return Summary{}, err
	}
	defer rr.Release()
	return writeIPC(w, &renamed{RecordReader: rr, schema: renameFields(rr.Schema(), cols)}, p)
}

func renameFields(s *arrow.Schema, cols []column) *arrow.Schema {
	fields := s.Fields()
	for i := range fields {
		if i < len(cols) {
			fields[i].Name = cols[i].name
		}
	}
	md := s.Metadata()
	return arrow.NewSchema(fields, &md)
}

// renamed is a record reader whose batches carry another schema (the same
// columns, other names).
type renamed struct {
	array.RecordReader
	schema *arrow.Schema
	cur    arrow.RecordBatch
}

func (r *renamed) Schema() *arrow.Schema { return r.schema }

func (r *renamed) Next() bool {
	if r.cur != nil {
		r.cur.Release()
		r.cur = nil
	}
	if !r.RecordReader.Next() {
		return false
	}
	b := r.RecordReader.RecordBatch()
	r.cur = array.NewRecordBatch(r.schema, b.Columns(), b.NumRows())
	return true
}

func (r *renamed) RecordBatch() arrow.RecordBatch { return r.cur }
func (r *renamed) Record() arrow.RecordBatch      { return r.cur }

// decimals reports whether a column is a DECIMAL with digits after the
// point: DECIMAL(p,s) with s > 0.
func decimals(typ string) bool {
	var p, s int
	n, _ := fmt.Sscanf(typ, "DECIMAL(%d,%d)", &p, &s)
	return n == 2 && s > 0
}

// rfc3339 formats a UTC timestamp as Go's time.RFC3339Nano does: trailing
// zeros of the fraction dropped, Z for UTC.
func rfc3339(col string) string {
	return `regexp_replace(strftime(` + col + `, '%Y-%m-%dT%H:%M:%S.%f'), '\.?0+$', '') || 'Z'`
}

func literal(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func ident(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
