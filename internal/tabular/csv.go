package tabular

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"math/bits"
	"os"
	"strconv"
	"strings"
	"unicode"
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

// lineReader reads lines into chunks. A chunk is only ever written past
// what it holds, so slices of lines already returned stay valid and
// unchanged: a line that does not fit is continued in a new chunk.
//
// A line longer than max (when max > 0) is not kept: its bytes are dropped
// as they are read, and readLine returns errLongLine for it.
type lineReader struct {
	rd   io.Reader
	size int
	max  int
	buf  []byte // buf[:end] is read
	pos  int    // start of the next line
	scan int    // buf[pos:scan] holds no '\n'
	end  int
	eof  bool
	long bool // skipping the rest of a line longer than max
	err  error
	line int // physical lines returned so far
}

// errLongLine is returned by readLine for a line over the reader's max.
var errLongLine = errors.New("tabular: line over the size limit")

// readLine returns the next physical line without its line end (LF or CRLF).
func (l *lineReader) readLine() ([]byte, error) {
	for {
		if i := bytes.IndexByte(l.buf[l.scan:l.end], '\n'); i >= 0 {
			nl := l.scan + i
			line := l.buf[l.pos:nl]
			l.pos, l.scan = nl+1, nl+1
			l.line++
			if n := len(line); n > 0 && line[n-1] == '\r' {
				line = line[:n-1]
			}
			if l.long || (l.max > 0 && len(line) > l.max) {
				l.long = false
				return nil, errLongLine
			}
			return line, nil
		}
		l.scan = l.end
		if l.max > 0 && l.end-l.pos > l.max+1 { // +1: a CR before the LF
			// Too long: drop what is held; fill starts a new chunk.
			l.long = true
			l.pos = l.end
		}
		if l.eof {
			if l.pos < l.end || l.long {
				line := l.buf[l.pos:l.end]
				l.pos = l.end
				l.line++
				if n := len(line); n > 0 && line[n-1] == '\r' {
					line = line[:n-1]
				}
				if l.long || (l.max > 0 && len(line) > l.max) {
					l.long = false
					return nil, errLongLine
				}
				return line, nil
			}
			if l.err != nil {
				return nil, l.err
			}
			return nil, io.EOF
		}
		l.fill()
	}
}

func (l *lineReader) fill() {
	if l.end == len(l.buf) {
		// Chunk full: a new one, starting with the line begun in this one.
		rest := l.end - l.pos
		n := l.size
		for n < 2*rest {
			n *= 2
		}
		nb := make([]byte, n)
		copy(nb, l.buf[l.pos:l.end])
		l.buf, l.pos, l.scan, l.end = nb, 0, l.scan-l.pos, rest
	}
	n, err := l.rd.Read(l.buf[l.end:])
	l.end += n
	if err != nil {
		l.eof = true
		if err != io.EOF {
			l.err = err
		}
	}
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

// detectDelimiter picks ',', ';' or tab: the one that splits the header line
// into the most columns while the next lines give the same count.
func detectDelimiter(sample string, whole bool) byte {
	best, bestScore, bestCols := byte(','), -1.0, 0
	for _, d := range []byte{',', ';', '\t'} {
		cols, counts := probeDelimiter(sample, d, whole)
		if cols < 2 {
			continue
		}
		ok := 0
		for _, c := range counts {
			if c == cols {
				ok++
			}
		}
		score := 1.0
		if len(counts) > 0 {
			score = float64(ok) / float64(len(counts))
		}
		if score > bestScore || (score == bestScore && cols > bestCols) {
			best, bestScore, bestCols = d, score, cols
		}
	}
	return best
}

// probeDelimiter splits the sample with delimiter d and returns the header's
// column count and, for the next few records, their column counts (trailing
// empty cells not counted).
func probeDelimiter(sample string, d byte, whole bool) (int, []int) {
	r := newCSVScanner(strings.NewReader(sample), d, 64<<10)
	cols := -1
	var counts []int
	for len(counts) < 20 {
		line, err := r.lr.readLine()
		if err != nil {
			break
		}
		if isBlank(string(line)) {
			continue
		}
		text, err := r.parseRecord(line)
		if err != nil {
			break
		}
		n := len(r.ends)
		for n > 0 && isBlank(text[r.starts[n-1]:r.ends[n-1]]) {
			n--
		}
		if cols < 0 {
			cols = n
			continue
		}
		if n == 0 {
			continue
		}
		counts = append(counts, n)
	}
	if !whole && len(counts) > 0 {
		counts = counts[:len(counts)-1] // may be cut by the sample's end
	}
	return cols, counts
}

// trim removes surrounding white space (Unicode), BOMs and DOS EOF marks.
func trim(s string) string {
	if len(s) > 0 && s[0] > ' ' && s[0] < utf8.RuneSelf && s[len(s)-1] > ' ' && s[len(s)-1] < utf8.RuneSelf {
		return s // fast path, inlined
	}
	return trimSlow(s)
}

func trimSlow(s string) string {
	for len(s) > 0 {
		c := s[0]
		if c < utf8.RuneSelf {
			if !asciiSpace(c) {
				break
			}
			s = s[1:]
			continue
		}
		if !maySpaceStart(c) {
			break
		}
		r, n := utf8.DecodeRuneInString(s)
		if !unicode.IsSpace(r) && r != '\uFEFF' {
			break
		}
		s = s[n:]
	}
	for len(s) > 0 {
		c := s[len(s)-1]
		if c < utf8.RuneSelf {
			if !asciiSpace(c) {
				break
			}
			s = s[:len(s)-1]
			continue
		}
		if !maySpaceEnd(c) {
			break
		}
		r, n := utf8.DecodeLastRuneInString(s)
		if !unicode.IsSpace(r) && r != '\uFEFF' {
			break
		}
		s = s[:len(s)-n]
	}
	return s
}

// maySpaceStart and maySpaceEnd say whether a byte can be the first or the
// last byte of a non-ASCII white space (U+0085, U+00A0, U+1680, U+2000–U+200A,
// U+2028, U+2029, U+202F, U+205F, U+3000) or of a BOM (U+FEFF).
func maySpaceStart(c byte) bool {
	return c == 0xC2 || c == 0xE1 || c == 0xE2 || c == 0xE3 || c == 0xEF
}

func maySpaceEnd(c byte) bool {
	return c == 0x85 || c == 0xA0 || (c >= 0x80 && c <= 0x8A) || c == 0xA8 || c == 0xA9 || c == 0xAF || c == 0x9F || c == 0xBF
}

// isBlank says whether s is only white space.
func isBlank(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if !asciiSpace(c) {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsSpace(r) && r != '\uFEFF' {
			return false
		}
		i += n
	}
	return true
}

func asciiSpace(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\v', '\f', '\r', 0x1a:
		return true
	}
	return false
}
