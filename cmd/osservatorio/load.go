package main

import (
	"context"
	"fmt"
	"io"

	"osservatorio/internal/ingest"
	"osservatorio/internal/store"
)

func runLoad(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("load", "[--db PATH] FILE|DIR...", stderr)
	db := dbFlag(fs)
	asJSON := fs.Bool("json", false, "print the results as JSON")
	if code, ok := parse(fs, args, stdout); !ok {
		return code
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "load: name at least one file or folder")
		fs.Usage()
		return exitUsage
	}
	files, err := ingest.Expand(fs.Args())
	if err != nil {
		fmt.Fprintln(stderr, "load:", err)
		return exitUsage
	}
	st, err := store.Open(ctx, store.Options{Path: *db})
	if err != nil {
		fmt.Fprintln(stderr, "load:", err)
		return exitFailed
	}
	defer st.Close()
	results, err := ingest.Load(ctx, st, files, ingest.Options{Source: "cli"})
	if *asJSON {
		writeJSON(stdout, results)
	} else {
		for _, r := range results {
			printResult(stdout, r)
		}
	}
	if err != nil {
		fmt.Fprintln(stderr, "load:", err)
		return exitFailed
	}
	v, _ := st.DataVersion(ctx)
	if !*asJSON {
		fmt.Fprintf(stdout, "data version %d\n", v)
	}
	for _, r := range results {
		if r.Outcome == ingest.Refused {
			return exitFailed
		}
	}
	return exitOK
}

// printResult prints one file's outcome and each reject as file:line.
func printResult(w io.Writer, r ingest.Result) {
	switch r.Outcome {
	case ingest.Refused:
		fmt.Fprintf(w, "%s: REFUSED (%s): %s\n", r.Path, r.Reason, r.Message)
		return
	case ingest.Unchanged:
		fmt.Fprintf(w, "%s: unchanged: %s\n", r.Path, r.Message)
		return
	}
	fmt.Fprintf(w, "%s: %s, %s: %d rows read, %d loaded, %d rejected\n",
		r.Path, r.Kind, r.Format, r.RowsRead, r.RowsLoaded, r.RowsRejected)
	if len(r.Dropped) > 0 {
		fmt.Fprintf(w, "  personal columns dropped, never stored: %v\n", r.Dropped)
	}
	if len(r.Ignored) > 0 {
		fmt.Fprintf(w, "  unknown columns ignored: %v\n", r.Ignored)
	}
	for _, rj := range r.Rejects {
		col := rj.FileColumn
		if col == "" {
			col = rj.Column
		}
		fmt.Fprintf(w, "  %s:%d %s: %s (%q) %s\n", r.Path, rj.Line, col, rj.Reason, rj.Value, rj.Detail)
	}
	if len(r.Rejects) >= 1000 { // ingest returns the first 1000
		fmt.Fprintf(w, "  … the first %d shown; every reject is in the rejects table (load_id %d)\n", len(r.Rejects), r.LoadID)
	}
}
