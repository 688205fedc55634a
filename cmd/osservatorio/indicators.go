package main

import (
	"cmp"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"text/tabwriter"
	"time"

	"osservatorio/internal/indicator"
	"osservatorio/internal/store"
	"osservatorio/internal/web"
)

func runIndicators(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("indicators", "[--scope S] [--period P] [--id ID] [--as-of YYYY-MM-DD] [--full] [--timings] [--publish] [--format table|csv|json] | --list", stderr)
	db := dbFlag(fs)
	scope := fs.String("scope", "all", "scope: all, body:<id>, body_type:<type>, programme:<code>, cycle:<cycle>, nuts:<code>")
	period := fs.String("period", "", "a year (YYYY) or all (default: every period)")
	id := fs.String("id", "", "one indicator (e.g. P01)")
	asOf := fs.String("as-of", os.Getenv(envAsOf), "reference date for composition indicators (default today, env "+envAsOf+")")
	format := fs.String("format", "table", "table, csv or json")
	list := fs.Bool("list", false, "list the catalogue with its metadata instead of values")
	publish := fs.Bool("publish", false, "make this snapshot the one pages and the public API show")
	timings := fs.Bool("timings", false, "print the time of each step of the refresh (longest first) on standard error")
	full := fs.Bool("full", false, "recompute every cell (default: only the cells whose records changed since a stored snapshot)")
	if code, ok := parse(fs, args, stdout); !ok {
		return code
	}
	if *format != "table" && *format != "csv" && *format != "json" {
		fmt.Fprintf(stderr, "indicators: unknown format %q\n", *format)
		return exitUsage
	}
	if *list {
		return listCatalogue(stdout, stderr, *format)
	}
	ref := time.Now()
	if *asOf != "" {
		t, err := time.Parse(time.DateOnly, *asOf)
		if err != nil {
			fmt.Fprintf(stderr, "indicators: --as-of %q is not a date YYYY-MM-DD\n", *asOf)
			return exitUsage
		}
		ref = t
	}
	st, err := store.Open(ctx, store.Options{Path: *db})
	if err != nil {
		fmt.Fprintln(stderr, "indicators:", err)
		return exitFailed
	}
	defer st.Close()
	t0 := time.Now()
	sum, err := indicator.Refresh(ctx, st, ref, indicator.Options{Full: *full}) // a no-op when this version and as_of are computed
	if err != nil {
		fmt.Fprintln(stderr, "indicators:", err)
		return exitFailed
	}
	fmt.Fprintln(stderr, "indicators:", refreshLine(sum, time.Since(t0)))
	if *timings {
		steps := slices.Clone(sum.Steps)
		slices.SortStableFunc(steps, func(a, b indicator.Step) int { return cmp.Compare(b.Duration, a.Duration) })
		for _, s := range steps {
			fmt.Fprintf(stderr, "  %8.3f s  %s\n", s.Duration.Seconds(), s.Name)
		}
		g := sum.Graphs
		fmt.Fprintf(stderr, "graphs %d: exact %d (%d computed, %d searches of %d nodes, %.3g work, %.1f s), estimated %d over the limits and %d over the budget (%d computed, %.1f s), reused %d; Rete's ties %.1f s\n",
			g.Graphs, g.Betweenness, g.Computed, g.Searches, g.Nodes, float64(g.Work), g.BetweennessTime.Seconds(),
			g.OverLimit, g.OverBudget, g.Sampled, g.SampleTime.Seconds(), g.Reused, g.TieTime.Seconds())
	}
	if *publish {
		if err := indicator.Publish(ctx, st, sum.DataVersion, sum.AsOf); err != nil {
			fmt.Fprintln(stderr, "indicators:", err)
			return exitFailed
		}
	}
	// The CLI runs on the database file itself: it shows small cells with
	// their counts, as the researcher role will.
	vs, err := indicator.Values(ctx, st.DB(), indicator.Filter{Indicator: *id, Scope: *scope, Period: *period,
		DataVersion: sum.DataVersion, AsOf: sum.AsOf, WithCounts: true})
	if err != nil {
		fmt.Fprintln(stderr, "indicators:", err)
		return exitFailed
	}
	switch *format {
	case "json":
		writeJSON(stdout, web.ValuesJSON(vs))
	case "csv":
		w := csv.NewWriter(stdout)
		w.Write([]string{"indicator", "scope", "period", "category", "value", "numerator", "denominator", "data_version", "as_of"})
		for _, v := range vs {
			w.Write([]string{v.Indicator, v.Scope, v.Period, v.Category, num(v.Value), num(v.Numerator), num(v.Denominator),
				strconv.FormatInt(v.DataVersion, 10), v.AsOf})
		}
		w.Flush()
	default:
		tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "INDICATOR\tSCOPE\tPERIOD\tCATEGORY\tVALUE\tNUMERATOR\tDENOMINATOR")
		for _, v := range vs {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", v.Indicator, v.Scope, v.Period, v.Category, num(v.Value), num(v.Numerator), num(v.Denominator))
		}
		tw.Flush()
		fmt.Fprintf(stdout, "data version %d, as of %s\n", sum.DataVersion, sum.AsOf)
	}
	return exitOK
}

func listCatalogue(stdout, stderr io.Writer, format string) int {
	defs, err := indicator.Catalogue()
	if err != nil {
		fmt.Fprintln(stderr, "indicators:", err)
		return exitFailed
	}
	switch format {
	case "json":
		writeJSON(stdout, web.CatalogueJSON(defs))
	case "csv":
		w := csv.NewWriter(stdout)
		w.Write([]string{"id", "name_it", "name_en", "family", "unit", "higher_is_better", "source", "small_cell"})
		for _, d := range defs {
			w.Write([]string{d.ID, d.NameIT, d.NameEN, d.Family, d.Unit, d.HigherIsBetter, d.Source, d.SmallCell})
		}
		w.Flush()
	default:
		tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tNOME\tNAME\tFAMILY\tUNIT\tHIGHER IS BETTER\tSOURCE")
		for _, d := range defs {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", d.ID, d.NameIT, d.NameEN, d.Family, d.Unit, d.HigherIsBetter, d.Source)
		}
		tw.Flush()
	}
	return exitOK
}

func num(p *float64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatFloat(*p, 'g', -1, 64)
}

// refreshLine says what a refresh did.
func refreshLine(sum indicator.Summary, d time.Duration) string {
	switch {
	case sum.Skipped:
		return fmt.Sprintf("data version %d as of %s was already computed", sum.DataVersion, sum.AsOf)
	case sum.Base != nil:
		return fmt.Sprintf("data version %d as of %s: %d cells recomputed, %d carried over from data version %d as of %s, in %.1f s",
			sum.DataVersion, sum.AsOf, sum.CellsComputed, sum.CellsCarried, sum.Base.DataVersion, sum.Base.AsOf, d.Seconds())
	default:
		return fmt.Sprintf("data version %d as of %s: all %d cells computed (full refresh) in %.1f s",
			sum.DataVersion, sum.AsOf, sum.CellsComputed, d.Seconds())
	}
}
