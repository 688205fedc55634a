package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"text/tabwriter"
	"time"

	"osservatorio/internal/guideline"
	"osservatorio/internal/ingest"
	"osservatorio/internal/store"
)

const guidelinesUsage = `Usage:
  osservatorio guidelines effects [--guideline G] [--window DAYS[,DAYS…]] [--as-of YYYY-MM-DD] [--data-version N] [--format json|csv] [--db PATH]
  osservatorio guidelines list [--guideline G] [--data-version N] [--format table|csv|json] [--db PATH]
  osservatorio guidelines add --body B --guideline G --adopted DATE [--version V] [--title T] [--act A] [--source S] [--db PATH]

effects compares each adoption's windows before and after with a comparison
group (docs/GUIDELINES.md): one row per guideline, body (or "all", the mean
across adopters), indicator and window. An adoption not compared (adopted
after as_of, or a window under 30 days) is a row with its reason and no values.
A description, not a causal estimate.

add records one adoption, or corrects it (same body and guideline): the row
goes through the loader as a one-row adoptions file, all or nothing. A file
of adoptions is loaded with osservatorio load. Pages show it once the
indicators of the new data version are published (serve does it after its
loads; osservatorio indicators --publish otherwise).
`

func runGuidelines(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		w := stderr
		if len(args) > 0 {
			w = stdout
		}
		fmt.Fprint(w, guidelinesUsage)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	switch args[0] {
	case "effects":
		return runGuidelineEffects(ctx, args[1:], stdout, stderr)
	case "list":
		return runGuidelineList(ctx, args[1:], stdout, stderr)
	case "add":
		return runGuidelineAdd(ctx, args[1:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "guidelines: unknown subcommand %q\n\n%s", args[0], guidelinesUsage)
	return exitUsage
}

func runGuidelineEffects(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("guidelines effects", "[--guideline G] [--window DAYS[,DAYS…]] [--as-of YYYY-MM-DD] [--data-version N] [--format json|csv]", stderr)
	db := dbFlag(fs)
	g := fs.String("guideline", "", "one guideline_id (default: every guideline)")
	window := fs.String("window", strconv.Itoa(guideline.DefaultWindow), "window length in days; several separated by commas")
	asOf := fs.String("as-of", os.Getenv(envAsOf), "reference date: windows end at the latest here (default today, env "+envAsOf+")")
	version := fs.Int64("data-version", 0, "read the records as they were at this data version (default: the current one)")
	format := fs.String("format", "json", "json or csv")
	if code, ok := parse(fs, args, stdout); !ok {
		return code
	}
	if *format != "json" && *format != "csv" {
		fmt.Fprintf(stderr, "guidelines effects: unknown format %q (json or csv)\n", *format)
		return exitUsage
	}
	windows, err := guideline.ParseWindows(*window)
	if err != nil {
		fmt.Fprintln(stderr, "guidelines effects:", err)
		return exitUsage
	}
	ref := time.Now().Format(time.DateOnly)
	if *asOf != "" {
		if _, err := time.Parse(time.DateOnly, *asOf); err != nil {
			fmt.Fprintf(stderr, "guidelines effects: --as-of %q is not a date YYYY-MM-DD\n", *asOf)
			return exitUsage
		}
		ref = *asOf
	}
	st, v, code := openAtVersion(ctx, *db, *version, "guidelines effects", stderr)
	if st == nil {
		return code
	}
	defer st.Close()
	// The CLI runs on the database file itself: every E01 value comes with
	// its counts, as for the researcher role (guideline.Withhold is for the
	// public).
	rows, err := guideline.Effects(ctx, st.DB(), guideline.Params{DataVersion: v, AsOf: ref, Windows: windows, Guideline: *g})
	if err != nil {
		fmt.Fprintln(stderr, "guidelines effects:", err)
		return exitFailed
	}
	if rows == nil {
		rows = []guideline.Effect{}
	}
	switch *format {
	case "json":
		writeJSON(stdout, rows)
	case "csv":
		w := csv.NewWriter(stdout)
		w.Write(guideline.CSVHeader)
		for _, e := range rows {
			w.Write(e.CSVRecord())
		}
		w.Flush()
	}
	return exitOK
}

func runGuidelineList(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("guidelines list", "[--guideline G] [--data-version N] [--format table|csv|json]", stderr)
	db := dbFlag(fs)
	g := fs.String("guideline", "", "one guideline_id (default: every guideline)")
	version := fs.Int64("data-version", 0, "the adoptions as they were at this data version (default: the current one)")
	format := fs.String("format", "table", "table, csv or json")
	if code, ok := parse(fs, args, stdout); !ok {
		return code
	}
	if *format != "table" && *format != "csv" && *format != "json" {
		fmt.Fprintf(stderr, "guidelines list: unknown format %q\n", *format)
		return exitUsage
	}
	st, v, code := openAtVersion(ctx, *db, *version, "guidelines list", stderr)
	if st == nil {
		return code
	}
	defer st.Close()
	list, err := guideline.Adoptions(ctx, st.DB(), v, *g)
	if err != nil {
		fmt.Fprintln(stderr, "guidelines list:", err)
		return exitFailed
	}
	switch *format {
	case "json":
		if list == nil {
			list = []guideline.Adoption{}
		}
		writeJSON(stdout, list)
	case "csv":
		w := csv.NewWriter(stdout)
		w.Write([]string{"guideline_id", "body_id", "body_type", "guideline_version", "title", "adopted", "act", "source", "data_version"})
		for _, a := range list {
			w.Write([]string{a.GuidelineID, a.BodyID, a.BodyType, a.Version, a.Title, a.Adopted, a.Act, a.Source,
				strconv.FormatInt(a.DataVersion, 10)})
		}
		w.Flush()
	default:
		tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "GUIDELINE\tBODY\tTYPE\tVERSION\tADOPTED\tACT\tTITLE")
		for _, a := range list {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", a.GuidelineID, a.BodyID, a.BodyType, a.Version, a.Adopted, a.Act, a.Title)
		}
		tw.Flush()
		fmt.Fprintf(stdout, "%d adoption(s), data version %d\n", len(list), v)
	}
	return exitOK
}

func runGuidelineAdd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("guidelines add", "--body B --guideline G --adopted DATE [--version V] [--title T] [--act A] [--source S]", stderr)
	db := dbFlag(fs)
	var a guideline.NewAdoption
	fs.StringVar(&a.BodyID, "body", "", "the adopting body's body_id (required)")
	fs.StringVar(&a.GuidelineID, "guideline", "", "the guideline_id, e.g. LG-COPROG (required)")
	fs.StringVar(&a.Adopted, "adopted", "", "adoption date, YYYY-MM-DD or DD/MM/YYYY (required)")
	fs.StringVar(&a.Version, "version", "", "the guideline's version adopted")
	fs.StringVar(&a.Title, "title", "", "the guideline's title")
	fs.StringVar(&a.Act, "act", "", "the act that adopted it")
	fs.StringVar(&a.Source, "source", "", "URL or reference")
	if code, ok := parse(fs, args, stdout); !ok {
		return code
	}
	if fs.NArg() > 0 || a.BodyID == "" || a.GuidelineID == "" || a.Adopted == "" {
		fmt.Fprintln(stderr, "guidelines add: give --body, --guideline and --adopted (a file of adoptions: osservatorio load FILE)")
		return exitUsage
	}
	dir, err := os.MkdirTemp("", "osservatorio-adoption-")
	if err != nil {
		fmt.Fprintln(stderr, "guidelines add:", err)
		return exitFailed
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "guideline_adoptions_cli.csv")
	var buf bytes.Buffer
	if _, err := guideline.WriteCSV(&buf, []guideline.NewAdoption{a}); err != nil || os.WriteFile(path, buf.Bytes(), 0o600) != nil {
		fmt.Fprintln(stderr, "guidelines add: cannot write the adoption file")
		return exitFailed
	}
	st, err := store.Open(ctx, store.Options{Path: *db})
	if err != nil {
		fmt.Fprintln(stderr, "guidelines add:", err)
		return exitFailed
	}
	defer st.Close()
	res, err := ingest.Load(ctx, st, []string{path}, ingest.Options{Source: "cli", AllOrNothing: true})
	if err != nil || len(res) != 1 {
		fmt.Fprintln(stderr, "guidelines add:", err)
		return exitFailed
	}
	r := res[0]
	switch r.Outcome {
	case ingest.Loaded:
		fmt.Fprintf(stdout, "%s adopted %s on %s: data version %d\n", a.BodyID, a.GuidelineID, a.Adopted, r.DataVersion)
	case ingest.Unchanged:
		fmt.Fprintf(stdout, "unchanged: %s\n", r.Message)
	default:
		for _, rj := range r.Rejects {
			fmt.Fprintf(stderr, "guidelines add: %s: %s (%q) %s\n", rj.Column, rj.Reason, rj.Value, rj.Detail)
		}
		fmt.Fprintln(stderr, "guidelines add: nothing recorded:", r.Message)
		return exitFailed
	}
	return exitOK
}

// openAtVersion opens the store and resolves the data version to read: the
// current one when want is 0. A nil store means return code.
func openAtVersion(ctx context.Context, path string, want int64, cmd string, stderr io.Writer) (*store.Store, int64, int) {
	st, err := store.Open(ctx, store.Options{Path: path})
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", cmd, err)
		return nil, 0, exitFailed
	}
	cur, err := st.DataVersion(ctx)
	if err != nil {
		st.Close()
		fmt.Fprintf(stderr, "%s: %v\n", cmd, err)
		return nil, 0, exitFailed
	}
	switch {
	case want == 0:
		return st, cur, 0
	case want < 0 || want > cur:
		st.Close()
		fmt.Fprintf(stderr, "%s: --data-version %d: the store has versions 1 to %d\n", cmd, want, cur)
		return nil, 0, exitUsage
	}
	return st, want, 0
}
