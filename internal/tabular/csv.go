package tabular

import (
	"bytes"
	"encoding/binary"
	"io"
	"math/bits"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"
)

// csvReader is a hand-written CSV scanner: delimiter ',', ';' or tab,
// RFC 4180 quotes ("" escapes, quoted delimiters and newlines), forgiving
// with stray quotes, counting physical lines.
//
// It avoids copying: lines are read into large chunks that are never written
// again once filled, and the values of a record without quotes are strings
// pointing into its chunk. Records with quotes are unescaped into an arena
// with the same never-rewritten property.
type csvReader struct {
	f        *os.File
	lr       lineReader
	info     Info
	delim    byte
	header   []string
	buf      []byte // the current quoted record's field bytes, back to back
	arena    []byte // where buf lives; arena[:arenaOff] backs returned strings
	arenaOff int
	starts   []int // where each field starts in the record's text
	ends     []int // where each field ends in the record's text
	values   []string
	closed   bool
}

const (
	swarOnes = 0x0101010101010101
	swarLow7 = 0x7f7f7f7f7f7f7f7f
)

const (
	chunkSize = 1 << 20   // the line reader's chunks
	arenaSize = 256 << 10 // the blocks that hold unescaped quoted records
)

func openCSV(f *os.File, enc *textEncoding, sample string, whole bool, lim Limits) (Reader, error) {
	if strings.IndexByte(sample, '\n') < 0 && strings.IndexByte(sample, '\r') >= 0 {
		// Classic Mac line ends (lone CR), as Excel for Mac's "CSV (Macintosh)" writes.
		enc.cr = true
		sample = strings.ReplaceAll(sample, "\r", "\n")
	}
	delim := detectDelimiter(sample, whole)
	rd, err := enc.reader(f)
	if err != nil {
		return nil, err
	}
	r := newCSVScanner(rd, delim, chunkSize)
	r.lr.max = lim.MaxLineBytes
	r.f = f
	r.info = Info{Format: CSV, Encoding: enc.name, Delimiter: rune(delim)}
	if err := r.readHeader(); err != nil {
		return nil, err
	}
	return r, nil
}

func newCSVScanner(rd io.Reader, delim byte, size int) *csvReader {
	return &csvReader{lr: lineReader{rd: rd, size: size}, delim: delim}
}

func (r *csvReader) Info() Info       { return r.info }
func (r *csvReader) Header() []string { return r.header }

func (r *csvReader) Close() error {
	if r.closed {
		return nil
	}
	r.closed = true
	r.lr = lineReader{}
	if r.f != nil {
		return r.f.Close()
	}
	return nil
}

// keep turns the current quoted record's bytes into a string without
// copying them: they were written into the arena, whose used part is never
// written again. (A record too long for the arena's rest was moved by append
// to a slice of its own, which nothing else uses either.)
func (r *csvReader) keep() string {
	if len(r.buf) == 0 {
		return ""
	}
	s := unsafe.String(&r.buf[0], len(r.buf))
	if r.arenaOff < len(r.arena) && &r.buf[0] == &r.arena[r.arenaOff] {
		r.arenaOff += len(r.buf)
	}
	return s
}

func (r *csvReader) isSpace(c byte) bool {
	return c == ' ' || (c == '\t' && r.delim != '\t')
}

// parseRecord splits the record that starts with line into fields
// text[r.starts[i]:r.ends[i]], reading more lines while a quoted field goes on.
// text stays valid after later calls.
func (r *csvReader) parseRecord(line []byte) (text string, err error) {
	r.starts = r.starts[:0]
	r.ends = r.ends[:0]
	d := r.delim
	if bytes.IndexByte(line, '"') < 0 {
		// Fast path, no quotes: the fields are slices of the line. The
		// delimiters are found eight bytes at a time.
		start, i := 0, 0
		pat := swarOnes * uint64(d)
		for ; i+8 <= len(line); i += 8 {
			x := binary.LittleEndian.Uint64(line[i:]) ^ pat
			m := ^((x & swarLow7) + swarLow7 | x | swarLow7) // high bit set where x's byte is 0
			for m != 0 {
				j := i + bits.TrailingZeros64(m)>>3
				r.starts = append(r.starts, start)
				r.ends = append(r.ends, j)
				start = j + 1
				m &= m - 1
			}
		}
		for ; i < len(line); i++ {
			if line[i] == d {
				r.starts = append(r.starts, start)
				r.ends = append(r.ends, i)
				start = i + 1
			}
		}
		r.starts = append(r.starts, start)
		r.ends = append(r.ends, len(line))
		if len(line) == 0 {
			return "", nil
		}
		return unsafe.String(&line[0], len(line)), nil
	}
	if r.arena == nil || r.arenaOff+4096 > len(r.arena) {
		r.arena = make([]byte, arenaSize)
		r.arenaOff = 0
	}
	r.buf = r.arena[r.arenaOff:r.arenaOff:len(r.arena)]
	pos := 0
	for {
		r.starts = append(r.starts, len(r.buf))
		i := pos
		for i < len(line) && r.isSpace(line[i]) {
			i++
		}
		if i >= len(line) || line[i] != '"' {
			// Unquoted field: up to the next delimiter; quotes inside are literal.
			k := bytes.IndexByte(line[pos:], d)
			if k < 0 {
				r.buf = append(r.buf, line[pos:]...)
				r.ends = append(r.ends, len(r.buf))
				return r.keep(), nil
			}
			r.buf = append(r.buf, line[pos:pos+k]...)
			r.ends = append(r.ends, len(r.buf))
			pos += k + 1
			continue
		}
		// Quoted field.
		i++
	quoted:
		for {
			k := bytes.IndexByte(line[i:], '"')
			if k < 0 {
				r.buf = append(r.buf, line[i:]...)
				if r.lr.max > 0 && len(r.buf) > r.lr.max {
					return "", r.longRecord()
				}
				next, err := r.lr.readLine()
				if err != nil {
					if err == io.EOF { // unterminated quote: the field ends with the file
						r.ends = append(r.ends, len(r.buf))
						return r.keep(), nil
					}
					if err == errLongLine {
						return "", r.longRecord()
					}
					return "", err
				}
				r.buf = append(r.buf, '\n')
				line, i = next, 0
				continue
			}
			r.buf = append(r.buf, line[i:i+k]...)
			i += k + 1
			if i < len(line) && line[i] == '"' { // "" is a quote
				r.buf = append(r.buf, '"')
				i++
				continue
			}
			j := i
			for j < len(line) && r.isSpace(line[j]) {
				j++
			}
			if j == len(line) {
				r.ends = append(r.ends, len(r.buf))
				return r.keep(), nil
			}
			if line[j] == d {
				r.ends = append(r.ends, len(r.buf))
				pos = j + 1
				break quoted
			}
			// A stray quote inside a quoted field: keep it as text.
			r.buf = append(r.buf, '"')
		}
	}
}

