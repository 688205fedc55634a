package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"osservatorio/internal/dataset"
	"osservatorio/internal/export"
	"osservatorio/internal/namedquery"
)

// paramFlags collects repeated --param NAME=VALUE.
type paramFlags map[string]string

func (p paramFlags) String() string { return "" }

func (p paramFlags) Set(v string) error {
	k, val, ok := strings.Cut(v, "=")
	if !ok || k == "" {
		return fmt.Errorf("write NAME=VALUE, not %q", v)
	}
	if _, dup := p[k]; dup {
		return fmt.Errorf("%s given twice", k)
	}
	p[k] = val
	return nil
}

func runExport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("export", `NAME [--param NAME=VALUE ...] [--format F] [-o FILE] [--data-version N] [--timeout 30s] [--db PATH | --server URL --token T]
       osservatorio export --list
       osservatorio export --dataset DIR [--db PATH]`, stderr)
	db := dbFlag(fs)
	params := paramFlags{}
	fs.Var(params, "param", "a parameter of the export, NAME=VALUE (repeat the flag for each)")
	format := fs.String("format", "csv", "output format: csv, csv-it, jsonl, json, parquet, arrow or xlsx")
	out := fs.String("o", "", "write to this file (and its provenance to FILE.manifest.json) instead of standard output")
	dataVersion := fs.Int64("data-version", 0, "run on the records as they were at this data version (default: the current one)")
	timeout := fs.Duration("timeout", 30*time.Second, "stop the query after this long")
	server := fs.String("server", "", "run through a running server (e.g. http://127.0.0.1:8080) instead of opening the database file")
	token := fs.String("token", os.Getenv("OSSERVATORIO_TOKEN"), "a researcher's token for --server (env OSSERVATORIO_TOKEN)")
	list := fs.Bool("list", false, "list the named exports and their parameters")
	dir := fs.String("dataset", "", "write the records and indicator values as Hive-partitioned Parquet into this new folder")
	// The name may come first, as the synopsis shows it, or after the flags.
	var name string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
	}
	if code, ok := parse(fs, args, stdout); !ok {
		return code
	}
	if name == "" && fs.NArg() > 0 {
		name = fs.Arg(0)
	}
	if fs.NArg() > 1 || name != "" && fs.NArg() > 0 && fs.Arg(0) != name {
		fmt.Fprintf(stderr, "export: one export at a time (flags after the name: %v)\n", fs.Args())
		return exitUsage
	}
	switch {
	case *list:
		return listExports(stdout, stderr)
	case *dir != "":
		if *server != "" || name != "" {
			fmt.Fprintln(stderr, "export: --dataset reads the database file (stop serve first); it takes no export name or --server")
			return exitUsage
		}
		return writeDataset(ctx, stdout, stderr, *db, *dir)
	case name == "":
		fmt.Fprintln(stderr, "export: name an export (export --list shows them), or --dataset DIR")
		return exitUsage
	}
	f, err := export.ParseFormat(*format)
	if err != nil {
		fmt.Fprintln(stderr, "export:", err)
		return exitUsage
	}
	// Checked here even through a server, so that a typo costs no request;
	// the server checks again with its own copy of the exports.
	qs, err := namedquery.All()
	if err != nil {
		fmt.Fprintln(stderr, "export:", err)
		return exitFailed
	}
	var q *namedquery.Query
	for i := range qs {
		if qs[i].ID == name {
			q = &qs[i]
		}
	}
	if q == nil && *server == "" {
		fmt.Fprintf(stderr, "export: no export %q (export --list shows them)\n", name)
		return exitUsage
	}
	var bound []any
	used := map[string]string(params)
	if q != nil {
		if bound, used, err = q.Bind(params); err != nil {
			fmt.Fprintln(stderr, "export:", err)
			return exitUsage
		}
	}
	return writeResult("export", *out, stdout, stderr, func(w io.Writer) (export.Provenance, error) {
		if *server != "" {
			return exportServer(ctx, w, *server, *token, name, used, f, *dataVersion, q)
		}
		base := export.Provenance{SQL: q.SQL, Query: q.ID, Params: used, Service: "osservatorio export"}
		return queryFile(ctx, w, *db, q.SQL, bound, base, f, *dataVersion, *timeout)
	})
}

