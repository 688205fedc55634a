package ingest

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// TestColBufDrop builds columns of every type with random NULLs, dropping
// random rows (at and across bitmap byte boundaries), and compares the Arrow
// arrays with the values kept.
func TestColBufDrop(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, typ := range []colType{tText, tDate, tBool, tTopics} {
		c := newColBuf(typ, &bufPool{})
		var want []string // "" for NULL
		for round := 0; round < 3; round++ {
			row := 0
			want = want[:0]
			for i := 0; i < 300; i++ {
				null := rng.IntN(4) == 0
				v := ""
				switch {
				case null && typ == tTopics:
					c.endList(row) // an empty list is NULL
				case null:
					c.addNull(row)
				case typ == tText:
					v = fmt.Sprintf("v%d", i)
					c.addText(row, v)
				case typ == tDate:
					c.addDate(row, int32(i))
					v = dateString(int32(i))
				case typ == tBool:
					c.addBool(row, i%3 == 0)
					v = fmt.Sprint(i%3 == 0)
				case typ == tTopics:
					c.addItem("a")
					c.addItem(fmt.Sprint(i))
					c.endList(row)
					v = fmt.Sprintf("a|%d", i)
				}
				if rng.IntN(3) == 0 {
					c.drop(row)
					continue
				}
				want = append(want, v)
				row++
			}
			d := c.array(row)
			arr := array.MakeFromData(d)
			d.Release()
			if arr.Len() != len(want) {
				t.Fatalf("%v: %d values, want %d", typ, arr.Len(), len(want))
			}
			nulls := 0
			for i, w := range want {
				if w == "" {
					nulls++
					if !arr.IsNull(i) {
						t.Fatalf("%v row %d: %s, want NULL", typ, i, arr.ValueStr(i))
					}
					continue
				}
				if arr.IsNull(i) {
					t.Fatalf("%v row %d: NULL, want %s", typ, i, w)
				}
				if got := valueText(arr, i); got != w {
					t.Fatalf("%v row %d: %s, want %s", typ, i, got, w)
				}
			}
			if arr.NullN() != nulls {
				t.Fatalf("%v: %d NULLs, want %d", typ, arr.NullN(), nulls)
			}
			if err := array.ValidateFull(arr); err != nil {
				t.Fatalf("%v: %v", typ, err)
			}
			arr.Release()
			c.reset(row)
		}
	}
}

// valueText is a value as the test writes it (a list's items joined by '|').
func valueText(arr arrow.Array, i int) string {
	l, ok := arr.(*array.List)
	if !ok {
		return arr.ValueStr(i)
	}
	items := l.ListValues().(*array.String)
	var parts []string
	for j := l.Offsets()[i]; j < l.Offsets()[i+1]; j++ {
		parts = append(parts, items.Value(int(j)))
	}
	return strings.Join(parts, "|")
}
