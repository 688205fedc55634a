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

// columns collects INTEGER rows in chunks of a fixed size: appending never
// copies what is already there, and each chunk becomes one Arrow batch
// (DuckDB's row group size, so it scans them in parallel).
type columns struct {
	names  []string
	chunks [][][]int32 // chunk -> column -> values
}

const chunkRows = 122_880

func newColumns(names ...string) *columns { return &columns{names: names} }

// add appends one row: one value per column.
func (c *columns) add(vals ...int32) {
	n := len(c.chunks)
	if n == 0 || len(c.chunks[n-1][0]) == chunkRows {
		ch := make([][]int32, len(c.names))
		for i := range ch {
			ch[i] = make([]int32, 0, chunkRows)
		}
		c.chunks = append(c.chunks, ch)
		n++
	}
	ch := c.chunks[n-1]
	for i, v := range vals {
		ch[i] = append(ch[i], v)
	}
}

// merge moves the rows of others after c's.
func (c *columns) merge(others ...*columns) {
	for _, o := range others {
		c.chunks = append(c.chunks, o.chunks...)
		o.chunks = nil
	}
}

// writeTable creates (or replaces) the temp table name with c's rows,
// through an Arrow view (no copy on the Go side: the arrays point at the
// chunks).
func writeTable(ctx context.Context, conn *sql.Conn, name string, c *columns) error {
	fields := make([]arrow.Field, len(c.names))
	for i, n := range c.names {
		fields[i] = arrow.Field{Name: n, Type: arrow.PrimitiveTypes.Int32}
	}
	schema := arrow.NewSchema(fields, nil)
	var recs []arrow.RecordBatch
	defer func() {
		for _, r := range recs {
			r.Release()
		}
	}()
	for _, ch := range c.chunks {
		n := len(ch[0])
		if n == 0 {
			continue
		}
		arrs := make([]arrow.Array, len(ch))
		for i, col := range ch {
			b := unsafe.Slice((*byte)(unsafe.Pointer(&col[0])), 4*n)
			data := array.NewData(arrow.PrimitiveTypes.Int32, n, []*memory.Buffer{nil, memory.NewBufferBytes(b)}, nil, 0, 0)
			arrs[i] = array.NewInt32Data(data)
			data.Release()
		}
		recs = append(recs, array.NewRecordBatch(schema, arrs, int64(n)))
		for _, a := range arrs {
			a.Release()
		}
	}
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
	quoted := make([]string, len(c.names))
	for i, n := range c.names {
		quoted[i] = `"` + n + `"`
	}
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("CREATE OR REPLACE TEMP TABLE %s AS SELECT %s FROM %s",
		name, strings.Join(quoted, ", "), view)); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	_, err = conn.ExecContext(ctx, "DROP VIEW IF EXISTS "+view)
	return err
}
