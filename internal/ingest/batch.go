package ingest

import (
	"sync"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// maxBatchBytes bounds the text of one column in a batch, well below the 2 GB
// that Arrow's 32-bit offsets can address (cells may be made very long with
// Limits.MaxCellBytes).
const maxBatchBytes = 256 << 20

// bufPool recycles the batches' buffers: DuckDB releases a batch once it has
// read it, and its buffers come back here for a later batch. A load then
// allocates a few batches' worth of memory rather than the file's worth, and
// the garbage collector runs about half as often.
type bufPool struct {
	mu   sync.Mutex
	free [][]byte
}

// Allocate and Reallocate complete memory.Allocator; Arrow only calls Free
// on the buffers made by buffer.
func (p *bufPool) Allocate(n int) []byte { return make([]byte, n) }
func (p *bufPool) Reallocate(n int, b []byte) []byte {
	nb := make([]byte, n)
	copy(nb, b)
	return nb
}

// Free takes back a buffer DuckDB and the stager are done with.
func (p *bufPool) Free(b []byte) {
	p.mu.Lock()
	if len(p.free) < 256 {
		p.free = append(p.free, b[:0])
	}
	p.mu.Unlock()
}

// bytes returns an empty slice with room for n bytes: the smallest free one
// that fits, or a new one.
func (p *bufPool) bytes(n int) []byte {
	n = max(n, 64)
	p.mu.Lock()
	best := -1
	for i, b := range p.free {
		if cap(b) >= n && (best < 0 || cap(b) < cap(p.free[best])) {
			best = i
		}
	}
	if best >= 0 {
		b := p.free[best]
		p.free[best] = p.free[len(p.free)-1]
		p.free = p.free[:len(p.free)-1]
		p.mu.Unlock()
		return b
	}
	p.mu.Unlock()
	return make([]byte, 0, n)
}

func (p *bufPool) int32s(n int) []int32 {
	b := p.bytes(4 * n)
	return unsafe.Slice((*int32)(unsafe.Pointer(unsafe.SliceData(b))), cap(b)/4)[:0]
}

func (p *bufPool) int64s(n int) []int64 {
	b := p.bytes(8 * n)
	return unsafe.Slice((*int64)(unsafe.Pointer(unsafe.SliceData(b))), cap(b)/8)[:0]
}

// buffer hands b over to a batch; it comes back to the pool when released.
func (p *bufPool) buffer(b []byte) *memory.Buffer {
	return memory.NewBufferWithAllocator(b, p)
}

func int32Bytes(v []int32) []byte {
	return unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(v))), 4*cap(v))[:4*len(v)]
}

func int64Bytes(v []int64) []byte {
	return unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(v))), 8*cap(v))[:8*len(v)]
}

// newData is array.NewData over buffers just made by buffer: NewData takes
// its own references, so the makers' are dropped.
func newData(t arrow.DataType, n int, bufs []*memory.Buffer, children []arrow.ArrayData, nulls int) arrow.ArrayData {
	d := array.NewData(t, n, bufs, children, nulls, 0)
	for _, b := range bufs {
		if b != nil {
			b.Release()
		}
	}
	return d
}

// colBuf is one column of the batch being built, held as the Arrow buffers
// themselves: appending to plain slices costs a fraction of Arrow's builders,
// whose per-value bookkeeping cost more than validating the value.
type colBuf struct {
	typ   colType
	valid []byte  // validity bitmap: bit set = not NULL
	nulls int     // NULLs in the batch
	offs  []int32 // text and topics: Arrow offsets, starting with 0
	data  []byte  // text: the bytes; boolean: the values' bitmap
	days  []int32 // date
	items *colBuf // topics: the list's values (never NULL)
	pool  *bufPool
}

func newColBuf(t colType, pool *bufPool) *colBuf {
	c := &colBuf{typ: t, pool: pool}
	if t == tTopics {
		c.items = newColBuf(tText, pool)
	}
	c.reset(0)
	return c
}

// reset empties the column for the next batch, sized for rows values. The
// slices handed over to the batch just sent are replaced from the pool.
func (c *colBuf) reset(rows int) {
	c.nulls = 0
	if c.valid == nil {
		c.valid = c.pool.bytes((rows + 7) / 8)
	}
	c.valid = c.valid[:0] // kept when the batch had no NULLs
	switch c.typ {
	case tDate:
		c.days = c.pool.int32s(rows)
	case tBool:
		c.data = c.pool.bytes((rows + 7) / 8)
	default:
		c.offs = append(c.pool.int32s(rows+1), 0)
		if c.typ != tTopics {
			c.data = c.pool.bytes(len(c.data))
		}
	}
	if c.items != nil {
		c.items.reset(len(c.items.offs))
	}
}

