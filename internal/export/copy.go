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
)

// Copied reports whether DuckDB writes format f itself. For CSV and Parquet
// an export runs as COPY (…) TO a file, which DuckDB formats and compresses
// on every core as the rows come, holding little memory whatever their
// number; the file is then sent. The Arrow path (Stream) would first
// materialise the whole result in DuckDB, because duckdb-go runs queries
// through the non-streaming pending API, and format on one or two cores.
func Copied(f Format) bool { return f == CSV || f == Parquet }

// CopyTo writes the rows of query (one checked SELECT, with its arguments)
// to w in format f (Copied), through a file in dir: a directory DuckDB may
// write (the store's spill directory). conn must be the connection the
// caller's read-only transaction and deadline hold. start runs once the file
// is complete, before its first byte goes to w (an HTTP answer sets its
// headers there), with the file's size. The file is removed.
func CopyTo(ctx context.Context, conn *sql.Conn, query string, args []any, f Format, p Provenance, dir string,
	w io.Writer, start func(size int64)) (Summary, error) {
	tmp, err := os.CreateTemp(dir, "export-*"+f.Extension())
	if err != nil {
		return Summary{}, err
	}
	path := tmp.Name()
	tmp.Close()
	defer os.Remove(path)
	stmt, header, err := copyStatement(ctx, conn, query, args, f, p, path)
	if err != nil {
		return Summary{}, err
	}
	res, err := conn.ExecContext(ctx, stmt, args...)
	if err != nil {
		return Summary{}, err
	}
	rows, _ := res.RowsAffected()
	file, err := os.Open(path)
	if err != nil {
		return Summary{}, err
	}
	defer file.Close()
	info, err := file.Stat()
	if err != nil {
		return Summary{}, err
	}
	if start != nil {
		start(int64(len(header)) + info.Size())
	}
	if _, err := w.Write(header); err != nil {
		return Summary{}, err
	}
	_, err = io.Copy(w, file)
	return Summary{Rows: rows}, err
}

// copyStatement is the COPY that writes query as the Stream writers would:
// CSV with lists joined by "|" and timestamps in RFC 3339 (UTC), Parquet
// with the provenance as key/value metadata. A CSV's header line comes
// apart: COPY would rename repeated column names.
func copyStatement(ctx context.Context, conn *sql.Conn, query string, args []any, f Format, p Provenance, path string) (string, []byte, error) {
	// DuckDB's own printing of its parse tree: no comment or semicolon to
	// break the parentheses around it.
	if err := conn.QueryRowContext(ctx, "SELECT json_deserialize_sql(json_serialize_sql(?::VARCHAR))", query).Scan(&query); err != nil {
		return "", nil, err
	}
	target := literal(filepath.Clean(path))
	switch f {
	case Parquet:
		var kv []string
		for _, pair := range p.Pairs() {
			kv = append(kv, literal("osservatorio."+pair[0])+": "+literal(pair[1]))
		}
		return fmt.Sprintf("COPY (%s) TO %s (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 131072, KV_METADATA {%s})",
			query, target, strings.Join(kv, ", ")), nil, nil
	case CSV:
		names, sel, err := csvColumns(ctx, conn, query, args)
		if err != nil {
			return "", nil, err
		}
		if sel != "" { // columns renamed by position: names may repeat
			cols := make([]string, len(names))
			for i := range cols {
				cols[i] = fmt.Sprintf("c%d", i+1)
			}
			query = "SELECT " + sel + " FROM (" + query + ") AS t(" + strings.Join(cols, ", ") + ")"
		}
		header, _, err := csvLines(false, func(cw *csv.Writer) (int64, error) { return 0, cw.Write(names) })
		if err != nil {
			return "", nil, err
		}
		return fmt.Sprintf("COPY (%s) TO %s (FORMAT csv, HEADER false)", query, target), header, nil
	}
	return "", nil, fmt.Errorf("export: DuckDB does not write %s", f)
}

// csvColumns reads the statement's column names and types (DESCRIBE: the
// statement is planned, not run) and returns the names and the select
// list, over the columns renamed c1…cn, that gives the Stream writer's
// text for lists, timestamps and decimals; "" when DuckDB writes every
// column as it is.
func csvColumns(ctx context.Context, conn *sql.Conn, query string, args []any) ([]string, string, error) {
	rows, err := conn.QueryContext(ctx, "DESCRIBE "+query, args...)
	if err != nil {
		return nil, "", err
	}
	defer rows.Close()
	var names, cols []string
	changed := false
	for rows.Next() {
		var name, typ string
		var null, key, def, extra any
		if err := rows.Scan(&name, &typ, &null, &key, &def, &extra); err != nil {
			return nil, "", err
		}
		names = append(names, name)
		col := fmt.Sprintf("c%d", len(names))
		switch {
		case strings.HasSuffix(typ, "[]"):
			col, changed = "array_to_string("+col+", '|')", true
		case typ == "TIMESTAMP WITH TIME ZONE", typ == "TIMESTAMPTZ":
			col, changed = rfc3339("timezone('UTC', "+col+")"), true
		case strings.HasPrefix(typ, "TIMESTAMP"):
			col, changed = rfc3339(col), true
		case decimals(typ):
			// 0.500 as 0.5: the shortest form, as for every other number.
			col, changed = "rtrim(rtrim(CAST("+col+" AS VARCHAR), '0'), '.')", true
		}
		cols = append(cols, col+" AS "+ident(name))
	}
	if err := rows.Err(); err != nil || !changed {
		return names, "", err
	}
	return names, strings.Join(cols, ", "), nil
}

// decimals reports whether a column is a DECIMAL with digits after the
// point: DECIMAL(p,s) with s > 0 (the driver reports no DecimalSize).
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
