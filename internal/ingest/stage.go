package ingest

import (
	"encoding/json"
	"fmt"
	"hash/maphash"
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

const batchRows = 64 * 1024

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

// parsed is one validated cell.
type parsed struct {
	null bool
	s    string
	b    bool
	d    int32
	list []string
}

// stager validates rows of one file and builds Arrow record batches of the
// good ones. References are checked against the keys accepted so far (known);
// duplicate keys are caught by hashing, and a hash seen twice is only a
// suspect, confirmed exactly in SQL after the insert.
type stager struct {
	l       *layout
	b       *array.RecordBuilder
	cells   []parsed
	rows    int
	rejects []Reject
	badRows int
	known   []map[string]bool // per kind ref: accepted keys of the target table
	refCols []int             // per kind ref: the column index
	keyCols []int
	seed    maphash.Seed
	hashes  []uint64
	maxCell int // longest value stored (tabular.Limits.MaxCellBytes)
}

func newStager(l *layout, known []map[string]bool) *stager {
	k := l.kind
	s := &stager{
		l:       l,
		b:       array.NewRecordBuilder(memory.DefaultAllocator, k.schema()),
		cells:   make([]parsed, len(k.columns)),
		known:   known,
		seed:    maphash.MakeSeed(),
		maxCell: tabular.DefaultLimits.MaxCellBytes,
	}
	for _, r := range k.refs {
		s.refCols = append(s.refCols, k.columnFor(r.column))
	}
	for _, c := range k.key {
		s.keyCols = append(s.keyCols, k.columnFor(c))
	}
	return s
}

// add validates one row; a good row is appended to the batch, a bad row's
// problems are kept as rejects. It reports whether the row was good.
func (s *stager) add(line int, values []string) bool {
	k := s.l.kind
	before := len(s.rejects)
	for i := range k.columns {
		v := ""
		if pos := s.l.index[i]; pos >= 0 && pos < len(values) {
			v = values[pos]
		}
		if len(v) > s.maxCell {
			s.reject(line, i, clip(v), "bad_format", fmt.Sprintf("the value is %d bytes long, over the limit of %d bytes per cell; only its start is kept here",
				len(v), s.maxCell))
			s.cells[i] = parsed{null: true}
			continue
		}
		s.cells[i] = s.parse(line, i, &k.columns[i], v)
	}
	if k.Name == "contributions" { // body_id is required when meeting_id is empty
		m, b := k.columnFor("meeting_id"), k.columnFor("body_id")
		if s.cells[m].null && s.cells[b].null && len(s.rejects) == before {
			s.reject(line, b, "", "missing_required", "body_id is required when meeting_id is empty")
		}
	}
	if len(s.rejects) == before {
		for j, ci := range s.refCols { // first unknown reference only: the row is out anyway
			if c := s.cells[ci]; !c.null && !s.known[j][c.s] {
				r := k.refs[j]
				s.reject(line, ci, c.s, "unknown_reference", "no accepted "+r.table+" row has "+r.target+" = "+c.s)
				break
			}
		}
	}
	if len(s.rejects) > before {
		rec := s.recordJSON(values)
		for i := before; i < len(s.rejects); i++ {
			s.rejects[i].Record = rec
		}
		s.badRows++
		return false
	}
	s.hashKey()
	for i := range k.columns {
		appendCell(s.b.Field(i), k.columns[i].typ, s.cells[i])
	}
	s.b.Field(len(k.columns)).(*array.Int64Builder).Append(int64(line))
	s.rows++
	return true
}

// hashKey notes the hash of the row's key; a hash seen twice makes a suspect.
// Parts are hashed with maphash.String and mixed (cheaper than a streaming
// maphash.Hash per row); a collision only costs an exact SQL check.
func (s *stager) hashKey() {
	sum := uint64(14695981039346656037)
	for _, ci := range s.keyCols {
		c := s.cells[ci]
		part := uint64(0x9e3779b97f4a7c15) // NULL
		if !c.null {
			part = maphash.String(s.seed, c.s) ^ uint64(uint32(c.d))*0xbf58476d1ce4e5b9
		}
		sum = (sum ^ part) * 0x100000001b3
		sum ^= sum >> 29
	}
	s.hashes = append(s.hashes, sum)
}

// suspects counts key hashes seen more than once (sorting a slice is far
// cheaper than a map of a million keys).
func (s *stager) suspects() int {
	slices.Sort(s.hashes)
	n := 0
	for i := 1; i < len(s.hashes); i++ {
		if s.hashes[i] == s.hashes[i-1] {
			n++
		}
	}
	return n
}

func (s *stager) parse(line, i int, c *column, v string) parsed {
	if v == "" {
		switch {
		case c.required:
			s.reject(line, i, v, "missing_required", c.name+" is required")
		case c.def != nil:
			return parsed{b: *c.def}
		case c.defText != "":
			return parsed{s: c.defText}
		}
		return parsed{null: true}
	}
	switch c.typ {
	case tText:
		return parsed{s: v}
	case tUpper:
		return parsed{s: strings.ToUpper(v)}
	case tDate:
		d, ok := parseDate(v)
		if !ok {
			s.reject(line, i, v, "bad_date", "not a date: use YYYY-MM-DD or DD/MM/YYYY")
		}
		return parsed{d: d}
	case tBool:
		b, ok := parseBool(v)
		if !ok {
			s.reject(line, i, v, "bad_boolean", "not a boolean: use true/false, sì/no, 1/0 or x")
		}
		return parsed{b: b}
	case tEnum:
		e, ok := c.enum[v]
		if !ok {
			e, ok = c.enum[fold(v)]
		}
		if !ok {
			s.reject(line, i, v, "unknown_enum", "allowed: "+strings.Join(enumValues(c.enum), ", "))
		}
		return parsed{s: e}
	case tTopics:
		var list []string
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
			list = append(list, e)
		}
		if len(list) == 0 {
			return parsed{null: true}
		}
		return parsed{list: list}
	}
	return parsed{s: v}
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

func appendCell(b array.Builder, t colType, p parsed) {
	if p.null {
		b.AppendNull()
		return
	}
	switch t {
	case tDate:
		b.(*array.Date32Builder).Append(arrow.Date32(p.d))
	case tBool:
		b.(*array.BooleanBuilder).Append(p.b)
	case tTopics:
		lb := b.(*array.ListBuilder)
		lb.Append(true)
		vb := lb.ValueBuilder().(*array.StringBuilder)
		for _, x := range p.list {
			vb.Append(x)
		}
	default:
		b.(*array.StringBuilder).Append(p.s)
	}
}

// flush returns the rows built so far as a batch (nil when there are none).
func (s *stager) flush() arrow.RecordBatch {
	if s.b.Field(0).Len() == 0 {
		return nil
	}
	return s.b.NewRecordBatch()
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
