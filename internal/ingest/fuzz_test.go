package ingest

// Fuzz targets for value parsing and kind detection. Seeds are in
// testdata/fuzz/<FuzzName>/; as plain tests they run those seeds only.
//
//	go test -tags duckdb_arrow -run '^$' -fuzz '^FuzzParseDate$' -fuzztime 60s ./internal/ingest/

import (
	"strings"
	"testing"
)

// FuzzParseDate: an accepted date is a real day between 1900 and 2200, and
// reading its ISO form gives the same day back.
func FuzzParseDate(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := parseDate(s)
		if !ok {
			return
		}
		iso := dateString(d)
		if iso < "1900-01-01" || iso > "2200-12-31" {
			t.Fatalf("%q → %s, out of range", s, iso)
		}
		if back, ok := parseDate(iso); !ok || back != d {
			t.Fatalf("%q → %s → %d, %v", s, iso, back, ok)
		}
		if len(s) == 10 && s[4] == '-' && iso != s {
			t.Fatalf("%q read as %s", s, iso)
		}
	})
}

// FuzzParseBool: the spellings are case-insensitive, and only the
// contract's spellings are booleans.
func FuzzParseBool(f *testing.F) {
	spellings := map[string]bool{"true": true, "1": true, "x": true, "yes": true, "si": true, "sì": true, "vero": true,
		"s": true, "y": true, "false": false, "0": false, "no": false, "falso": false, "n": false}
	f.Fuzz(func(t *testing.T, s string) {
		b, ok := parseBool(s)
		want, known := spellings[strings.ToLower(s)]
		if ok != known || (ok && b != want) {
			t.Fatalf("parseBool(%q) = %v, %v; want %v, %v", s, b, ok, want, known)
		}
	})
}

// FuzzKindDetection: a kind found by name is found by its base name's
// prefix alone; a kind found by header has all its required columns there;
// a refusal's header text quotes only column names the contract knows.
func FuzzKindDetection(f *testing.F) {
	f.Fuzz(func(t *testing.T, name, header string) {
		if k := kindByName(name); k != nil {
			if kindByName("dir/"+name) != k && !strings.Contains(name, "/") {
				t.Fatalf("%q: kind depends on the directory", name)
			}
		}
		cells := strings.Split(header, ",")
		if k := kindByHeader(cells); k != nil {
			if m := mapHeader(k, cells).missing(); len(m) > 0 {
				t.Fatalf("%q taken for %s, missing %v", header, k.Name, m)
			}
		}
		// Every byte of the text comes from a known cell, the fixed words
		// or a count: an unknown cell's own bytes cannot leak.
		allowed := map[byte]bool{}
		for _, b := range []byte(headerPhrases + "0123456789") {
			allowed[b] = true
		}
		for _, c := range cells {
			if knownColumn(fold(c)) {
				for _, b := range []byte(c) {
					allowed[b] = true
				}
			}
		}
		text := headerText(cells)
		for i := 0; i < len(text); i++ {
			if !allowed[text[i]] {
				t.Fatalf("headerText(%q) = %q: byte %q comes from an unknown cell", header, text, text[i])
			}
		}
	})
}

// headerPhrases are the words headerText writes itself.
const headerPhrases = ", cell(s), none of them a column of the contract (not quoted) and other no column names"
