package dataset

import (
	"sort"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// split reads a result whose first n columns are partition keys, sorted by
// them, and calls fn once per run of equal keys with a reader of that run's
// rows, without the key columns. One pass over the result, one source batch
// held at a time: a table is sorted once by DuckDB, not scanned once per
// partition.
func split(src array.RecordReader, n int, fn func(keys []string, part *partReader) error) error {
	fields := src.Schema().Fields()[n:]
	p := &partReader{src: src, n: n, schema: arrow.NewSchema(fields, nil)}
	defer p.release()
	for {
		keys, ok := p.peek()
		if !ok {
			return src.Err()
		}
		p.keys = keys
		if err := fn(keys, p); err != nil {
			return err
		}
		for p.Next() { // rows of this partition fn left unread
		}
	}
}

// partReader is the RecordReader of one partition: slices of the source
// batches while their keys are the partition's.
type partReader struct {
	src    array.RecordReader
	n      int
	schema *arrow.Schema
	keys   []string          // the partition being read
	batch  arrow.RecordBatch // the source batch (retained), rows from off on unread
	off    int
	cur    arrow.RecordBatch
}

// peek makes sure a source row is at hand and returns its keys; false at
// the end of the result.
func (p *partReader) peek() ([]string, bool) {
	for p.batch == nil || p.off >= int(p.batch.NumRows()) {
		if p.batch != nil {
			p.batch.Release()
			p.batch = nil
		}
		if !p.src.Next() {
			return nil, false
		}
		p.batch = p.src.RecordBatch()
		p.batch.Retain()
		p.off = 0
	}
	return p.keyAt(p.off), true
}

// keyAt is the partition keys of row i as folder names give them (NULL as
// DuckDB writes and reads it).
func (p *partReader) keyAt(i int) []string {
	k := make([]string, p.n)
	for c := range k {
		col := p.batch.Column(c)
		if col.IsNull(i) {
			k[c] = "NULL"
		} else {
			k[c] = col.ValueStr(i)
		}
	}
	return k
}

func (p *partReader) same(i int) bool {
	k := p.keyAt(i)
	for c := range k {
		if k[c] != p.keys[c] {
			return false
		}
	}
	return true
}

// Next moves to the next slice of the partition: the rows of the current
// source batch with its keys (sorted input: they come first, so a binary
// search finds where they end).
func (p *partReader) Next() bool {
	if p.cur != nil {
		p.cur.Release()
		p.cur = nil
	}
	if _, ok := p.peek(); !ok || !p.same(p.off) {
		return false
	}
	rows := int(p.batch.NumRows())
	end := p.off + sort.Search(rows-p.off, func(j int) bool { return !p.same(p.off + j) })
	cols := make([]arrow.Array, 0, len(p.schema.Fields()))
	for c := p.n; c < int(p.batch.NumCols()); c++ {
		cols = append(cols, array.NewSlice(p.batch.Column(c), int64(p.off), int64(end)))
	}
	p.cur = array.NewRecordBatch(p.schema, cols, int64(end-p.off))
	for _, c := range cols {
		c.Release()
	}
	p.off = end
	return true
}

func (p *partReader) release() {
	if p.cur != nil {
		p.cur.Release()
		p.cur = nil
	}
	if p.batch != nil {
		p.batch.Release()
		p.batch = nil
	}
}

func (p *partReader) Schema() *arrow.Schema          { return p.schema }
func (p *partReader) RecordBatch() arrow.RecordBatch { return p.cur }
func (p *partReader) Record() arrow.RecordBatch      { return p.cur }
func (p *partReader) Err() error                     { return p.src.Err() }
func (p *partReader) Retain()                        {}
func (p *partReader) Release()                       {}
