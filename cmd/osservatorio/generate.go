package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"osservatorio/internal/generate"
)

func runGenerate(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("generate", "--out DIR [--orgs N] [--bodies N] [--years N] [--seed S]", stderr)
	d := generate.Options{}.Defaults()
	out := fs.String("out", "", "folder to write the six CSV files into (created if missing)")
	orgs := fs.Int("orgs", d.Orgs, "organisations (15000 orgs / 1000 bodies ≈ 1 million attendance rows)")
	bodies := fs.Int("bodies", d.Bodies, "partnership bodies (150000 / 10000 ≈ 10 million attendance rows)")
	years := fs.Int("years", d.Years, "years of meetings")
	endYear := fs.Int("end-year", d.EndYear, "last year with meetings")
	seed := fs.Int64("seed", d.Seed, "random seed: the same seed and options give the same files")
	if code, ok := parse(fs, args, stdout); !ok {
		return code
	}
	if *out == "" {
		fmt.Fprintln(stderr, "generate: --out is required")
		fs.Usage()
		return exitUsage
	}
	start := time.Now()
	stats, err := generate.Write(ctx, *out, generate.Options{Orgs: *orgs, Bodies: *bodies, Years: *years, EndYear: *endYear, Seed: *seed})
	if err != nil {
		fmt.Fprintln(stderr, "generate:", err)
		return exitFailed
	}
	for _, k := range []string{"organisations", "bodies", "memberships", "meetings", "attendance", "contributions"} {
		fmt.Fprintf(stdout, "%-14s %d\n", k, stats[k])
	}
	fmt.Fprintf(stdout, "written to %s in %s\n", *out, time.Since(start).Round(time.Millisecond))
	return exitOK
}
