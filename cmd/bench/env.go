package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"osservatorio/internal/ingest"
)

// env is what every section of one set needs.
type env struct {
	bin     string // the osservatorio binary
	self    string // this binary, for the helper processes
	setDir  string // the generated files
	work    string // this set's databases and files
	db      string // the database every section after the load uses
	asOf    string
	clients int
	o       options
	log     *slog.Logger
}

// load runs osservatorio load --json on files into db and checks that every
// file loaded whole: no refusal, no reject.
func (e *env) load(ctx context.Context, db string, files ...string) (procResult, []ingest.Result, error) {
	r, err := runProc(ctx, e.bin, append([]string{"load", "--json", "--db", db}, files...)...)
	if err != nil {
		return r, nil, err
	}
	var res []ingest.Result
	if err := json.Unmarshal(r.Stdout, &res); err != nil {
		return r, nil, fmt.Errorf("load --json: %w", err)
	}
	for _, x := range res {
		if x.Outcome != ingest.Loaded || x.RowsRejected != 0 {
			return r, res, fmt.Errorf("load %s: %s, %d rows rejected %s", x.File, x.Outcome, x.RowsRejected, x.Message)
		}
	}
	return r, res, nil
}

// setFiles are paths of the generated files.
func (e *env) setFiles(names ...string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = filepath.Join(e.setDir, n)
	}
	return out
}

// removeDB removes a database file and its WAL.
func removeDB(path string) {
	os.Remove(path)
	os.Remove(path + ".wal")
}