// Each row appends exactly one value to every column (NULL, or one of the
// add methods), even a row that is then rejected: drop takes it back.

// next starts row (the batch's row number, counted from 0) in the bitmaps.
func (c *colBuf) next(row int) {
	if row&7 == 0 {
		c.valid = append(c.valid, 0)
		if c.typ == tBool {
			c.data = append(c.data, 0)
		}
	}
}

func (c *colBuf) addNull(row int) {
	c.next(row)
	c.nulls++
	switch c.typ {
	case tDate:
		c.days = append(c.days, 0)
	case tBool:
	default:
		c.offs = append(c.offs, c.offs[len(c.offs)-1])
	}
}

func (c *colBuf) setValid(row int) {
	c.valid[row>>3] |= 1 << (row & 7)
}

// addText appends a text (text, upper, enum) value.
func (c *colBuf) addText(row int, v string) {
	c.next(row)
	c.setValid(row)
	c.data = append(c.data, v...)
	c.offs = append(c.offs, int32(len(c.data)))
}

func (c *colBuf) addBool(row int, b bool) {
	c.next(row)
	c.setValid(row)
	if b {
		c.data[row>>3] |= 1 << (row & 7)
	}
}

func (c *colBuf) addDate(row int, d int32) {
	c.next(row)
	c.setValid(row)
	c.days = append(c.days, d)
}

// addItem appends one value to a topics column's list; endList then closes
// the row's list (NULL when it is empty).
func (c *colBuf) addItem(v string) {
	c.items.data = append(c.items.data, v...)
	c.items.offs = append(c.items.offs, int32(len(c.items.data)))
}

func (c *colBuf) endList(row int) {
	end := int32(len(c.items.offs) - 1)
	if end == c.offs[len(c.offs)-1] {
		c.addNull(row)
		return
	}
	c.next(row)
	c.setValid(row)
	c.offs = append(c.offs, end)
}

func (c *colBuf) isNull(row int) bool {
	return c.valid[row>>3]&(1<<(row&7)) == 0
}

// text is the text value of row, the last one added (a view of the buffer,
// valid until the batch is sent).
func (c *colBuf) text(row int) string {
	b := c.data[c.offs[row]:c.offs[row+1]]
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// drop takes back the value of row, the last one added.
func (c *colBuf) drop(row int) {
	if c.isNull(row) {
		c.nulls--
	}
	bytes := (row + 7) / 8 // drops the byte row started, if it did
	c.valid = c.valid[:bytes]
	if row&7 != 0 {
		c.valid[row>>3] &^= 1 << (row & 7)
	}
	switch c.typ {
	case tDate:
		c.days = c.days[:row]
	case tBool:
		c.data = c.data[:bytes]
		if row&7 != 0 {
			c.data[row>>3] &^= 1 << (row & 7)
		}
	case tTopics:
		c.offs = c.offs[:row+1]
		n := c.offs[row]
		c.items.offs = c.items.offs[:n+1]
		c.items.data = c.items.data[:c.items.offs[n]]
	default:
		c.offs = c.offs[:row+1]
		c.data = c.data[:c.offs[row]]
	}
}

// array hands the column's n values over as an Arrow array, without
// copying; reset must follow.
func (c *colBuf) array(n int) arrow.ArrayData {
	p := c.pool
	var valid *memory.Buffer
	if c.nulls > 0 {
		valid = p.buffer(c.valid)
		c.valid = nil
	}
	switch c.typ {
	case tDate:
		return newData(arrow.FixedWidthTypes.Date32, n, []*memory.Buffer{valid, p.buffer(int32Bytes(c.days))}, nil, c.nulls)
	case tBool:
		return newData(arrow.FixedWidthTypes.Boolean, n, []*memory.Buffer{valid, p.buffer(c.data)}, nil, c.nulls)
	case tTopics:
		items := c.items.array(len(c.items.offs) - 1)
		defer items.Release()
		return newData(arrowType(tTopics), n, []*memory.Buffer{valid, p.buffer(int32Bytes(c.offs))},
			[]arrow.ArrayData{items}, c.nulls)
	}
	return newData(arrow.BinaryTypes.String, n, []*memory.Buffer{valid, p.buffer(int32Bytes(c.offs)), p.buffer(c.data)},
		nil, c.nulls)
}
