// Command bench measures Osservatorio at scale in one run, each figure in its
// own process so that its peak memory can be read: loading against DuckDB's
// read_csv, the indicator refresh (full, and after one body's new month),
// research exports against DuckDB's COPY, pages cached and uncached under 32
// clients, and serve's memory through an upload and its refresh. It writes
// bench.json and the bench section of docs/BENCHMARKS.md.
//
//	make bench          # the 1 M and 10 M sets
//	make bench-quick    # the 1 M set only
//	bench --sets 1m --only load,refresh --keep
//
// The data sets come from osservatorio generate and are cached in
// data/bench-cache/<set>/ (reused while their generator options match the
// stamp); the databases are built afresh in data/bench-cache/work-<set>/.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	var code int
	if len(os.Args) > 1 && os.Args[1] == helperArg {
		code = runHelper(ctx, os.Args[2:], os.Stdout, os.Stderr)
	} else {
		code = run(ctx, os.Args[1:], os.Stderr)
	}
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stderr io.Writer) int {
	o, err := parseOptions(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	} else if err != nil {
		fmt.Fprintln(stderr, "bench:", err)
		return 2
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	if o.From != "" {
		if err := renderFrom(o.From, o.Docs); err != nil {
			fmt.Fprintln(stderr, "bench:", err)
			return 1
		}
		log.Info("docs section rewritten", "file", o.Docs, "from", o.From)
		return 0
	}
	if _, err := os.Stat("go.mod"); err != nil {
		fmt.Fprintln(stderr, "bench: run it from the repository's root (no go.mod here)")
		return 2
	}
	start := time.Now()
	r := &report{Date: start.UTC().Truncate(time.Second), Machine: readMachine(), Git: readGit(ctx, o.Out, o.Docs),
		Options: reportOpts{Sets: o.Sets, Duration: o.Duration.String(), Clients: o.Clients, AsOf: o.AsOf, Memory: o.Memory, GoMemory: o.GoMemory}}
	for _, s := range sections {
		if o.Only[s] {
			r.Options.Only = append(r.Options.Only, s)
		}
	}
	self, err := os.Executable()
	if err != nil {
		fmt.Fprintln(stderr, "bench:", err)
		return 1
	}
	bin := o.Bin
	if bin == "" {
		tmp, err := os.MkdirTemp("", "osservatorio-bench-")
		if err != nil {
			fmt.Fprintln(stderr, "bench:", err)
			return 1
		}
		defer os.RemoveAll(tmp)
		if bin, err = build(ctx, tmp, log); err != nil {
			fmt.Fprintln(stderr, "bench:", err)
			return 1
		}
	}
	if bin, err = filepath.Abs(bin); err != nil {
		fmt.Fprintln(stderr, "bench:", err)
		return 1
	}
	for _, name := range o.Sets {
		ds := setByName(name)
		log.Info("set", "name", ds.Label, "orgs", ds.Gen.Orgs, "bodies", ds.Gen.Bodies)
		sr := runSet(ctx, o, bin, self, ds, log)
		r.Sets = append(r.Sets, sr)
		for _, e := range sr.Errors {
			r.Failures = append(r.Failures, ds.Label+": "+e)
		}
		if ctx.Err() != nil {
			break
		}
	}
	r.Targets = evaluate(r.Sets)
	r.Machine.LoadAvgEnd = loadAvg()
	r.Seconds = round(time.Since(start).Seconds(), 1)
	if err := writeReport(o.Out, r); err != nil {
		fmt.Fprintln(stderr, "bench:", err)
		return 1
	}
	log.Info("report written", "file", o.Out)
	if o.Docs != "" && o.Docs != "-" {
		if err := rewriteDocs(o.Docs, markdown(r)); err != nil {
			fmt.Fprintln(stderr, "bench:", err)
			return 1
		}
		log.Info("docs section rewritten", "file", o.Docs)
	}
	for _, t := range r.Targets {
		log.Info("target", "what", t.What, "set", t.Set, "limit", t.Limit, "value", deref(t.Value), "met", verdict(t.Met), "note", t.Note)
	}
	if len(r.Failures) > 0 || ctx.Err() != nil {
		for _, f := range r.Failures {
			fmt.Fprintln(stderr, "bench: failed:", f)
		}
		return 1
	}
	return 0
}

// build compiles osservatorio once for the whole run.
func build(ctx context.Context, dir string, log *slog.Logger) (string, error) {
	bin := filepath.Join(dir, "osservatorio")
	goTool := os.Getenv("GO")
	if goTool == "" {
		goTool = "go"
	}
	log.Info("building osservatorio", "out", bin)
	start := time.Now()
	cmd := exec.CommandContext(ctx, goTool, "build", "-tags", "duckdb_arrow", "-o", bin, "./cmd/osservatorio")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build: %w: %s", err, out)
	}
	log.Info("built", "seconds", secs(time.Since(start)))
	return bin, nil
}

func deref(v *float64) any {
	if v == nil {
		return "–"
	}
	return *v
}
