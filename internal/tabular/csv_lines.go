package tabular

import (
	"bytes"
	"errors"
	"io"
)

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
