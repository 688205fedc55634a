// Package sqlheader reads the SQL files that carry their own metadata (the
// indicators, the named exports): a leading block of "-- key: value"
// comment lines, then the query.
package sqlheader

import (
	"bufio"
	"fmt"
	"strings"
)

// File is a parsed file: each known key's value, the values of the keys
// that may repeat, and the query.
type File struct {
	Meta    map[string]string
	Repeats map[string][]string
	SQL     string
}

// Parse reads text. A line "-- key: value" with a key of keys starts that
// key (given twice is an error); with a key of repeats it adds a value; a
// line "--   more" (two or more spaces after the dashes) continues the
// previous single key's value, joined with one space; other comment lines
// are comments. The header ends at the first line that is neither a comment
// nor blank; the rest, without a final ";", is the query.
func Parse(text string, keys, repeats []string) (File, error) {
	f := File{Meta: map[string]string{}, Repeats: map[string][]string{}}
	known := func(list []string, k string) bool {
		for _, x := range list {
			if x == k {
				return true
			}
		}
		return false
	}
	var last string
	var sqlLines []string
	inHeader := true
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		line := sc.Text()
		if inHeader {
			trim := strings.TrimSpace(line)
			if c, ok := strings.CutPrefix(trim, "--"); ok {
				if strings.HasPrefix(c, "  ") && last != "" {
					f.Meta[last] += " " + strings.TrimSpace(c)
					continue
				}
				k, v, ok := strings.Cut(strings.TrimSpace(c), ":")
				switch {
				case ok && known(repeats, k):
					f.Repeats[k] = append(f.Repeats[k], strings.TrimSpace(v))
					last = ""
				case ok && known(keys, k):
					if _, dup := f.Meta[k]; dup {
						return f, fmt.Errorf("key %q given twice", k)
					}
					f.Meta[k], last = strings.TrimSpace(v), k
				default:
					last = ""
				}
				continue
			}
			if trim == "" {
				continue
			}
			inHeader = false
		}
		sqlLines = append(sqlLines, line)
	}
	if err := sc.Err(); err != nil {
		return f, err
	}
	f.SQL = strings.TrimRight(strings.TrimSpace(strings.Join(sqlLines, "\n")), ";")
	return f, nil
}
