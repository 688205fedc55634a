package ingest

import (
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// maxBatchBytes bounds the text of one column in a batch, well below the 2 GB
// that Arrow's 32-bit offsets can address (cells may be made very long with
// Limits.MaxCellBytes).
const maxBatchBytes = 256 << 20

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
}

func newColBuf(t colType) *colBuf {
	c := &colBuf{typ: t}
	if t == tTopics {
		c.items = newColBuf(tText)
	}
	c.reset(0)
	return c
}

// reset empties the column for the next batch, sized for rows values.
// The old slices went to the batch just sent, so new ones are made.
func (c *colBuf) reset(rows int) {
	c.nulls = 0
	c.valid = make([]byte, 0, (rows+7)/8)
	switch c.typ {
	case tDate:
		c.days = make([]int32, 0, rows)
	case tBool:
		c.data = make([]byte, 0, (rows+7)/8)
	default:
		c.offs = append(make([]int32, 0, rows+1), 0)
		if c.typ == tText || c.typ == tUpper || c.typ == tEnum {
			c.data = make([]byte, 0, len(c.data))
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

// array wraps the column's n values as an Arrow array, without copying.
func (c *colBuf) array(n int) arrow.ArrayData {
	var valid *memory.Buffer
	if c.nulls > 0 {
		valid = memory.NewBufferBytes(c.valid)
	}
	switch c.typ {
	case tDate:
		return array.NewData(arrow.FixedWidthTypes.Date32, n, []*memory.Buffer{valid, int32Bytes(c.days)}, nil, c.nulls, 0)
	case tBool:
		return array.NewData(arrow.FixedWidthTypes.Boolean, n, []*memory.Buffer{valid, memory.NewBufferBytes(c.data)}, nil, c.nulls, 0)
	case tTopics:
		items := c.items.array(len(c.items.offs) - 1)
		defer items.Release()
		return array.NewData(arrowType(tTopics), n, []*memory.Buffer{valid, int32Bytes(c.offs)},
			[]arrow.ArrayData{items}, c.nulls, 0)
	}
	return array.NewData(arrow.BinaryTypes.String, n, []*memory.Buffer{valid, int32Bytes(c.offs), memory.NewBufferBytes(c.data)},
		nil, c.nulls, 0)
}

func int32Bytes(v []int32) *memory.Buffer {
	if len(v) == 0 {
		return memory.NewBufferBytes(nil)
	}
	return memory.NewBufferBytes(unsafe.Slice((*byte)(unsafe.Pointer(&v[0])), 4*len(v)))
}

func int64Bytes(v []int64) *memory.Buffer {
	if len(v) == 0 {
		return memory.NewBufferBytes(nil)
	}
	return memory.NewBufferBytes(unsafe.Slice((*byte)(unsafe.Pointer(&v[0])), 8*len(v)))
}
