package export

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"time"
)

// Provenance says where an export comes from, so that a file found years
// later can be traced and re-run.
type Provenance struct {
	DataVersion int64             `json:"data_version"`
	AsOf        string            `json:"as_of,omitempty"` // the published reference date of the indicators
	SQL         string            `json:"sql"`
	Query       string            `json:"query,omitempty"`  // a named query, when the export is one
	Params      map[string]string `json:"params,omitempty"` // its parameters
	Generated   time.Time         `json:"generated"`
	Service     string            `json:"service"`
}

// SHA256 is the hash of the SQL text.
func (p Provenance) SHA256() string {
	h := sha256.Sum256([]byte(p.SQL))
	return hex.EncodeToString(h[:])
}

// Pairs are the provenance as ordered key/value pairs: the keys of HTTP
// headers (X-Osservatorio-…), of schema metadata (osservatorio.…) and of the
// XLSX sheet.
func (p Provenance) Pairs() [][2]string {
	out := [][2]string{
		{"data_version", strconv.FormatInt(p.DataVersion, 10)},
		{"as_of", p.AsOf},
		{"sql_sha256", p.SHA256()},
		{"generated", p.Generated.UTC().Format(time.RFC3339)},
		{"service", p.Service},
	}
	if p.Query != "" {
		out = append(out, [2]string{"query", p.Query})
		b, _ := json.Marshal(p.Params) // encoding/json sorts map keys
		out = append(out, [2]string{"params", string(b)})
	}
	return append(out, [2]string{"sql", p.SQL})
}
