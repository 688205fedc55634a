package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// sections are the measurements, in the order they run on each set.
var sections = []string{"load", "refresh", "exports", "pages", "serve"}

// options are the command's flags.
type options struct {
	Sets     []string        // data sets, in the order given
	Only     map[string]bool // sections to run
	Cache    string          // generated sets, one folder each
	Duration time.Duration   // per page case
	Clients  int             // concurrent page clients
	Out      string          // bench.json
	Docs     string          // the Markdown file with the bench markers ("" or "-": none)
	Bin      string          // a prebuilt osservatorio binary (default: build one)
	AsOf     string          // reference date of the refreshes
	Memory   string          // serve's memory_limit
	GoMemory string          // serve's go_memory_limit ("": none)
	Keep     bool            // keep the work folder with the databases
	From     string          // only rewrite the docs section from this bench.json
}

func parseOptions(args []string, stderr io.Writer) (options, error) {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: bench [flags]\n\n"+
			"Generates the 1 M and 10 M data sets (cached), builds osservatorio and measures loading,\n"+
			"indicator refreshes, exports and pages, each in its own process; writes bench.json and the\n"+
			"section of docs/BENCHMARKS.md between <!-- bench:begin --> and <!-- bench:end -->.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	sets := fs.String("sets", "1m,10m", "data sets to measure: "+strings.Join(setNames(), ", "))
	only := fs.String("only", strings.Join(sections, ","), "sections to run: "+strings.Join(sections, ", "))
	o := options{}
	fs.StringVar(&o.Cache, "cache", "data/bench-cache", "folder of the generated data sets (one sub-folder per set)")
	fs.DurationVar(&o.Duration, "duration", 10*time.Second, "how long each page case runs")
	fs.IntVar(&o.Clients, "clients", 32, "concurrent page clients")
	fs.StringVar(&o.Out, "out", "bench.json", "the JSON report")
	fs.StringVar(&o.Docs, "docs", "docs/BENCHMARKS.md", `Markdown file whose bench section is rewritten ("-": none)`)
	fs.StringVar(&o.Bin, "osservatorio", "", "use this osservatorio binary instead of building one")
	fs.StringVar(&o.AsOf, "as-of", "2025-12-31", "reference date of the indicator refreshes")
	fs.StringVar(&o.Memory, "memory-limit", "1GB", "serve's memory_limit (DuckDB's buffer pool) in the pages and serve sections")
	fs.StringVar(&o.GoMemory, "go-memory-limit", "400MiB", "serve's go_memory_limit (Go's soft limit) in the pages and serve sections (\"\": none)")
	fs.BoolVar(&o.Keep, "keep", false, "keep the work folder (the databases) after the run")
	fs.StringVar(&o.From, "from", "", "measure nothing: rewrite the --docs section from this bench.json")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	var err error
	if o.Sets, err = splitList(*sets, setNames()); err != nil {
		return o, fmt.Errorf("--sets: %w", err)
	}
	names, err := splitList(*only, sections)
	if err != nil {
		return o, fmt.Errorf("--only: %w", err)
	}
	o.Only = map[string]bool{}
	for _, n := range names {
		o.Only[n] = true
	}
	if o.Duration <= 0 || o.Clients < 1 {
		return o, errors.New("--duration and --clients must be positive")
	}
	if _, err := time.Parse(time.DateOnly, o.AsOf); err != nil {
		return o, fmt.Errorf("--as-of %q is not a date YYYY-MM-DD", o.AsOf)
	}
	return o, nil
}

// splitList splits a comma-separated list and checks every item is allowed.
func splitList(s string, allowed []string) ([]string, error) {
	var out []string
	for _, v := range strings.Split(s, ",") {
		v = strings.ToLower(strings.TrimSpace(v))
		if v == "" || slices.Contains(out, v) {
			continue
		}
		if !slices.Contains(allowed, v) {
			return nil, fmt.Errorf("%q is not one of %s", v, strings.Join(allowed, ", "))
		}
		out = append(out, v)
	}
	if len(out) == 0 {
		return nil, errors.New("empty")
	}
	return out, nil
}
