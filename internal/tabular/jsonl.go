package tabular

import (
	"bytes"
	"encoding/json"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"unsafe"
)

// jsonlReader reads JSON Lines: one object per line. Its header is the union
// of the keys of all objects, in first-seen order, found by a first pass that
// also notes which lines are valid objects.
type jsonlReader struct {
	f        *os.File
	lr       lineReader // second pass; plain values point into its chunks
	info     Info
	header   []string
	index    map[string]int
	valid    []uint64 // bit n: physical line n is a JSON object
	lastCols []int    // the column of each key position in the last object
	values   []string
	closed   bool
}

func openJSONL(f *os.File, enc *textEncoding, sample string, lim Limits) (Reader, error) {
	if strings.IndexByte(sample, '\n') < 0 && strings.IndexByte(sample, '\r') >= 0 {
		enc.cr = true
	}
	rd, err := enc.reader(f)
	if err != nil {
		return nil, err
	}
	r := &jsonlReader{
		f:     f,
		info:  Info{Format: JSONL, Encoding: enc.name},
		index: map[string]int{},
	}
	// First pass: the union of keys; which lines are objects? A line over
	// the limit is not an object: the second pass rejects it.
	lr := lineReader{rd: rd, size: chunkSize, max: lim.MaxLineBytes}
	nonBlank, valid := 0, 0
	firstBad := ""
	for {
		b, err := lr.readLine()
		if err == io.EOF {
			break
		}
		line := lr.line
		if err == errLongLine {
			nonBlank++
			if firstBad == "" {
				firstBad = strconv.Itoa(line)
			}
			continue
		}
		if err != nil {
			return nil, err
		}
		t := trimJSONLine(b)
		if len(t) == 0 {
			continue
		}
		nonBlank++
		if !isJSONObject(t) {
			if firstBad == "" {
				firstBad = strconv.Itoa(line)
			}
			continue
		}
		valid++
		for len(r.valid) <= line/64 {
			r.valid = append(r.valid, 0)
		}
		r.valid[line/64] |= 1 << (line % 64)
		pos := 0
		iterObject(t, func(key, _ []byte) {
			p := pos
			pos++
			if _, ok := r.column(p, key); ok {
				return
			}
			k := trim(decodeJSONString(key))
			if k == "" {
				return
			}
			if _, ok := r.index[k]; !ok {
				r.index[k] = len(r.header)
				r.header = append(r.header, k)
			}
		})
		if len(r.header) > lim.MaxColumns {
			return nil, refuse("bad_format", "by line %d the JSON objects have more distinct keys than the limit of %d columns",
				line, lim.MaxColumns)
		}
	}
	switch {
	case nonBlank == 0:
		return nil, refuse("no_header", "the file has no JSON lines (only white space)")
	case valid == 0:
		return nil, refuse("bad_format", "no line of the file is a JSON object (%d non-blank lines; the first is line %s)", nonBlank, firstBad)
	case len(r.header) == 0:
		return nil, refuse("no_header", "the JSON objects in the file have no keys")
	}
	rd, err = enc.reader(f)
	if err != nil {
		return nil, err
	}
	r.lr = lineReader{rd: rd, size: chunkSize, max: lim.MaxLineBytes}
	r.values = make([]string, len(r.header))
	return r, nil
}

func (r *jsonlReader) Info() Info       { return r.info }
func (r *jsonlReader) Header() []string { return r.header }

func (r *jsonlReader) Close() error {
	if r.closed {
		return nil
	}
	r.closed = true
	r.lr = lineReader{}
	return r.f.Close()
}

// column returns the column of the raw key (with quotes) found at position
// pos of an object. Lines usually repeat the keys of the line before in the
// same order, so that guess is tried before the map.
func (r *jsonlReader) column(pos int, key []byte) (int, bool) {
	k := key[1 : len(key)-1]
	if pos < len(r.lastCols) {
		if c := r.lastCols[pos]; c >= 0 && r.header[c] == string(k) {
			return c, true
		}
	}
	c, ok := r.index[string(k)]
	if !ok {
		c, ok = r.index[trim(decodeJSONString(key))]
	}
	for len(r.lastCols) <= pos {
		r.lastCols = append(r.lastCols, -1)
	}
	if ok {
		r.lastCols[pos] = c
	}
	return c, ok
}

func (r *jsonlReader) isValid(line int) bool {
	return line/64 < len(r.valid) && r.valid[line/64]&(1<<(line%64)) != 0
}

