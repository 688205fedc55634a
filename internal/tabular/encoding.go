package tabular

import (
	"bytes"
	"encoding/binary"
	"io"
	"os"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

type encKind int

const (
	encUTF8 encKind = iota
	encWindows1252
	encUTF16LE
	encUTF16BE
)

// textEncoding is how a text file's bytes become UTF-8.
type textEncoding struct {
	name string
	kind encKind
	skip int  // UTF-8: bytes of BOM to skip
	bom  bool // UTF-16: the file starts with a BOM
	cr   bool // lines end with a lone CR (classic Mac); set by the caller
	// Windows-1252: the first byte that is not UTF-8, and its line (for a
	// format that must be UTF-8).
	invalidByte byte
	invalidLine int
}

// decodeSample turns the start of the file into UTF-8 text for sniffing.
func (e *textEncoding) decodeSample(head []byte, whole bool) string {
	switch e.kind {
	case encWindows1252:
		out, _, _ := transform.Bytes(charmap.Windows1252.NewDecoder(), head)
		return string(out)
	case encUTF16LE, encUTF16BE:
		h := head
		if len(h)%2 == 1 {
			h = h[:len(h)-1]
		}
		out, _, _ := transform.Bytes(e.utf16Encoding().NewDecoder(), h)
		return string(out)
	}
	s := string(head[e.skip:])
	if !whole {
		// Drop a rune cut in half by the sample's end.
		for i := 0; i < 3 && len(s) > 0; i++ {
			r, n := utf8.DecodeLastRuneInString(s)
			if r != utf8.RuneError || n != 1 {
				break
			}
			s = s[:len(s)-1]
		}
	}
	return s
}

// reader returns the file's content from its start as UTF-8.
func (e *textEncoding) reader(f *os.File) (io.Reader, error) {
	var r io.Reader
	switch e.kind {
	case encUTF8:
		if _, err := f.Seek(int64(e.skip), io.SeekStart); err != nil {
			return nil, err
		}
		r = f
	case encWindows1252:
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return nil, err
		}
		r = &cp1252Reader{r: f}
	case encUTF16LE, encUTF16BE:
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return nil, err
		}
		r = transform.NewReader(f, e.utf16Encoding().NewDecoder())
	}
	if e.cr {
		r = &crReader{r: r}
	}
	return r, nil
}

func (e *textEncoding) utf16Encoding() encoding.Encoding {
	endian := unicode.LittleEndian
	if e.kind == encUTF16BE {
		endian = unicode.BigEndian
	}
	bom := unicode.IgnoreBOM
	if e.bom {
		bom = unicode.ExpectBOM
	}
	return unicode.UTF16(endian, bom)
}

// crReader turns lone-CR line ends into LF.
type crReader struct{ r io.Reader }

func (c *crReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	for i := 0; i < n; i++ {
		if p[i] == '\r' {
			p[i] = '\n'
		}
	}
	return n, err
}

// detectEncoding decides how the text file f is encoded. head is the start of
// the file. It scans the whole file (UTF-8 validity, NUL bytes) when there is
// no BOM, so that the decision holds for every line, not just the first.
func detectEncoding(f *os.File, head []byte, size int64) (*textEncoding, error) {
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		st, err := scanUTF8(f, 3, size)
		if err != nil {
			return nil, err
		}
		if st.nul {
			return nil, refuse("bad_format", "the content is binary data (NUL bytes), not text")
		}
		if st.invalidAt >= 0 {
			return nil, refuse("bad_encoding", "the file starts with a UTF-8 byte order mark but byte 0x%02X at line %d is not valid UTF-8", st.invalidByte, st.invalidLine)
		}
		return &textEncoding{name: "utf-8-bom", kind: encUTF8, skip: 3}, nil
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		return &textEncoding{name: "utf-16le", kind: encUTF16LE, bom: true}, nil
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return &textEncoding{name: "utf-16be", kind: encUTF16BE, bom: true}, nil
	}
	if k, ok := utf16WithoutBOM(head); ok {
		if k == encUTF16LE {
			return &textEncoding{name: "utf-16le", kind: encUTF16LE}, nil
		}
		return &textEncoding{name: "utf-16be", kind: encUTF16BE}, nil
	}
	st, err := scanUTF8(f, 0, size)
	if err != nil {
		return nil, err
	}
	if st.nul {
		return nil, refuse("bad_format", "the content is binary data (NUL bytes), not text")
	}
	if st.invalidAt < 0 {
		return &textEncoding{name: "utf-8", kind: encUTF8}, nil
	}
	// Not UTF-8: Windows-1252 (a superset of ISO-8859-1 for printable text),
	// unless bytes undefined there occur, or the file is mostly UTF-8 with a
	// few stray bytes (decoding it as Windows-1252 would garble its accents).
	w, err := scan1252(f, size)
	if err != nil {
		return nil, err
	}
	if w.nul {
		return nil, refuse("bad_format", "the content is binary data (NUL bytes), not text")
	}
	if w.undefinedAt >= 0 {
		return nil, refuse("bad_encoding", "the file is neither UTF-8 (byte 0x%02X at line %d) nor Windows-1252/ISO-8859-1 (byte 0x%02X at line %d is undefined there)",
			st.invalidByte, st.invalidLine, w.undefinedByte, w.undefinedLine)
	}
	if w.utf8Multi > 0 && w.utf8Multi >= w.invalid {
		return nil, refuse("bad_encoding", "the file mixes encodings: it is mostly UTF-8 (%d multi-byte characters) but byte 0x%02X at line %d is not valid UTF-8",
			w.utf8Multi, st.invalidByte, st.invalidLine)
	}
	return &textEncoding{name: "windows-1252", kind: encWindows1252, invalidByte: st.invalidByte, invalidLine: st.invalidLine}, nil
}

