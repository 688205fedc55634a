package export

import (
	"strconv"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// text renders one Arrow cell for CSV: NULL empty, lists joined with "|",
// dates YYYY-MM-DD, timestamps RFC 3339, numbers in full precision; with
// italian, decimals take a comma (Excel it-IT reads "0,5" as a number).
func text(a arrow.Array, i int, italian bool) string {
	if a.IsNull(i) {
		return ""
	}
	switch x := a.(type) {
	case *array.String:
		return x.Value(i)
	case *array.LargeString:
		return x.Value(i)
	case *array.Boolean:
		return strconv.FormatBool(x.Value(i))
	case *array.Float64:
		return decimal(strconv.FormatFloat(x.Value(i), 'g', -1, 64), italian)
	case *array.Float32:
		return decimal(strconv.FormatFloat(float64(x.Value(i)), 'g', -1, 32), italian)
	case *array.Date32:
		return x.Value(i).ToTime().Format(time.DateOnly)
	case *array.Timestamp:
		unit := x.DataType().(*arrow.TimestampType).Unit
		return x.Value(i).ToTime(unit).UTC().Format(time.RFC3339Nano)
	case *array.List:
		start, end := x.ValueOffsets(i)
		parts := make([]string, 0, end-start)
		for j := int(start); j < int(end); j++ {
			parts = append(parts, text(x.ListValues(), j, italian))
		}
		return strings.Join(parts, "|")
	case *array.Decimal128, *array.Decimal256:
		return decimal(a.ValueStr(i), italian)
	}
	return a.ValueStr(i)
}

func decimal(s string, italian bool) string {
	if italian {
		return strings.Replace(s, ".", ",", 1)
	}
	return s
}

// value is one Arrow cell as a Go value for JSON and XLSX: numbers stay
// numbers, lists become slices, dates and times time.Time.
func value(a arrow.Array, i int) any {
	if a.IsNull(i) {
		return nil
	}
	switch x := a.(type) {
	case *array.String:
		return x.Value(i)
	case *array.Boolean:
		return x.Value(i)
	case *array.Float64:
		return x.Value(i)
	case *array.Float32:
		return float64(x.Value(i))
	case *array.Int64:
		return x.Value(i)
	case *array.Int32:
		return int64(x.Value(i))
	case *array.Int16:
		return int64(x.Value(i))
	case *array.Int8:
		return int64(x.Value(i))
	case *array.Uint64:
		return x.Value(i)
	case *array.Uint32:
		return int64(x.Value(i))
	case *array.Uint16:
		return int64(x.Value(i))
	case *array.Uint8:
		return int64(x.Value(i))
	case *array.Date32:
		return x.Value(i).ToTime()
	case *array.Timestamp:
		return x.Value(i).ToTime(x.DataType().(*arrow.TimestampType).Unit).UTC()
	case *array.List:
		start, end := x.ValueOffsets(i)
		out := make([]any, 0, end-start)
		for j := int(start); j < int(end); j++ {
			out = append(out, value(x.ListValues(), j))
		}
		return out
	case *array.Decimal128, *array.Decimal256:
		if f, err := strconv.ParseFloat(a.ValueStr(i), 64); err == nil {
			return f
		}
	}
	return a.ValueStr(i)
}

// jsonValue is value with dates as text (YYYY-MM-DD, or RFC 3339).
func jsonValue(a arrow.Array, i int) any {
	v := value(a, i)
	switch x := v.(type) {
	case time.Time:
		if _, ok := a.(*array.Date32); ok {
			return x.Format(time.DateOnly)
		}
		return x.Format(time.RFC3339Nano)
	case []any:
		l := a.(*array.List)
		start, _ := l.ValueOffsets(i)
		for j := range x {
			if _, ok := x[j].(time.Time); ok {
				x[j] = jsonValue(l.ListValues(), int(start)+j)
			}
		}
	}
	return v
}