// longRecord refuses a file whose quoted record runs on past the line limit:
// where its next record starts cannot be known.
func (r *csvReader) longRecord() error {
	return refuse("bad_format", "a quoted record runs on past line %d and over the limit of %s (an unclosed quote?)",
		r.lr.line, bytesText(int64(r.lr.max)))
}

// longLine is the row of a line over the limit.
func (r *csvReader) longLine() Record {
	return Record{Line: r.lr.line, Err: "bad_format",
		Detail: "line " + strconv.Itoa(r.lr.line) + " is longer than the limit of " + bytesText(int64(r.lr.max)) + "; it was skipped unread"}
}

// blankRecord says whether every field of the current record (text) is empty.
func (r *csvReader) blankRecord(text string) bool {
	if len(r.ends) > 0 && r.ends[0] > r.starts[0] {
		if c := text[r.starts[0]]; c > ' ' && c < utf8.RuneSelf {
			return false // fast path: the first field starts with a letter
		}
	}
	for i, end := range r.ends {
		if !isBlank(text[r.starts[i]:end]) {
			return false
		}
	}
	return true
}

func (r *csvReader) readHeader() error {
	for {
		line, err := r.lr.readLine()
		if err == io.EOF {
			return refuse("no_header", "the file has no header line (only white space)")
		}
		if err == errLongLine {
			return refuse("bad_format", "the header line (line %d) is longer than the limit of %s", r.lr.line, bytesText(int64(r.lr.max)))
		}
		if err != nil {
			return err
		}
		if isBlank(unsafe.String(unsafe.SliceData(line), len(line))) {
			continue // leading blank lines
		}
		text, err := r.parseRecord(line)
		if err != nil {
			return err
		}
		h := make([]string, len(r.ends))
		for i, end := range r.ends {
			h[i] = strings.Clone(trim(text[r.starts[i]:end]))
		}
		for len(h) > 0 && h[len(h)-1] == "" {
			h = h[:len(h)-1]
		}
		if len(h) == 0 {
			return refuse("no_header", "the header line (line %d) has no column names", r.lr.line)
		}
		r.header = h
		r.values = make([]string, len(h))
		return nil
	}
}

func (r *csvReader) Next() (Record, error) {
	if r.closed {
		return Record{}, errClosed
	}
	for {
		line, err := r.lr.readLine()
		if err == errLongLine {
			return r.longLine(), nil
		}
		if err != nil {
			return Record{}, err
		}
		start := r.lr.line
		if len(line) == 0 {
			continue
		}
		s, err := r.parseRecord(line)
		if err != nil {
			return Record{}, err
		}
		if r.blankRecord(s) {
			continue // a blank line: only delimiters and white space
		}
		vals := r.values
		h := len(vals)
		n := len(r.ends)
		if n > h {
			for i := h; i < n; i++ {
				if trim(s[r.starts[i]:r.ends[i]]) != "" {
					return Record{Line: start, Err: "bad_format", Raw: r.rawText(s)}, nil
				}
			}
			n = h
		}
		starts, ends := r.starts[:n], r.ends[:n]
		for i := range starts {
			v := s[starts[i]:ends[i]]
			if len(v) > 0 && (v[0] <= ' ' || v[0] >= utf8.RuneSelf || v[len(v)-1] <= ' ' || v[len(v)-1] >= utf8.RuneSelf) {
				v = trimSlow(v) // trim, by hand-inlined fast path
			}
			vals[i] = v
		}
		for i := n; i < h; i++ {
			vals[i] = ""
		}
		return Record{Line: start, Values: vals}, nil
	}
}

// rawText rebuilds the record's text (fields joined by the delimiter).
func (r *csvReader) rawText(s string) string {
	var b strings.Builder
	for i, end := range r.ends {
		if i > 0 {
			b.WriteByte(r.delim)
		}
		b.WriteString(s[r.starts[i]:end])
		if b.Len() > maxRaw {
			break
		}
	}
	return truncate(b.String(), maxRaw)
}
