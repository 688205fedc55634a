package tabular

import (
	"context"
	"errors"
	"io"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// parquetReader streams the record batches of a Parquet file and turns each
// value into text.
type parquetReader struct {
	f      *os.File
	pf     *file.Reader
	mem    *budget
	rr     pqarrow.RecordReader
	header []string
	locs   []*time.Location // per column, for zoned timestamps
	batch  arrow.RecordBatch
	pos    int   // next row in batch
	row    int64 // rows returned so far
	// declared is the footer's row count (within Limits.MaxRows).
	declared int64
	values   []string
	closed   bool
}

func openParquet(f *os.File, size int64, lim Limits) (Reader, error) {
	tail := make([]byte, 4)
	if size < 12 {
		return nil, refuse("bad_format", "the file is too short to be a Parquet file")
	}
	if _, err := f.ReadAt(tail, size-4); err != nil {
		return nil, err
	}
	if string(tail) != "PAR1" {
		return nil, refuse("bad_format", "the Parquet file is truncated or damaged (no PAR1 magic at its end)")
	}
	mem := &budget{mem: memory.DefaultAllocator, max: lim.MaxDecodeBytes}
	props := parquet.NewReaderProperties(mem)
	// Stream column chunks from the file instead of reading each one whole
	// into memory, and bound the page a header may declare.
	props.BufferedStreamEnabled = true
	props.MaxUncompressedPageSize = lim.MaxPageBytes
	props.MaxCompressedPageSize = min(lim.MaxPageBytes, size)
	pf, err := file.NewParquetReader(f, file.WithReadProps(props))
	if err != nil {
		return nil, refuse("bad_format", "not a readable Parquet file: %s", redact(err.Error()))
	}
	if err := checkParquet(pf, size, lim); err != nil {
		return nil, err
	}
	r := &parquetReader{f: f, pf: pf, mem: mem, declared: pf.MetaData().NumRows}
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{BatchSize: 8192}, mem)
	if err != nil {
		return nil, refuse("bad_format", "not a readable Parquet file: %s", redact(err.Error()))
	}
	sc, err := fr.Schema()
	if err != nil {
		return nil, refuse("bad_format", "the Parquet schema cannot be read as columns: %s", redact(err.Error()))
	}
	for _, fld := range sc.Fields() {
		r.header = append(r.header, trim(fld.Name))
		var loc *time.Location
		if ts, ok := fld.Type.(*arrow.TimestampType); ok && ts.TimeZone != "" {
			if l, err := time.LoadLocation(ts.TimeZone); err == nil {
				loc = l
			}
		}
		r.locs = append(r.locs, loc)
	}
	for len(r.header) > 0 && r.header[len(r.header)-1] == "" {
		r.header = r.header[:len(r.header)-1]
	}
	if len(r.header) == 0 {
		return nil, refuse("no_header", "the Parquet file has no columns")
	}
	rr, err := fr.GetRecordReader(context.Background(), nil, nil)
	if err != nil {
		return nil, refuse("bad_format", "the Parquet file cannot be read: %s", redact(err.Error()))
	}
	r.rr = rr
	r.values = make([]string, len(r.header))
	return r, nil
}

// checkParquet refuses a file whose footer declares more than the limits
// allow (rows, uncompressed bytes), or column chunks outside the file.
func checkParquet(pf *file.Reader, size int64, lim Limits) error {
	md := pf.MetaData()
	if n := md.NumRows; n > lim.MaxRows || n < 0 {
		return refuse("bad_format", "the Parquet file declares %d rows, over the limit of %d", n, lim.MaxRows)
	}
	var total int64
	for g := 0; g < md.NumRowGroups(); g++ {
		rg := md.RowGroup(g)
		if n := rg.NumRows(); n < 0 || n > lim.MaxRows {
			return refuse("bad_format", "row group %d of the Parquet file declares %d rows, over the limit of %d", g+1, n, lim.MaxRows)
		}
		for c := 0; c < rg.NumColumns(); c++ {
			cc, err := rg.ColumnChunk(c)
			if err != nil {
				return refuse("bad_format", "the Parquet metadata cannot be read: %s", redact(err.Error()))
			}
			u, z := cc.TotalUncompressedSize(), cc.TotalCompressedSize()
			if u < 0 || z < 0 || z > size {
				return refuse("bad_format", "the Parquet metadata is inconsistent: column chunk %d of row group %d declares %d compressed bytes in a file of %d",
					c+1, g+1, z, size)
			}
			total += u
			if total > lim.MaxParquetBytes || total < 0 {
				return refuse("bad_format", "the Parquet file expands to more than the limit of %s (declared uncompressed size of its column chunks)",
					bytesText(lim.MaxParquetBytes))
			}
		}
	}
	return nil
}

func (r *parquetReader) decodeLimit() int64 { return r.mem.max }

func (r *parquetReader) Info() Info       { return Info{Format: Parquet} }
func (r *parquetReader) Header() []string { return r.header }

func (r *parquetReader) Close() error {
	if r.closed {
		return nil
	}
	r.closed = true
	if r.rr != nil {
		func() {
			defer func() { recover() }() // after a refused decode, arrow's state may be torn
			r.rr.Release()
		}()
	}
	return r.f.Close()
}

