package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"osservatorio/internal/export"
	"osservatorio/internal/sandbox"
	"osservatorio/internal/store"
)

func runQuery(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("query", `--sql "SELECT …" [--format csv|csv-it|jsonl|json|parquet|arrow|xlsx] [-o FILE] [--data-version N] [--timeout 30s] [--db PATH | --server URL --token T]`, stderr)
	db := dbFlag(fs)
	q := fs.String("sql", "", "one read-only SELECT statement")
	format := fs.String("format", "csv", "output format: csv, csv-it, jsonl, json, parquet, arrow or xlsx")
	out := fs.String("o", "", "write to this file (and its provenance to FILE.manifest.json) instead of standard output")
	dataVersion := fs.Int64("data-version", 0, "run on the records as they were at this data version (default: the current one)")
	timeout := fs.Duration("timeout", 30*time.Second, "stop the query after this long")
	server := fs.String("server", "", "run through a running server (e.g. http://127.0.0.1:8080) instead of opening the database file")
	token := fs.String("token", os.Getenv("OSSERVATORIO_TOKEN"), "a researcher's token for --server (env OSSERVATORIO_TOKEN)")
	if code, ok := parse(fs, args, stdout); !ok {
		return code
	}
	if *q == "" {
		fmt.Fprintln(stderr, "query: --sql is required")
		return exitUsage
	}
	f, err := export.ParseFormat(*format)
	if err != nil {
		fmt.Fprintln(stderr, "query:", err)
		return exitUsage
	}
	return writeResult("query", *out, stdout, stderr, func(w io.Writer) (export.Provenance, error) {
		if *server != "" {
			return queryServer(ctx, w, *server, *token, *q, f, *dataVersion)
		}
		return queryFile(ctx, w, *db, *q, nil, export.Provenance{SQL: *q, Service: "osservatorio query"}, f, *dataVersion, *timeout)
	})
}

// openDB opens the database file for a command, saying so when a running
// server holds it.
func openDB(ctx context.Context, db string) (*store.Store, error) {
	return openHeld(ctx, db, "go through it with --server URL --token T")
}

// openHeld opens the database file; when a running server holds it, the
// error says so and what to do instead.
func openHeld(ctx context.Context, db, instead string) (*store.Store, error) {
	st, err := store.Open(ctx, store.Options{Path: db})
	if err != nil && strings.Contains(err.Error(), "lock") {
		return nil, fmt.Errorf("the database %s is held by a running server: %s", db, instead)
	}
	return st, err
}

// queryFile runs the statement with args on the database file through the
// same gate as the server's, as an administrator (rejects and audit
// readable); prov names what runs (SQL, named query, service), and comes
// back with the data version and time.
func queryFile(ctx context.Context, w io.Writer, db, q string, args []any, prov export.Provenance, f export.Format, dv int64, timeout time.Duration) (export.Provenance, error) {
	st, err := openDB(ctx, db)
	if err != nil {
		return prov, err
	}
	defer st.Close()
	cur, err := st.DataVersion(ctx)
	if err != nil {
		return prov, err
	}
	prov.DataVersion, prov.Generated = cur, time.Now().UTC()
	tables := sandbox.AdminTables
	run := q
	if dv != 0 && dv != cur {
		if dv < 0 || dv > cur {
			return prov, fmt.Errorf("no data version %d: the versions are 1 to %d", dv, cur)
		}
		if err := sandbox.Check(ctx, st.DB(), q, tables); err != nil {
			return prov, err
		}
		if run, err = sandbox.AtVersion(ctx, st.DB(), q, dv); err != nil {
			return prov, err
		}
		prov.DataVersion = dv
	}
	_, err = sandbox.Export(ctx, st.DB(), run, args, sandbox.Options{Tables: tables, Timeout: timeout}, f, prov, st.TempDir(), w, nil)
	return prov, err
}

// queryServer posts the statement to a running server's /api/sql.
func queryServer(ctx context.Context, w io.Writer, server, token, q string, f export.Format, dv int64) (export.Provenance, error) {
	body, _ := json.Marshal(map[string]any{"sql": q, "format": f, "data_version": dv})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(server, "/")+"/api/sql", bytes.NewReader(body))
	if err != nil {
		return export.Provenance{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	prov, _, err := download(w, req, token)
	prov.SQL = q
	return prov, err
}

// download sends a request for an export to a running server, copies the
// file to w and reads its provenance from the response's headers, with the
// SHA-256 of the SQL the server ran.
func download(w io.Writer, req *http.Request, token string) (export.Provenance, string, error) {
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return export.Provenance{}, "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		var e struct {
			Error string `json:"error"`
		}
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
		if json.Unmarshal(b, &e) == nil && e.Error != "" {
			return export.Provenance{}, "", fmt.Errorf("%s (HTTP %d)", e.Error, resp.StatusCode)
		}
		return export.Provenance{}, "", fmt.Errorf("HTTP %d", resp.StatusCode)
	}
	if _, err := io.Copy(w, resp.Body); err != nil {
		return export.Provenance{}, "", fmt.Errorf("the download broke off: %w", err)
	}
	prov := export.Provenance{Service: resp.Header.Get("X-Osservatorio-Service"), AsOf: resp.Header.Get("X-Osservatorio-As-Of"),
		Query: resp.Header.Get("X-Osservatorio-Query")}
	fmt.Sscan(resp.Header.Get("X-Osservatorio-Data-Version"), &prov.DataVersion)
	prov.Generated, _ = time.Parse(time.RFC3339, resp.Header.Get("X-Osservatorio-Generated"))
	return prov, resp.Header.Get("X-Osservatorio-Sql-Sha256"), nil
}