func (r *jsonlReader) Next() (Record, error) {
	if r.closed {
		return Record{}, errClosed
	}
	for {
		line, err := r.lr.readLine()
		if err == errLongLine {
			return Record{Line: r.lr.line, Err: "bad_format",
				Detail: "line " + strconv.Itoa(r.lr.line) + " is longer than the limit of " + bytesText(int64(r.lr.max)) + "; it was skipped unread"}, nil
		}
		if err != nil {
			return Record{}, err
		}
		t := trimJSONLine(line)
		if len(t) == 0 {
			continue
		}
		n := r.lr.line
		if !r.isValid(n) {
			return Record{Line: n, Err: "bad_json", Raw: truncate(string(t), maxRaw)}, nil
		}
		for i := range r.values {
			r.values[i] = ""
		}
		pos := 0
		iterObject(t, func(key, raw []byte) {
			if i, ok := r.column(pos, key); ok {
				r.values[i] = jsonText(raw)
			}
			pos++
		})
		return Record{Line: n, Values: r.values}, nil
	}
}

// trimJSONLine trims white space and a stray BOM from a line.
func trimJSONLine(b []byte) []byte {
	b = bytes.TrimSpace(b)
	if bytes.HasPrefix(b, []byte("\uFEFF")) {
		b = bytes.TrimSpace(b[3:])
	}
	return b
}

func isJSONObject(b []byte) bool {
	return validObject(b)
}

func skipWS(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// endOfString returns the index just after the JSON string starting at b[i].
func endOfString(b []byte, i int) int {
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return len(b)
}

// endOfValue returns the index just after the JSON value starting at b[i].
func endOfValue(b []byte, i int) int {
	switch b[i] {
	case '"':
		return endOfString(b, i)
	case '{', '[':
		depth := 0
		for j := i; j < len(b); j++ {
			switch b[j] {
			case '"':
				j = endOfString(b, j) - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1
				}
			}
		}
		return len(b)
	}
	j := i
	for j < len(b) && b[j] != ',' && b[j] != '}' && b[j] != ']' && b[j] != ' ' && b[j] != '\t' && b[j] != '\n' && b[j] != '\r' {
		j++
	}
	return j
}

// iterObject calls fn with each member (raw key with quotes, raw value) of a
// valid JSON object.
func iterObject(b []byte, fn func(key, raw []byte)) {
	i := skipWS(b, 0) + 1 // '{'
	for i < len(b) {
		i = skipWS(b, i)
		if i >= len(b) || b[i] == '}' {
			return
		}
		if b[i] == ',' {
			i++
			continue
		}
		j := endOfString(b, i)
		key := b[i:j]
		i = skipWS(b, j) + 1 // ':'
		i = skipWS(b, i)
		k := endOfValue(b, i)
		fn(key, b[i:k])
		i = k
	}
}

// iterArray calls fn with each element of a valid JSON array.
func iterArray(b []byte, fn func(raw []byte)) {
	i := skipWS(b, 0) + 1 // '['
	for i < len(b) {
		i = skipWS(b, i)
		if i >= len(b) || b[i] == ']' {
			return
		}
		if b[i] == ',' {
			i++
			continue
		}
		k := endOfValue(b, i)
		fn(b[i:k])
		i = k
	}
}

// decodeJSONString decodes a raw JSON string (with its quotes).
func decodeJSONString(raw []byte) string {
	if len(raw) >= 2 && bytes.IndexByte(raw, '\\') < 0 {
		return string(raw[1 : len(raw)-1])
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return string(raw)
	}
	return s
}

// jsonText turns a raw JSON value into the text of a cell: strings as is,
// numbers plainly, booleans true/false, null empty, arrays of scalars joined
// with "|", objects (and arrays holding them) as compact JSON.
func jsonText(raw []byte) string {
	if len(raw) == 0 {
		return ""
	}
	switch raw[0] {
	case '"':
		if bytes.IndexByte(raw, '\\') < 0 {
			// No escapes: the text as it is in the line's chunk, not copied.
			return trim(unsafe.String(&raw[1], len(raw)-2))
		}
		return trim(decodeJSONString(raw))
	case 'n':
		return ""
	case 't':
		return "true"
	case 'f':
		return "false"
	case '{':
		return compactJSON(raw)
	case '[':
		var parts []string
		nested := false
		iterArray(raw, func(el []byte) {
			switch el[0] {
			case '{', '[':
				nested = true
			case 'n':
			default:
				parts = append(parts, jsonText(el))
			}
		})
		if nested {
			return compactJSON(raw)
		}
		return strings.Join(parts, "|")
	}
	return formatJSONNumber(unsafe.String(&raw[0], len(raw)))
}

func compactJSON(raw []byte) string {
	var b bytes.Buffer
	if json.Compact(&b, raw) != nil {
		return string(raw)
	}
	return b.String()
}

// formatJSONNumber writes a JSON number plainly: integers without decimals
// or exponent, other numbers in the shortest decimal form.
func formatJSONNumber(s string) string {
	plainInt := len(s) > 0
	for i := 0; i < len(s); i++ {
		if (s[i] < '0' || s[i] > '9') && !(i == 0 && s[i] == '-') {
			plainInt = false
			break
		}
	}
	if plainInt {
		return s
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return s
	}
	if f == math.Trunc(f) && math.Abs(f) < 1e15 {
		return strconv.FormatInt(int64(f), 10)
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}
