package ingest

import (
	"encoding/json"
	"fmt"
	"hash/maphash"
	"math/bits"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"unicode/utf8"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"osservatorio/internal/tabular"
)

// A batch holds up to batchRows rows. The first is firstRows and each next
// one twice the last: DuckDB starts on the first within milliseconds instead
// of waiting for 64 K rows to be parsed (about 50 ms earlier).
const (
	batchRows = 64 * 1024
	firstRows = 4 * 1024
)

// Reject is one bad value of one row (a row may have several).
type Reject struct {
	Line       int    `json:"line"`
	Column     string `json:"column"`      // English name
	FileColumn string `json:"file_column"` // as written in the file
	Value      string `json:"value"`
	Reason     string `json:"reason"`
	Detail     string `json:"detail"`
	Record     string `json:"-"` // the row as JSON, kept in the rejects table
}

// arrowType is the staged type of a column.
func arrowType(t colType) arrow.DataType {
	switch t {
	case tDate:
		return arrow.FixedWidthTypes.Date32
	case tBool:
		return arrow.FixedWidthTypes.Boolean
	case tTopics:
		return arrow.ListOf(arrow.BinaryTypes.String)
	}
	return arrow.BinaryTypes.String
}

// schema is the staging schema of kind k: its columns, then the line number.
func (k *Kind) schema() *arrow.Schema {
	fields := make([]arrow.Field, 0, len(k.columns)+1)
	for _, c := range k.columns {
		fields = append(fields, arrow.Field{Name: c.name, Type: arrowType(c.typ), Nullable: true})
	}
	fields = append(fields, arrow.Field{Name: "line", Type: arrow.PrimitiveTypes.Int64})
	return arrow.NewSchema(fields, nil)
}

// stager validates rows of one file and builds Arrow record batches of the
// good ones. References are checked against the keys accepted so far (known);
// duplicate keys are caught by hashing, and a hash seen twice is only a
// suspect, confirmed exactly in SQL after the insert.
type stager struct {
	l       *layout
	schema  *arrow.Schema
	cols    []*colBuf // the batch being built, one per kind column
	lines   []int64   // and its line numbers
	pool    bufPool   // the batches' buffers, recycled
	n       int       // rows in the batch
	limit   int       // rows the batch is sent at
	rows    int
	rejects []Reject
	badRows int
	known   []map[string]bool // per kind ref: accepted keys of the target table
	refCols []int             // per kind ref: the column index
	lastRef [][]byte          // per kind ref: the last value found known
	keyCols []int
	seed    maphash.Seed
	hashes  [][]uint64 // key hashes, in blocks of hashBlock: growing one slice copied it over and over
	nHashes int
	maxCell int // longest value stored (tabular.Limits.MaxCellBytes)
}

func newStager(l *layout, known []map[string]bool) *stager {
	k := l.kind
	s := &stager{
		l:       l,
		schema:  k.schema(),
		limit:   firstRows,
		known:   known,
		seed:    maphash.MakeSeed(),
		maxCell: tabular.DefaultLimits.MaxCellBytes,
	}
	for _, c := range k.columns {
		s.cols = append(s.cols, newColBuf(c.typ, &s.pool))
	}
	for _, r := range k.refs {
		s.refCols = append(s.refCols, k.columnFor(r.column))
	}
	s.lastRef = make([][]byte, len(k.refs))
	for _, c := range k.key {
		s.keyCols = append(s.keyCols, k.columnFor(c))
	}
	return s
}

// add validates one row; a good row is appended to the batch, a bad row's
// problems are kept as rejects. It reports whether the row was good. Values
// are written straight into the batch's columns, and taken back if the row
// turns out bad.
func (s *stager) add(line int, values []string) bool {
	k := s.l.kind
	row := s.n
	before := len(s.rejects)
	for i := range k.columns {
		v := ""
		if pos := s.l.index[i]; pos >= 0 && pos < len(values) {
			v = values[pos]
		}
		if len(v) > s.maxCell {
			s.reject(line, i, clip(v), "bad_format", fmt.Sprintf("the value is %d bytes long, over the limit of %d bytes per cell; only its start is kept here",
				len(v), s.maxCell))
			s.cols[i].addNull(row)
			continue
		}
		s.parse(line, i, &k.columns[i], v, s.cols[i])
	}
	if k.Name == "contributions" { // body_id is required when meeting_id is empty
		m, b := k.columnFor("meeting_id"), k.columnFor("body_id")
		if s.cols[m].isNull(row) && s.cols[b].isNull(row) && len(s.rejects) == before {
			s.reject(line, b, "", "missing_required", "body_id is required when meeting_id is empty")
		}
	}
	if len(s.rejects) == before {
		for j, ci := range s.refCols { // first unknown reference only: the row is out anyway
			c := s.cols[ci]
			if c.isNull(row) {
				continue
			}
			v := c.text(row)
			if s.lastRef[j] != nil && string(s.lastRef[j]) == v {
				continue // rows often repeat the last reference (attendance comes by meeting)
			}
			if !s.known[j][v] {
				r := k.refs[j]
				v = strings.Clone(v)
				s.reject(line, ci, v, "unknown_reference", "no accepted "+r.table+" row has "+r.target+" = "+v)
				break
			}
			s.lastRef[j] = append(s.lastRef[j][:0], v...)
		}
	}
	if len(s.rejects) > before {
		for _, c := range s.cols {
			c.drop(row)
		}
		rec := s.recordJSON(values)
		for i := before; i < len(s.rejects); i++ {
			s.rejects[i].Record = rec
		}
		s.badRows++
		return false
	}
	s.hashKey(row)
	s.lines = append(s.lines, int64(line))
	s.n++
	s.rows++
	return true
}

