package opendata

import (
	"iter"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// tee hands every batch of src to two consumers in one pass, each reading
// as if it read src alone: follow runs as a coroutine (iter.Pull, no second
// thread) and reads each batch before lead does. A batch stays valid until
// the next src.Next, which only lead's next Next calls: by then follow has
// done with it. Memory holds one batch, as for a single export.
func tee(src array.RecordReader, lead, follow func(array.RecordReader) error) error {
	var cur arrow.RecordBatch
	ended := false
	var followErr error
	resume, stop := iter.Pull(func(yield func(struct{}) bool) {
		followErr = follow(&stepReader{schema: src.Schema(), err: src.Err, next: func() arrow.RecordBatch {
			if !yield(struct{}{}) || ended {
				return nil
			}
			return cur
		}})
	})
	defer stop()
	resume() // follow runs up to its first Next
	leadErr := lead(&stepReader{schema: src.Schema(), err: src.Err, next: func() arrow.RecordBatch {
		if src.Next() {
			cur = src.RecordBatch()
		} else {
			cur, ended = nil, true
		}
		resume() // follow reads cur, up to its next Next (or, at the end, to its return)
		return cur
	}})
	// A lead that stopped early ends follow too: its Next then says no more.
	stop()
	if leadErr != nil {
		return leadErr
	}
	return followErr
}

// stepReader is a RecordReader whose batches come from next (nil: no more).
type stepReader struct {
	schema *arrow.Schema
	next   func() arrow.RecordBatch
	err    func() error
	cur    arrow.RecordBatch
	done   bool
}

func (r *stepReader) Next() bool {
	if r.done {
		return false
	}
	r.cur = r.next()
	r.done = r.cur == nil
	return !r.done
}

func (r *stepReader) Schema() *arrow.Schema          { return r.schema }
func (r *stepReader) RecordBatch() arrow.RecordBatch { return r.cur }
func (r *stepReader) Record() arrow.RecordBatch      { return r.cur }
func (r *stepReader) Err() error                     { return r.err() }
func (r *stepReader) Retain()                        {}
func (r *stepReader) Release()                       {}
