package web

import (
	"bytes"
	"encoding/csv"

	"osservatorio/internal/dashboard"
)

// machineCSV writes a panel's table for programs (R, Python): stable column
// names, codes, full precision, "." decimals. Withheld cells are empty, and
// panels that can withhold (flag) carry a last column "soppresso" (true
// where a row is withheld), so a reader never takes an empty cell for zero.
func machineCSV(t dashboard.Table, flag bool) ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	head := t.Columns
	if flag {
		head = append(append([]string{}, head...), "soppresso")
	}
	w.Write(head)
	for _, r := range t.Rows {
		rec := make([]string, len(r), len(r)+1)
		for i, v := range r {
			rec[i] = cellText(v)
		}
		if flag {
			rec = append(rec, map[bool]string{true: "true", false: "false"}[dashboard.AnySuppressed(r)])
		}
		w.Write(rec)
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}
