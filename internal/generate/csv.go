package generate

import (
	"bufio"
	"os"
	"strings"
)

// sink is one output file, written through a large buffer to a temporary
// name and renamed into place when the whole dataset has been written.
type sink struct {
	f     *os.File
	w     *bufio.Writer
	tmp   string
	final string
	rows  int64
	err   error
}

const bufSize = 1 << 20

// buf returns the free space of the buffer to append a row to.
func (s *sink) buf() []byte { return s.w.AvailableBuffer() }

// row writes a complete row (ending in '\n') built on buf().
func (s *sink) row(b []byte) {
	if _, err := s.w.Write(b); err != nil && s.err == nil {
		s.err = err
	}
	s.rows++
}

func (s *sink) header(cols string) {
	if _, err := s.w.WriteString(cols + "\n"); err != nil && s.err == nil {
		s.err = err
	}
}

// appendField appends a CSV field, quoting it only when needed.
func appendField(b []byte, s string) []byte {
	if !strings.ContainsAny(s, ",\"\r\n") && (s == "" || (s[0] != ' ' && s[len(s)-1] != ' ')) {
		return append(b, s...)
	}
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			b = append(b, '"')
		}
		b = append(b, s[i])
	}
	return append(b, '"')
}

func appendBool(b []byte, v bool) []byte {
	if v {
		return append(b, "true"...)
	}
	return append(b, "false"...)
}

// appendID appends prefix followed by n zero-padded to width digits.
func appendID(b []byte, prefix string, n int, width int) []byte {
	b = append(b, prefix...)
	var tmp [20]byte
	i := len(tmp)
	for n >= 10 {
		i--
		tmp[i] = byte('0' + n%10)
		n /= 10
	}
	i--
	tmp[i] = byte('0' + n)
	for pad := width - (len(tmp) - i); pad > 0; pad-- {
		b = append(b, '0')
	}
	return append(b, tmp[i:]...)
}

// appendDate appends YYYY-MM-DD; the zero day means "no date" and appends nothing.
func appendDate(b []byte, d day) []byte {
	if d == 0 {
		return b
	}
	y, m, dd := d.date()
	b = append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-')
	b = append(b, byte('0'+int(m)/10), byte('0'+int(m)%10), '-')
	return append(b, byte('0'+dd/10), byte('0'+dd%10))
}
