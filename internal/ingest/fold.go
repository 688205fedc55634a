package ingest

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

var stripMarks = runes.Remove(runes.In(unicode.Mn))

// fold brings a header name or an enumeration value to its plain form:
// lower case, no accents, spaces and hyphens as '_' ("Società civile" →
// "societa_civile", "parità-inclusione" → "parita_inclusione").
func fold(s string) string {
	s = strings.TrimSpace(s)
	plain := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 || c == ' ' || c == '-' || (c >= 'A' && c <= 'Z') {
			plain = false
			break
		}
	}
	if plain {
		return s
	}
	if !isASCII(s) {
		t := transform.Chain(norm.NFD, stripMarks, norm.NFC)
		if r, _, err := transform.String(t, s); err == nil {
			s = r
		}
	}
	s = strings.ToLower(s)
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return '_'
		}
		return r
	}, s)
	for strings.Contains(s, "__") {
		s = strings.ReplaceAll(s, "__", "_")
	}
	return s
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
