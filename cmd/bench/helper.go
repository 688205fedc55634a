package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"osservatorio/internal/store"
)

// The figures DuckDB gives by itself (read_csv into the attendance table,
// COPY … TO a file) run in a child process of this same binary, so that
// their time and peak memory are a process's as the osservatorio commands'
// are: "bench helper readcsv|copy …" prints a helperResult as JSON.

const helperArg = "helper"

type helperResult struct {
	Rows    int64   `json:"rows"`
	Seconds float64 `json:"seconds"` // the statement alone
	Bytes   int64   `json:"bytes,omitempty"`
	DuckDB  string  `json:"duckdb"`
}

// readCSVStatement inserts the attendance file the way
// BenchmarkDuckDBReadCSV1M (internal/ingest) does: read_csv with detection,
// the same table, constants for the version, load and line columns.
func readCSVStatement(file string) string {
	return fmt.Sprintf(`INSERT INTO attendance SELECT meeting_id, org_id, person_id, gender,
		invited, present, delegated, 1, 1, 1 FROM read_csv(%s, header = true)`, quote(file))
}

// copyStatement is BenchmarkExport10M's COPY of the attendance table.
func copyStatement(file, format string) (string, error) {
	var opts string
	switch format {
	case "csv":
		opts = "(FORMAT csv, HEADER)"
	case "parquet":
		opts = "(FORMAT parquet, COMPRESSION zstd)"
	default:
		return "", fmt.Errorf("no COPY format %q", format)
	}
	return "COPY (SELECT * FROM attendance) TO " + quote(file) + " " + opts, nil
}

func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func runHelper(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "bench helper: readcsv or copy")
		return 2
	}
	fs := flag.NewFlagSet("helper "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := fs.String("db", "", "database file")
	file := fs.String("file", "", "readcsv: the attendance CSV; copy: the file to write")
	format := fs.String("format", "csv", "copy: csv or parquet")
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	res, err := helper(ctx, args[0], *db, *file, *format)
	if err != nil {
		fmt.Fprintln(stderr, "bench helper:", err)
		return 1
	}
	json.NewEncoder(stdout).Encode(res)
	return 0
}

func helper(ctx context.Context, what, db, file, format string) (helperResult, error) {
	var res helperResult
	if db == "" || file == "" {
		return res, errors.New("--db and --file are required")
	}
	file, err := filepath.Abs(file)
	if err != nil {
		return res, err
	}
	var stmt string
	switch what {
	case "readcsv":
		stmt = readCSVStatement(file)
	case "copy":
		if stmt, err = copyStatement(file, format); err != nil {
			return res, err
		}
	default:
		return res, fmt.Errorf("unknown helper %q", what)
	}
	st, err := store.Open(ctx, store.Options{Path: db, AllowedDirs: []string{filepath.Dir(file)}})
	if err != nil {
		return res, err
	}
	if err := runStatement(ctx, st, what, stmt, file, &res); err != nil {
		st.Close()
		return res, err
	}
	return res, st.Close() // the close (a checkpoint after the insert) is in the process's time
}

func runStatement(ctx context.Context, st *store.Store, what, stmt, file string, res *helperResult) error {
	st.DB().QueryRowContext(ctx, "SELECT version()").Scan(&res.DuckDB)
	start := time.Now()
	r, err := st.DB().ExecContext(ctx, stmt)
	res.Seconds = secs(time.Since(start))
	if err != nil {
		return err
	}
	res.Rows, _ = r.RowsAffected()
	if what == "copy" {
		fi, err := os.Stat(file)
		if err != nil {
			return err
		}
		res.Bytes = fi.Size()
	}
	return nil
}
