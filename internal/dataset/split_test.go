package dataset

import (
	"fmt"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// Partitions run across batch boundaries and end inside batches; a NULL
// key is a partition of its own; the key column is left out.
func TestSplitAcrossBatches(t *testing.T) {
	schema := arrow.NewSchema([]arrow.Field{{Name: "k", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
		{Name: "v", Type: arrow.BinaryTypes.String}}, nil)
	batch := func(keys []int64, valid []bool, vals ...string) arrow.RecordBatch {
		b := array.NewRecordBuilder(memory.DefaultAllocator, schema)
		defer b.Release()
		b.Field(0).(*array.Int64Builder).AppendValues(keys, valid)
		b.Field(1).(*array.StringBuilder).AppendValues(vals, nil)
		return b.NewRecordBatch()
	}
	recs := []arrow.RecordBatch{
		batch([]int64{1, 1}, nil, "a", "b"),
		batch([]int64{1, 2}, nil, "c", "d"),
		batch([]int64{2, 2, 3}, nil, "e", "f", "g"),
		batch([]int64{0}, []bool{false}, "h"),
	}
	rr, err := array.NewRecordReader(schema, recs)
	if err != nil {
		t.Fatal(err)
	}
	defer rr.Release()
	var got []string
	err = split(rr, 1, func(keys []string, part *partReader) error {
		if n := len(part.Schema().Fields()); n != 1 {
			return fmt.Errorf("%d columns", n)
		}
		var vals []string
		for part.Next() {
			b := part.RecordBatch()
			for i := 0; i < int(b.NumRows()); i++ {
				vals = append(vals, b.Column(0).(*array.String).Value(i))
			}
		}
		got = append(got, keys[0]+":"+strings.Join(vals, ""))
		return nil
	})
	if want := "1:abc 2:def 3:g NULL:h"; err != nil || strings.Join(got, " ") != want {
		t.Errorf("partitions %q (%v), want %q", strings.Join(got, " "), err, want)
	}
}
