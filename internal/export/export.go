// Package export streams query results to files: CSV and JSON now; the
// researchers' formats (Parquet, Arrow IPC, XLSX) build on the same shape.
package export

import (
	"bufio"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"
)

// Formats lists the formats Write knows.
var Formats = []string{"csv", "json"}

// Write streams rows to w in the given format and returns how many rows.
func Write(w io.Writer, format string, rows *sql.Rows) (int64, error) {
	switch format {
	case "csv":
		return writeCSV(w, rows)
	case "json":
		return writeJSON(w, rows)
	}
	return 0, fmt.Errorf("unknown format %q (use one of %v)", format, Formats)
}

func scanner(rows *sql.Rows) ([]string, []any, []any, error) {
	cols, err := rows.Columns()
	if err != nil {
		return nil, nil, nil, err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	return cols, vals, ptrs, nil
}

func writeCSV(w io.Writer, rows *sql.Rows) (int64, error) {
	cols, vals, ptrs, err := scanner(rows)
	if err != nil {
		return 0, err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(cols); err != nil {
		return 0, err
	}
	rec := make([]string, len(cols))
	var n int64
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return n, err
		}
		for i, v := range vals {
			rec[i] = Text(v)
		}
		if err := cw.Write(rec); err != nil {
			return n, err
		}
		n++
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return n, err
	}
	return n, rows.Err()
}

// writeJSON writes a JSON array of objects whose keys keep the column order.
func writeJSON(w io.Writer, rows *sql.Rows) (int64, error) {
	cols, vals, ptrs, err := scanner(rows)
	if err != nil {
		return 0, err
	}
	keys := make([][]byte, len(cols))
	for i, c := range cols {
		keys[i], _ = json.Marshal(c)
	}
	bw := bufio.NewWriter(w)
	bw.WriteString("[")
	var n int64
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return n, err
		}
		if n > 0 {
			bw.WriteString(",")
		}
		bw.WriteString("\n{")
		for i := range cols {
			if i > 0 {
				bw.WriteString(",")
			}
			b, err := json.Marshal(JSONValue(vals[i]))
			if err != nil {
				return n, err
			}
			bw.Write(keys[i])
			bw.WriteString(":")
			bw.Write(b)
		}
		bw.WriteString("}")
		n++
	}
	bw.WriteString("\n]\n")
	if err := bw.Flush(); err != nil {
		return n, err
	}
	return n, rows.Err()
}

// Text renders a scanned value as CSV text: NULL as empty, dates as
// YYYY-MM-DD, floats in the shortest exact form.
func Text(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case []byte:
		return string(x)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case float32:
		return strconv.FormatFloat(float64(x), 'g', -1, 32)
	case time.Time:
		return timeText(x)
	case bool:
		return strconv.FormatBool(x)
	}
	if b, err := json.Marshal(v); err == nil {
		if s := string(b); len(s) > 0 && s[0] != '"' {
			return s
		}
	}
	return fmt.Sprint(v)
}

// JSONValue converts a scanned value into something encoding/json renders
// well (dates as text, bytes as text).
func JSONValue(v any) any {
	switch x := v.(type) {
	case []byte:
		return string(x)
	case time.Time:
		return timeText(x)
	}
	return v
}

func timeText(t time.Time) string {
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
		return t.Format(time.DateOnly)
	}
	return t.Format(time.RFC3339)
}
