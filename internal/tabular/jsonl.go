package tabular

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
)

// jsonlReader reads JSON Lines: one object per line. Its header is the union
// of the keys of all objects, in first-seen order (found by a first pass).
type jsonlReader struct {
	f       *os.File
	br      *bufio.Reader
	info    Info
	header  []string
	index   map[string]int
	values  []string
	line    int
	lineBuf []byte
	closed  bool
}

func openJSONL(f *os.File, enc *textEncoding, sample string) (Reader, error) {
	if strings.IndexByte(sample, '\n') < 0 && strings.IndexByte(sample, '\r') >= 0 {
		enc.cr = true
	}
	rd, err := enc.reader(f)
	if err != nil {
		return nil, err
	}
	r := &jsonlReader{
		f:     f,
		br:    bufio.NewReaderSize(rd, 256<<10),
		info:  Info{Format: JSONL, Encoding: enc.name},
		index: map[string]int{},
	}
	// First pass: the union of keys; is any line an object at all?
	nonBlank, valid := 0, 0
	firstBad := ""
	for {
		line, err := r.readLine()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		t := trimJSONLine(line)
		if len(t) == 0 {
			continue
		}
		nonBlank++
		if !isJSONObject(t) {
			if firstBad == "" {
				firstBad = truncate(string(t), 60)
			}
			continue
		}
		valid++
		iterObject(t, func(key, _ []byte) {
			k := trim(decodeJSONString(key))
			if k == "" {
				return
			}
			if _, ok := r.index[k]; !ok {
				r.index[k] = len(r.header)
				r.header = append(r.header, k)
			}
		})
	}
	switch {
	case nonBlank == 0:
		return nil, refuse("no_header", "the file has no JSON lines (only white space)")
	case valid == 0:
		return nil, refuse("bad_format", "no line of the file is a JSON object (%d non-blank lines; the first starts %q)", nonBlank, firstBad)
	case len(r.header) == 0:
		return nil, refuse("no_header", "the JSON objects in the file have no keys")
	}
	rd, err = enc.reader(f)
	if err != nil {
		return nil, err
	}
	r.br.Reset(rd)
	r.line = 0
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
	return r.f.Close()
}

func (r *jsonlReader) readLine() ([]byte, error) {
	line, err := r.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		r.lineBuf = append(r.lineBuf[:0], line...)
		for err == bufio.ErrBufferFull {
			line, err = r.br.ReadSlice('\n')
			r.lineBuf = append(r.lineBuf, line...)
		}
		line = r.lineBuf
	}
	if len(line) == 0 {
		if err == nil {
			err = io.EOF
		}
		return nil, err
	}
	if err != nil && err != io.EOF {
		return nil, err
	}
	r.line++
	return line, nil
}

func (r *jsonlReader) Next() (Record, error) {
	if r.closed {
		return Record{}, errClosed
	}
	for {
		line, err := r.readLine()
		if err != nil {
			return Record{}, err
		}
		t := trimJSONLine(line)
		if len(t) == 0 {
			continue
		}
		if !isJSONObject(t) {
			return Record{Line: r.line, Err: "bad_json", Raw: truncate(string(t), maxRaw)}, nil
		}
		for i := range r.values {
			r.values[i] = ""
		}
		iterObject(t, func(key, raw []byte) {
			i, ok := r.index[string(key[1:len(key)-1])]
			if !ok {
				i, ok = r.index[trim(decodeJSONString(key))]
			}
			if ok {
				r.values[i] = jsonText(raw)
			}
		})
		return Record{Line: r.line, Values: r.values}, nil
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
	return len(b) > 0 && b[0] == '{' && json.Valid(b)
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
	return formatJSONNumber(string(raw))
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
