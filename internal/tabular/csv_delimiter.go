package tabular

import (
	"strings"
)

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