// budget is an arrow allocator that holds at most max bytes at once. Page
// headers may declare sizes the footer's totals do not show (a page of zeros
// compresses a thousandfold), so the footer check alone does not bound
// decoding; this does. Over it, Allocate panics with budgetExceeded, which
// the reader turns into a bad_format refusal.
type budget struct {
	mem  memory.Allocator
	live atomic.Int64
	max  int64
}

type budgetExceeded struct{ max int64 }

func (e budgetExceeded) Error() string {
	return "decoding the Parquet file needs more than the limit of " + bytesText(e.max) + " of memory at once"
}

func (b *budget) take(n int64) {
	if b.live.Add(n) > b.max && n > 0 {
		b.live.Add(-n)
		panic(budgetExceeded{b.max})
	}
}

func (b *budget) Allocate(n int) []byte {
	b.take(int64(n))
	return b.mem.Allocate(n)
}

func (b *budget) Reallocate(n int, old []byte) []byte {
	b.take(int64(n - len(old)))
	return b.mem.Reallocate(n, old)
}

func (b *budget) Free(p []byte) {
	b.live.Add(-int64(len(p)))
	b.mem.Free(p)
}

func (r *parquetReader) Next() (rec Record, err error) {
	defer recoverBadFormat(&err)
	if r.closed {
		return Record{}, errClosed
	}
	for r.batch == nil || r.pos >= int(r.batch.NumRows()) {
		if !r.rr.Next() {
			if err := r.rr.Err(); err != nil && err != io.EOF {
				var be budgetExceeded
				if errors.As(err, &be) || strings.Contains(err.Error(), "of memory at once") {
					return Record{}, refuse("bad_format", "after row %d, %s", r.row, budgetExceeded{r.decodeLimit()})
				}
				return Record{}, refuse("bad_format", "the Parquet file is damaged after row %d: %s", r.row, redact(err.Error()))
			}
			return Record{}, io.EOF
		}
		r.batch = r.rr.RecordBatch()
		r.pos = 0
	}
	if r.row >= r.declared {
		// The footer's count was checked against MaxRows; pages may hold more.
		return Record{}, refuse("bad_format", "the Parquet file holds more rows than its footer declares (%d)", r.declared)
	}
	i := r.pos
	for c := range r.values {
		r.values[c] = trim(cellText(r.batch.Column(c), i, r.locs[c]))
	}
	r.pos++
	r.row++
	return Record{Line: int(r.row), Values: r.values}, nil
}

// cellText is the text of value i of arr.
func cellText(arr arrow.Array, i int, loc *time.Location) string {
	if arr.IsNull(i) {
		return ""
	}
	switch a := arr.(type) {
	case *array.String:
		return strings.Clone(a.Value(i))
	case *array.LargeString:
		return strings.Clone(a.Value(i))
	case *array.StringView:
		return strings.Clone(a.Value(i))
	case *array.Binary:
		return string(a.Value(i))
	case *array.LargeBinary:
		return string(a.Value(i))
	case *array.Boolean:
		return strconv.FormatBool(a.Value(i))
	case *array.Int8:
		return strconv.FormatInt(int64(a.Value(i)), 10)
	case *array.Int16:
		return strconv.FormatInt(int64(a.Value(i)), 10)
	case *array.Int32:
		return strconv.FormatInt(int64(a.Value(i)), 10)
	case *array.Int64:
		return strconv.FormatInt(a.Value(i), 10)
	case *array.Uint8:
		return strconv.FormatUint(uint64(a.Value(i)), 10)
	case *array.Uint16:
		return strconv.FormatUint(uint64(a.Value(i)), 10)
	case *array.Uint32:
		return strconv.FormatUint(uint64(a.Value(i)), 10)
	case *array.Uint64:
		return strconv.FormatUint(a.Value(i), 10)
	case *array.Float16:
		return strconv.FormatFloat(float64(a.Value(i).Float32()), 'f', -1, 32)
	case *array.Float32:
		return strconv.FormatFloat(float64(a.Value(i)), 'f', -1, 32)
	case *array.Float64:
		return strconv.FormatFloat(a.Value(i), 'f', -1, 64)
	case *array.Date32:
		return a.Value(i).ToTime().Format(time.DateOnly)
	case *array.Date64:
		return a.Value(i).ToTime().Format(time.DateOnly)
	case *array.Timestamp:
		unit := a.DataType().(*arrow.TimestampType).Unit
		t := a.Value(i).ToTime(unit)
		if loc != nil {
			t = t.In(loc)
		}
		if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
			return t.Format(time.DateOnly)
		}
		return t.Format(time.RFC3339Nano)
	case *array.Dictionary:
		return cellText(a.Dictionary(), a.GetValueIndex(i), loc)
	case array.ListLike:
		if _, isMap := arr.(*array.Map); isMap {
			break
		}
		start, end := a.ValueOffsets(i)
		vals := a.ListValues()
		parts := make([]string, 0, end-start)
		for j := int(start); j < int(end); j++ {
			if vals.IsNull(j) {
				continue
			}
			parts = append(parts, trim(cellText(vals, j, nil)))
		}
		return strings.Join(parts, "|")
	}
	return arr.ValueStr(i)
}