// hashKey notes the hash of the row's key; a hash seen twice makes a suspect.
// Parts are hashed with maphash.String and mixed (cheaper than a streaming
// maphash.Hash per row); a collision only costs an exact SQL check.
func (s *stager) hashKey(row int) {
	sum := uint64(14695981039346656037)
	for _, ci := range s.keyCols {
		c := s.cols[ci]
		part := uint64(0x9e3779b97f4a7c15) // NULL
		switch {
		case c.isNull(row):
		case c.typ == tDate:
			part = uint64(uint32(c.days[row])) * 0xbf58476d1ce4e5b9
		default:
			part = maphash.String(s.seed, c.text(row))
		}
		sum = (sum ^ part) * 0x100000001b3
		sum ^= sum >> 29
	}
	s.noteHash(sum)
}

const hashBlock = 64 * 1024

func (s *stager) noteHash(h uint64) {
	if n := len(s.hashes); n == 0 || len(s.hashes[n-1]) == hashBlock {
		s.hashes = append(s.hashes, make([]uint64, 0, hashBlock))
	}
	last := &s.hashes[len(s.hashes)-1]
	*last = append(*last, h)
	s.nHashes++
}

// suspects counts key hashes seen more than once. The hashes are uniform,
// so one counting pass on their top bits spreads them over about one bucket
// each, and only the few buckets holding several need sorting: several times
// cheaper than sorting them all, and far cheaper than a map of a million keys.
func (s *stager) suspects() int {
	if s.nHashes < 2 {
		return 0
	}
	shift := 64 - bits.Len(uint(s.nHashes))
	end := make([]int32, 1<<(64-shift)+1) // bucket b is out[end[b]:end[b+1]]
	for _, blk := range s.hashes {
		for _, x := range blk {
			end[x>>shift+1]++
		}
	}
	for b := 1; b < len(end); b++ {
		end[b] += end[b-1]
	}
	out := make([]uint64, s.nHashes)
	next := slices.Clone(end)
	for _, blk := range s.hashes {
		for _, x := range blk {
			out[next[x>>shift]] = x
			next[x>>shift]++
		}
	}
	n := 0
	for b := 0; b+1 < len(end); b++ {
		if bucket := out[end[b]:end[b+1]]; len(bucket) > 1 {
			slices.Sort(bucket)
			for i := 1; i < len(bucket); i++ {
				if bucket[i] == bucket[i-1] {
					n++
				}
			}
		}
	}
	return n
}

// parse validates value v of column i and appends it to b.
func (s *stager) parse(line, i int, c *column, v string, b *colBuf) {
	row := s.n
	if v == "" {
		switch {
		case c.required:
			s.reject(line, i, v, "missing_required", c.name+" is required")
		case c.def != nil:
			b.addBool(row, *c.def)
			return
		case c.defText != "":
			b.addText(row, c.defText)
			return
		}
		b.addNull(row)
		return
	}
	switch c.typ {
	case tUpper:
		b.addText(row, strings.ToUpper(v))
	case tDate:
		d, ok := parseDate(v)
		if !ok {
			s.reject(line, i, v, "bad_date", "not a date: use YYYY-MM-DD or DD/MM/YYYY")
		}
		b.addDate(row, d)
	case tBool:
		x, ok := parseBool(v)
		if !ok {
			s.reject(line, i, v, "bad_boolean", "not a boolean: use true/false, sì/no, 1/0 or x")
		}
		b.addBool(row, x)
	case tEnum:
		e, ok := c.enum[v]
		if !ok {
			e, ok = c.enum[fold(v)]
		}
		if !ok {
			s.reject(line, i, v, "unknown_enum", "allowed: "+strings.Join(enumValues(c.enum), ", "))
		}
		b.addText(row, e)
	case tTopics:
		for _, part := range strings.Split(v, "|") {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			e, ok := c.enum[fold(part)]
			if !ok {
				s.reject(line, i, part, "unknown_enum", "allowed topics: "+strings.Join(enumValues(c.enum), ", "))
				continue
			}
			b.addItem(e)
		}
		b.endList(row)
	default:
		b.addText(row, v)
	}
}

