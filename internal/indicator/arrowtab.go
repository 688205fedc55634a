package indicator

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strings"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/duckdb/duckdb-go/v2"
)

// The steps computed in Go (network, rollups) read their inputs from DuckDB
// and write their outputs back as Arrow record batches: whole columns at a
// time, no per-row driver calls.

// interner turns strings (person ids) into dense keys 1, 2, …
type interner map[string]int32

func (in interner) key(s string) int32 {
	k, ok := in[s]
	if !ok {
		k = int32(len(in) + 1)
		in[strings.Clone(s)] = k // s points into an Arrow buffer that is reused
	}
	return k
}

// scanInt32 runs a query whose columns are all integers or booleans (1/0)
// and hands each Arrow batch's columns to fn as []int32 (valid during the
// call only).
func scanInt32(ctx context.Context, conn *sql.Conn, query string, fn func(cols [][]int32)) error {
	return scanKeys(ctx, conn, query, nil, fn)
}

// scanKeys is scanInt32 where string columns are allowed too: they are
// turned into keys by in. NULLs are refused: the queries exclude them.
func scanKeys(ctx context.Context, conn *sql.Conn, query string, in interner, fn func(cols [][]int32)) error {
	return conn.Raw(func(dc any) error {
		ar, err := duckdb.NewArrowFromConn(dc.(driver.Conn))
		if err != nil {
			return err
		}
		rdr, err := ar.QueryContext(ctx, query)
		if err != nil {
			return err
		}
		defer rdr.Release()
		for rdr.Next() {
			rec := rdr.RecordBatch()
			cols := make([][]int32, rec.NumCols())
			for i := range cols {
				if rec.Column(i).NullN() > 0 {
					return fmt.Errorf("column %d: unexpected NULL", i)
				}
				switch c := rec.Column(i).(type) {
				case *array.Int32:
					cols[i] = c.Int32Values()
				case *array.Int64:
					v := make([]int32, c.Len())
					for j := range v {
						v[j] = int32(c.Value(j))
					}
					cols[i] = v
				case *array.Boolean:
					v := make([]int32, c.Len())
					for j := range v {
						if c.Value(j) {
							v[j] = 1
						}
					}
					cols[i] = v
				case *array.String:
					if in == nil {
						return fmt.Errorf("column %d: unexpected string", i)
					}
					v := make([]int32, c.Len())
					for j := range v {
						v[j] = in.key(c.Value(j))
					}
					cols[i] = v
				default:
					return fmt.Errorf("column %d: unexpected type %s", i, c.DataType())
				}
			}
			fn(cols)
		}
		return rdr.Err()
	})
}

// writeTable creates (or replaces) the temp table name with INTEGER columns
// from Go slices of equal length, through an Arrow view (no copy on the Go
// side: the arrays point at the slices).
func writeTable(ctx context.Context, conn *sql.Conn, name string, names []string, cols [][]int32) error {
	fields := make([]arrow.Field, len(names))
	for i, n := range names {
		fields[i] = arrow.Field{Name: n, Type: arrow.PrimitiveTypes.Int32}
	}
	schema := arrow.NewSchema(fields, nil)
	n := len(cols[0])
	const batch = 122_880 // DuckDB's row group size: the view is scanned batch by batch, in parallel
	var recs []arrow.RecordBatch
	for lo := 0; lo < n || (n == 0 && lo == 0); lo += batch {
		hi := min(n, lo+batch)
		arrs := make([]arrow.Array, len(cols))
		for i, c := range cols {
			if len(c) != n {
				return fmt.Errorf("%s: column %s has %d rows, not %d", name, names[i], len(c), n)
			}
			part := c[lo:hi]
			var b []byte
			if len(part) > 0 {
				b = unsafe.Slice((*byte)(unsafe.Pointer(&part[0])), 4*len(part))
			}
			data := array.NewData(arrow.PrimitiveTypes.Int32, len(part), []*memory.Buffer{nil, memory.NewBufferBytes(b)}, nil, 0, 0)
			arrs[i] = array.NewInt32Data(data)
			data.Release()
		}
		recs = append(recs, array.NewRecordBatch(schema, arrs, int64(hi-lo)))
		for _, a := range arrs {
			a.Release()
		}
		if n == 0 {
			break
		}
	}
	defer func() {
		for _, r := range recs {
			r.Release()
		}
	}()
	rdr, err := array.NewRecordReader(schema, recs)
	if err != nil {
		return err
	}
	defer rdr.Release()
	view := name + "_arrow"
	var release func()
	err = conn.Raw(func(dc any) error {
		ar, err := duckdb.NewArrowFromConn(dc.(driver.Conn))
		if err != nil {
			return err
		}
		release, err = ar.RegisterView(rdr, view)
		return err
	})
	if err != nil {
		return err
	}
	defer release()
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = `"` + n + `"`
	}
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("CREATE OR REPLACE TEMP TABLE %s AS SELECT %s FROM %s",
		name, strings.Join(quoted, ", "), view)); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	_, err = conn.ExecContext(ctx, "DROP VIEW IF EXISTS "+view)
	return err
}
