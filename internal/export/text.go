package export

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Text renders a scanned value as CSV text: NULL as empty, dates as
// YYYY-MM-DD, floats in the shortest exact form.
func Text(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case []byte:
		return string(x)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case float32:
		return strconv.FormatFloat(float64(x), 'g', -1, 32)
	case time.Time:
		return timeText(x)
	case bool:
		return strconv.FormatBool(x)
	case []any: // a list: its items joined with "|", as the exports write lists
		parts := make([]string, len(x))
		for i, v := range x {
			parts[i] = Text(v)
		}
		return strings.Join(parts, "|")
	}
	if b, err := json.Marshal(v); err == nil {
		if s := string(b); len(s) > 0 && s[0] != '"' {
			return s
		}
	}
	return fmt.Sprint(v)
}

// JSONValue converts a scanned value into something encoding/json renders
// well (dates as text, bytes as text).
func JSONValue(v any) any {
	switch x := v.(type) {
	case []byte:
		return string(x)
	case time.Time:
		return timeText(x)
	}
	return v
}

func timeText(t time.Time) string {
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
		return t.Format(time.DateOnly)
	}
	return t.Format(time.RFC3339)
}