// utf16WithoutBOM recognises UTF-16 text without a byte order mark by its
// pattern of zero bytes (Latin text has a zero high byte in every unit).
func utf16WithoutBOM(head []byte) (encKind, bool) {
	n := min(len(head), 4096) &^ 1
	if n < 4 {
		return 0, false
	}
	even, odd := 0, 0
	for i := 0; i < n; i += 2 {
		if head[i] == 0 {
			even++
		}
		if head[i+1] == 0 {
			odd++
		}
	}
	units := n / 2
	switch {
	case odd*10 >= units*4 && even*20 <= units:
		return encUTF16LE, true
	case even*10 >= units*4 && odd*20 <= units:
		return encUTF16BE, true
	}
	return 0, false
}

const scanChunk = 1 << 20

type utf8Scan struct {
	nul         bool
	invalidAt   int64 // offset of the first invalid byte, -1 if none
	invalidByte byte
	invalidLine int
}

// scanUTF8 checks the file from offset start: is it valid UTF-8, does it hold NUL bytes?
func scanUTF8(f *os.File, start, size int64) (utf8Scan, error) {
	st := utf8Scan{invalidAt: -1}
	buf := make([]byte, scanChunk+utf8.UTFMax)
	carry := 0
	off := start
	lines := 1
	for off < size {
		n, err := f.ReadAt(buf[carry:carry+scanChunk], off)
		if n == 0 && err != nil {
			if err == io.EOF {
				break
			}
			return st, err
		}
		off += int64(n)
		chunk := buf[:carry+n]
		if bytes.IndexByte(chunk, 0) >= 0 {
			st.nul = true
			return st, nil
		}
		// Keep an incomplete rune at the end for the next chunk.
		keep := 0
		if off < size {
			keep = incompleteTail(chunk)
		}
		body := chunk[:len(chunk)-keep]
		if st.invalidAt < 0 && !utf8.Valid(body) {
			i := firstInvalid(body)
			st.invalidAt = off - int64(len(chunk)) + int64(i)
			st.invalidByte = body[i]
			st.invalidLine = lines + bytes.Count(body[:i], []byte{'\n'})
			// Not UTF-8: scan1252 reads the file next, NUL bytes included.
			return st, nil
		}
		lines += bytes.Count(body, []byte{'\n'})
		carry = copy(buf, chunk[len(chunk)-keep:])
		if err == io.EOF {
			break
		}
	}
	if carry > 0 && st.invalidAt < 0 {
		st.invalidAt = size - int64(carry)
		st.invalidByte = buf[0]
		st.invalidLine = lines
	}
	return st, nil
}

// incompleteTail returns how many bytes at the end of b begin a rune that is not complete.
func incompleteTail(b []byte) int {
	for i := 1; i <= utf8.UTFMax-1 && i <= len(b); i++ {
		c := b[len(b)-i]
		if c < 0x80 {
			return 0
		}
		if utf8.RuneStart(c) {
			if !utf8.FullRune(b[len(b)-i:]) {
				return i
			}
			return 0
		}
	}
	return 0
}

func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return len(b)
}

