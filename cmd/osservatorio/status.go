package main

import (
	"context"
	"fmt"
	"io"

	"osservatorio/internal/store"
)

func runStatus(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("status", "[--db PATH] [--json]", stderr)
	db := dbFlag(fs)
	asJSON := fs.Bool("json", false, "print as JSON")
	if code, ok := parse(fs, args, stdout); !ok {
		return code
	}
	st, err := store.Open(ctx, store.Options{Path: *db})
	if err != nil {
		fmt.Fprintln(stderr, "status:", err)
		return exitFailed
	}
	defer st.Close()
	s, err := st.Status(ctx, 10)
	if err != nil {
		fmt.Fprintln(stderr, "status:", err)
		return exitFailed
	}
	if *asJSON {
		writeJSON(stdout, s)
		return exitOK
	}
	fmt.Fprintf(stdout, "database     %s\ndata version %d\n\nrows\n", st.Path(), s.DataVersion)
	for _, t := range s.Tables {
		fmt.Fprintf(stdout, "  %-15s %d\n", t.Name, t.Rows)
	}
	fmt.Fprintf(stdout, "\nlast loads\n")
	if len(s.Loads) == 0 {
		fmt.Fprintln(stdout, "  none yet")
	}
	for _, l := range s.Loads {
		fmt.Fprintf(stdout, "  #%-4d %s %-8s %-14s %-30s read %d loaded %d rejected %d", l.ID,
			l.Finished.Format("2006-01-02 15:04:05"), l.Outcome, l.Kind, l.File, l.RowsRead, l.RowsLoaded, l.RowsRejected)
		if l.Reason != "" {
			fmt.Fprintf(stdout, " (%s)", l.Reason)
		}
		fmt.Fprintln(stdout)
	}
	return exitOK
}
