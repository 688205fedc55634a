package ingest

import (
	"errors"
	"fmt"
	"time"
)

// Outcomes of one file.
const (
	Loaded    = "loaded"    // usable: good rows are in, bad rows are in rejects
	Refused   = "refused"   // unusable as a whole: nothing changed
	Unchanged = "unchanged" // byte-identical to a file already loaded: nothing to do
)

// RowsRejected is the reason a file is refused under Options.AllOrNothing:
// rows were rejected, so none was applied.
const RowsRejected = "rows_rejected"

// errRowsRejected rolls back an AllOrNothing load that rejected rows.
var errRowsRejected = errors.New("rows rejected")

// Result is what happened to one file.
type Result struct {
	LoadID       int64     `json:"load_id,omitempty"`
	File         string    `json:"file"`
	Path         string    `json:"path"`
	Size         int64     `json:"size"`
	SHA256       string    `json:"sha256"`
	Kind         string    `json:"kind,omitempty"`
	Format       string    `json:"format,omitempty"`
	Encoding     string    `json:"encoding,omitempty"`
	RowsRead     int64     `json:"rows_read"`
	RowsLoaded   int64     `json:"rows_loaded"`
	RowsRejected int64     `json:"rows_rejected"`
	Outcome      string    `json:"outcome"`
	Reason       string    `json:"reason,omitempty"` // refusal code
	Message      string    `json:"message,omitempty"`
	Dropped      []string  `json:"dropped_columns,omitempty"`
	Ignored      []string  `json:"ignored_columns,omitempty"`
	Rejects      []Reject  `json:"rejects,omitempty"`
	DataVersion  int64     `json:"data_version,omitempty"`
	Started      time.Time `json:"started"`
	Finished     time.Time `json:"finished"`
}

// RefusalError is a whole-file refusal with one of the contract's reasons:
// empty_file, no_header, missing_column, bad_encoding, bad_format, unknown_kind.
type RefusalError struct {
	File   string
	Reason string
	Detail string
}

func (e *RefusalError) Error() string {
	return fmt.Sprintf("%s: refused (%s): %s", e.File, e.Reason, e.Detail)
}