func (s *stager) reject(line, i int, value, reason, detail string) {
	c := s.l.kind.columns[i]
	s.rejects = append(s.rejects, Reject{Line: line, Column: c.name, FileColumn: s.l.fileCols[i],
		Value: value, Reason: reason, Detail: detail})
}

// rejectRow records a row that could not be read at all (bad JSON, extra
// cells, a line over the size limit). Its text is not kept: it cannot be
// split into contract columns, so it may hold personal columns that must
// never be stored.
func (s *stager) rejectRow(line int, reason, why string) {
	detail := "the row could not be read; its text is not kept (it may hold personal data)"
	if why != "" {
		detail = why + "; its text is not kept"
	}
	s.rejects = append(s.rejects, Reject{Line: line, Reason: reason, Detail: detail})
	s.badRows++
}

// clipBytes is how much of a value over the cell limit a reject keeps.
const clipBytes = 64

// clip cuts an oversized value to its first bytes (on a rune boundary), so
// the reject locates it without storing it.
func clip(v string) string {
	if len(v) <= clipBytes {
		return v
	}
	i := clipBytes
	for i > 0 && !utf8.RuneStart(v[i]) {
		i--
	}
	return v[:i] + "…"
}

// recordJSON keeps the contract columns of a rejected row (never personal ones).
func (s *stager) recordJSON(values []string) string {
	m := make(map[string]string, len(s.l.kind.columns))
	for i, c := range s.l.kind.columns {
		if pos := s.l.index[i]; pos >= 0 && pos < len(values) {
			v := values[pos]
			if len(v) > s.maxCell {
				v = clip(v)
			}
			m[c.name] = v
		}
	}
	b, _ := json.Marshal(m)
	return string(b)
}

// full says whether the batch should be sent: it has its size in rows, or a
// column holds more text than maxBatchBytes.
func (s *stager) full() bool {
	if s.n >= s.limit {
		return true
	}
	for _, c := range s.cols {
		if len(c.data) > maxBatchBytes || (c.items != nil && len(c.items.data) > maxBatchBytes) {
			return true
		}
	}
	return false
}

// flush returns the rows built so far as a batch (nil when there are none).
func (s *stager) flush() arrow.RecordBatch {
	if s.n == 0 {
		return nil
	}
	arrs := make([]arrow.Array, 0, len(s.cols)+1)
	for _, c := range s.cols {
		d := c.array(s.n)
		arrs = append(arrs, array.MakeFromData(d))
		d.Release()
		c.reset(s.n)
	}
	d := newData(arrow.PrimitiveTypes.Int64, s.n, []*memory.Buffer{nil, s.pool.buffer(int64Bytes(s.lines))}, nil, 0)
	arrs = append(arrs, array.MakeFromData(d))
	d.Release()
	rec := array.NewRecordBatch(s.schema, arrs, int64(s.n))
	for _, a := range arrs {
		a.Release()
	}
	s.lines = s.pool.int64s(s.n)
	s.limit = min(2*s.limit, batchRows)
	s.n = 0
	return rec
}

func enumValues(m map[string]string) []string {
	seen := map[string]bool{}
	var out []string
	for _, v := range m {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	sort.Strings(out)
	return out
}

// batchReader streams record batches from a channel to DuckDB's Arrow scan.
type batchReader struct {
	refs   atomic.Int64
	schema *arrow.Schema
	ch     <-chan arrow.RecordBatch
	cur    arrow.RecordBatch
}

func newBatchReader(schema *arrow.Schema, ch <-chan arrow.RecordBatch) *batchReader {
	r := &batchReader{schema: schema, ch: ch}
	r.refs.Store(1)
	return r
}

func (r *batchReader) Retain() { r.refs.Add(1) }
func (r *batchReader) Release() {
	if r.refs.Add(-1) == 0 {
		if r.cur != nil {
			r.cur.Release()
			r.cur = nil
		}
		for rec := range r.ch { // drain, so the producer never blocks
			rec.Release()
		}
	}
}
func (r *batchReader) Schema() *arrow.Schema { return r.schema }
func (r *batchReader) Next() bool {
	if r.cur != nil {
		r.cur.Release()
		r.cur = nil
	}
	rec, ok := <-r.ch
	if !ok {
		return false
	}
	r.cur = rec
	return true
}
func (r *batchReader) RecordBatch() arrow.RecordBatch { return r.cur }
func (r *batchReader) Record() arrow.RecordBatch      { return r.cur }
func (r *batchReader) Err() error                     { return nil }