// writeResult runs a query or export into standard output or the file out
// (removed if the run fails), with its provenance in out.manifest.json.
func writeResult(cmd, out string, stdout, stderr io.Writer, run func(io.Writer) (export.Provenance, error)) int {
	w := stdout
	if out != "" {
		file, err := os.Create(out)
		if err != nil {
			fmt.Fprintln(stderr, cmd+":", err)
			return exitFailed
		}
		defer file.Close()
		w = file
	}
	prov, err := run(w)
	if err != nil {
		fmt.Fprintln(stderr, cmd+":", err)
		if out != "" {
			os.Remove(out)
		}
		return exitFailed
	}
	if out != "" {
		if err := writeManifest(out, prov); err != nil {
			fmt.Fprintln(stderr, cmd+":", err)
			return exitFailed
		}
	}
	return exitOK
}

// writeManifest writes the provenance of the file out beside it.
func writeManifest(out string, prov export.Provenance) error {
	b, _ := json.MarshalIndent(prov, "", "  ")
	return os.WriteFile(out+".manifest.json", append(b, '\n'), 0o644)
}

// exportServer runs a named export through a running server's
// /api/exports/NAME. The manifest's SQL is the local copy of the export
// when the server ran the same text (same SHA-256), else the server's own,
// read from its list.
func exportServer(ctx context.Context, w io.Writer, server, token, name string, params map[string]string, f export.Format, dv int64, local *namedquery.Query) (export.Provenance, error) {
	base := strings.TrimRight(server, "/")
	v := url.Values{"format": {string(f)}}
	for k, val := range params {
		v.Set(k, val)
	}
	if dv != 0 {
		v.Set("data_version", strconv.FormatInt(dv, 10))
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/exports/"+url.PathEscape(name)+"?"+v.Encode(), nil)
	if err != nil {
		return export.Provenance{}, err
	}
	prov, sha, err := download(w, req, token)
	if err != nil {
		return prov, err
	}
	prov.Query, prov.Params = name, params
	if local != nil && (export.Provenance{SQL: local.SQL}).SHA256() == sha {
		prov.SQL = local.SQL
		return prov, nil
	}
	req, err = http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/exports", nil)
	if err != nil {
		return prov, err
	}
	var list struct {
		Exports []namedquery.Query `json:"exports"`
	}
	var buf strings.Builder
	if _, _, err := download(&buf, req, token); err != nil {
		return prov, fmt.Errorf("the export is written, but its SQL could not be read from the server: %w", err)
	}
	if err := json.Unmarshal([]byte(buf.String()), &list); err != nil {
		return prov, err
	}
	for _, q := range list.Exports {
		if q.ID == name {
			prov.SQL = q.SQL
		}
	}
	return prov, nil
}

func listExports(stdout, stderr io.Writer) int {
	qs, err := namedquery.All()
	if err != nil {
		fmt.Fprintln(stderr, "export:", err)
		return exitFailed
	}
	for _, q := range qs {
		var ps []string
		for _, p := range q.Params {
			s := "--param " + p.Name + "=<" + string(p.Type) + ">"
			if p.Optional {
				s = "[" + s + "]"
			}
			ps = append(ps, s)
		}
		fmt.Fprintf(stdout, "%s  %s\n    %s %s\n", q.ID, q.TitleEN, q.ID, strings.Join(ps, " "))
	}
	return exitOK
}

func writeDataset(ctx context.Context, stdout, stderr io.Writer, db, dir string) int {
	st, err := openDB(ctx, db)
	if err != nil {
		fmt.Fprintln(stderr, "export:", err)
		return exitFailed
	}
	defer st.Close()
	m, err := dataset.Write(ctx, st.DB(), dir, "osservatorio export")
	if err != nil {
		fmt.Fprintln(stderr, "export:", err)
		return exitFailed
	}
	for _, t := range m.Tables {
		fmt.Fprintf(stdout, "%-17s %9d rows in %d files, by %s\n", t.Name, t.Rows, t.Files, strings.Join(t.Keys, ", "))
	}
	fmt.Fprintf(stdout, "data version %d; %s/manifest.json lists every file with its rows and SHA-256\n", m.DataVersion, dir)
	fmt.Fprintf(stdout, "read with: SELECT * FROM read_parquet('%s/attendance/**/*.parquet', hive_partitioning = true)\n", dir)
	return exitOK
}