type cp1252Scan struct {
	nul           bool
	undefinedAt   int64
	undefinedByte byte
	undefinedLine int
	utf8Multi     int // valid multi-byte UTF-8 sequences
	invalid       int // bytes that are not UTF-8
}

// scan1252 looks for bytes undefined in Windows-1252 and measures how much of
// the file is nonetheless valid multi-byte UTF-8.
func scan1252(f *os.File, size int64) (cp1252Scan, error) {
	st := cp1252Scan{undefinedAt: -1}
	buf := make([]byte, scanChunk+utf8.UTFMax)
	carry := 0
	var off int64
	lines := 1
	for off < size {
		n, err := f.ReadAt(buf[carry:carry+scanChunk], off)
		if n == 0 && err != nil {
			if err == io.EOF {
				break
			}
			return st, err
		}
		off += int64(n)
		chunk := buf[:carry+n]
		keep := 0
		if off < size {
			keep = incompleteTail(chunk)
		}
		if bytes.IndexByte(chunk, 0) >= 0 {
			st.nul = true
			return st, nil
		}
		body := chunk[:len(chunk)-keep]
		base := off - int64(len(chunk))
		for i := 0; i < len(body); {
			c := body[i]
			if c < utf8.RuneSelf {
				// Skip ASCII eight bytes at a time.
				for i+8 <= len(body) && binary.LittleEndian.Uint64(body[i:])&0x8080808080808080 == 0 {
					i += 8
				}
				for i < len(body) && body[i] < utf8.RuneSelf {
					i++
				}
				continue
			}
			r, sz := utf8.DecodeRune(body[i:])
			if r == utf8.RuneError && sz == 1 {
				st.invalid++
			} else {
				st.utf8Multi++
			}
			for j := i; j < i+sz; j++ {
				switch body[j] {
				case 0x81, 0x8D, 0x8F, 0x90, 0x9D:
					if st.undefinedAt < 0 {
						st.undefinedAt = base + int64(j)
						st.undefinedByte = body[j]
						st.undefinedLine = lines + bytes.Count(body[:j], []byte{'\n'})
					}
				}
			}
			i += sz
		}
		lines += bytes.Count(body, []byte{'\n'})
		carry = copy(buf, chunk[len(chunk)-keep:])
		if err == io.EOF {
			break
		}
	}
	st.invalid += carry
	return st, nil
}

// cp1252 maps each Windows-1252 byte to its UTF-8 text.
var cp1252 = func() (t [256]string) {
	for b := range 256 {
		t[b] = string(charmap.Windows1252.DecodeByte(byte(b)))
	}
	return t
}()

// cp1252Reader decodes Windows-1252 into UTF-8, copying ASCII runs as they
// are (much faster than a generic transform for mostly-ASCII text).
type cp1252Reader struct {
	r       io.Reader
	in      []byte
	pending []byte // decoded bytes that did not fit in the caller's buffer
	err     error
}

func (c *cp1252Reader) Read(p []byte) (int, error) {
	if len(c.pending) > 0 {
		n := copy(p, c.pending)
		c.pending = c.pending[n:]
		return n, nil
	}
	if c.err != nil {
		return 0, c.err
	}
	// Every byte decodes to at most 3 bytes.
	want := len(p) / 3
	small := want == 0
	if small {
		want = 1
	}
	if cap(c.in) < want {
		c.in = make([]byte, max(want, 4096))
	}
	in := c.in[:want]
	n, err := c.r.Read(in)
	if err != nil {
		c.err = err
	}
	in = in[:n]
	if small {
		c.pending = decode1252(c.pending[:0], in)
		k := copy(p, c.pending)
		c.pending = c.pending[k:]
		if k == 0 && c.err != nil {
			return 0, c.err
		}
		return k, nil
	}
	out := decode1252(p[:0], in)
	if len(out) == 0 && c.err != nil {
		return 0, c.err
	}
	return len(out), nil
}

// decode1252 appends the UTF-8 text of Windows-1252 bytes in to out.
func decode1252(out, in []byte) []byte {
	for i := 0; i < len(in); {
		j := i
		for j+8 <= len(in) && binary.LittleEndian.Uint64(in[j:])&0x8080808080808080 == 0 {
			j += 8
		}
		for j < len(in) && in[j] < utf8.RuneSelf {
			j++
		}
		out = append(out, in[i:j]...)
		if j < len(in) {
			out = append(out, cp1252[in[j]]...)
			j++
		}
		i = j
	}
	return out
}
