package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"osservatorio/internal/export"
	"osservatorio/internal/sandbox"
	"osservatorio/internal/store"
)

func runQuery(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("query", `--sql "SELECT …" [--format csv|json] [-o FILE] [--timeout 30s] [--db PATH]`, stderr)
	db := dbFlag(fs)
	q := fs.String("sql", "", "one read-only SELECT statement")
	format := fs.String("format", "csv", "output format: csv or json")
	out := fs.String("o", "", "write to this file instead of standard output")
	timeout := fs.Duration("timeout", 30*time.Second, "stop the query after this long")
	if code, ok := parse(fs, args, stdout); !ok {
		return code
	}
	if *q == "" {
		fmt.Fprintln(stderr, "query: --sql is required")
		return exitUsage
	}
	if *format != "csv" && *format != "json" {
		fmt.Fprintf(stderr, "query: unknown format %q (csv or json)\n", *format)
		return exitUsage
	}
	st, err := store.Open(ctx, store.Options{Path: *db})
	if err != nil {
		fmt.Fprintln(stderr, "query:", err)
		return exitFailed
	}
	defer st.Close()
	// The CLI holds the database file, as an administrator does: the
	// rejects (with their values) and the audit log are readable too.
	tables := append(append([]string{}, sandbox.ResearchTables...), "rejects", "audit")
	res, err := sandbox.Query(ctx, st.DB(), *q, sandbox.Options{Tables: tables, Timeout: *timeout})
	if err != nil {
		fmt.Fprintln(stderr, "query:", err)
		return exitFailed
	}
	defer res.Close()
	w := stdout
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			fmt.Fprintln(stderr, "query:", err)
			return exitFailed
		}
		defer f.Close()
		w = f
	}
	if _, err := export.Write(w, *format, res.Rows); err != nil {
		fmt.Fprintln(stderr, "query:", res.Explain(err))
		return exitFailed
	}
	return exitOK
}
