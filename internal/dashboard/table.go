package dashboard

import (
	"database/sql"
	"math"
	"math/big"
)

// Table is a panel's data: what the chart draws, the data table shows and
// the CSV download holds. Cells are nil, string, bool, time.Time, int64,
// float64 or Suppressed.
type Table struct {
	Columns []string
	Rows    [][]any
}

// Suppressed is a cell withheld by a small-cell rule: pages show "< 3",
// downloads leave it empty, charts draw nothing for it.
type Suppressed struct{}

// Col returns the index of a column, or -1.
func (t Table) Col(name string) int {
	for i, c := range t.Columns {
		if c == name {
			return i
		}
	}
	return -1
}

// AnySuppressed reports whether a row has a withheld cell.
func AnySuppressed(row []any) bool {
	for _, v := range row {
		if _, ok := v.(Suppressed); ok {
			return true
		}
	}
	return false
}

// Number reads a table cell as a number; ok is false for NULL, text and
// suppressed cells.
func Number(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case int64:
		return float64(x), true
	}
	return 0, false
}

// readTable scans rows into a Table, turning every numeric type DuckDB
// returns (HUGEINT as *big.Int, DECIMAL, unsigned and small integers, FLOAT)
// into int64 or float64, so that charts, tables and downloads treat them
// alike.
func readTable(rows *sql.Rows) (Table, error) {
	cols, err := rows.Columns()
	if err != nil {
		return Table{}, err
	}
	t := Table{Columns: cols}
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return t, err
		}
		for i, v := range vals {
			vals[i] = normalise(v)
		}
		t.Rows = append(t.Rows, vals)
	}
	return t, rows.Err()
}

// normalise maps a scanned numeric value to int64 or float64.
func normalise(v any) any {
	switch x := v.(type) {
	case int8:
		return int64(x)
	case int16:
		return int64(x)
	case int32:
		return int64(x)
	case int:
		return int64(x)
	case uint8:
		return int64(x)
	case uint16:
		return int64(x)
	case uint32:
		return int64(x)
	case uint64:
		if x <= math.MaxInt64 {
			return int64(x)
		}
		return float64(x)
	case float32:
		return float64(x)
	case *big.Int:
		if x == nil {
			return nil
		}
		if x.IsInt64() {
			return x.Int64()
		}
		f, _ := new(big.Float).SetInt(x).Float64()
		return f
	case interface{ Float64() float64 }: // duckdb.Decimal
		return x.Float64()
	case interface{ Float64() (float64, error) }:
		if f, err := x.Float64(); err == nil {
			return f
		}
	}
	return v
}
