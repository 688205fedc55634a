package tabular

import (
	"unicode"
	"unicode/utf8"
)

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
