package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"osservatorio/internal/config"
	"osservatorio/internal/evidence"
	"osservatorio/internal/indicator"
	"osservatorio/internal/store"
	"osservatorio/internal/web"
)

// runEvidence manages evidence packs: create (a draft, printing its id),
// add, freeze, list, show, download, verify.
func runEvidence(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	const synopsis = "create --title T [--indicators P01,Q01 --scopes all,body:B1 --periods 2023,all] [--guideline G] [--query NAME --param K=V] [--as-of D] [--freeze] | " +
		"add ID … | freeze ID | list [--drafts] | show ID | download ID -o FILE | verify ID | verify --zip FILE"
	if len(args) == 0 {
		fmt.Fprintf(stderr, "Usage: %s evidence %s\n", programName, synopsis)
		return exitUsage
	}
	sub := args[0]
	fs := newFlags("evidence "+sub, synopsis, stderr)
	db := dbFlag(fs)
	title := fs.String("title", "", "the pack's title")
	authors := fs.String("authors", "", "who signs it, comma-separated: a Laboratorio, an office, pseudonymous ids (no person's name)")
	purpose := fs.String("purpose", "", "the guideline or question it serves")
	inds := fs.String("indicators", "", "indicator ids, comma-separated")
	scopes := fs.String("scopes", "all", "scopes, comma-separated (all, body:ID, programme:…, nuts:…, cycle:…, body_type:…)")
	periods := fs.String("periods", "all", "periods, comma-separated (a year or all)")
	guide := fs.String("guideline", "", "a guideline id: add its before/after comparison")
	window := fs.Int("window", 0, "the comparison's window in days (default 365)")
	query := fs.String("query", "", "a named query (osservatorio export --list): add it, with its parameters")
	params := paramFlags{}
	fs.Var(params, "param", "a parameter of the named query, NAME=VALUE (repeat the flag for each)")
	asOf := fs.String("as-of", "", "reference date of the snapshot (default: the published one); computed if not stored")
	dataVersion := fs.Int64("data-version", 0, "data version of the snapshot (default: the published one)")
	freeze := fs.Bool("freeze", false, "for create: freeze the pack at once")
	drafts := fs.Bool("drafts", false, "for list: drafts too")
	format := fs.String("format", "text", "text or json")
	out := fs.String("o", "", "for download: the ZIP file to write")
	zipFile := fs.String("zip", "", "for verify: check a downloaded ZIP against its manifest")
	cfgPath := fs.String("config", "osservatorio.yaml", "configuration file, for the public address cited")
	if code, ok := parse(fs, args[1:], stdout); !ok {
		return code
	}
	id := fs.Arg(0)
	if fs.NArg() > 1 { // flags after the id: evidence download EP-… -o FILE
		if code, ok := parse(fs, fs.Args()[1:], stdout); !ok {
			return code
		}
		if fs.NArg() > 0 {
			fmt.Fprintf(stderr, "evidence %s: unexpected %q\n", sub, fs.Arg(0))
			return exitUsage
		}
	}
	needID := func() bool {
		if !evidence.ValidID(id) {
			fmt.Fprintf(stderr, "evidence %s: give a pack id like EP-2026-0001\n", sub)
			return false
		}
		return true
	}
	if sub == "verify" && *zipFile != "" {
		return verifyZipFile(ctx, *db, *zipFile, *format, stdout, stderr)
	}
	if sub != "create" && sub != "list" && !needID() {
		return exitUsage
	}
	st, err := openHeld(ctx, *db, "use its API (/api/evidence, docs/EVIDENCE.md) or stop it")
	if err != nil {
		fmt.Fprintf(stderr, "evidence %s: %v\n", sub, err)
		return exitFailed
	}
	defer st.Close()
	cfg, err := config.Load(*cfgPath, !flagSet(fs, "config"))
	if err != nil {
		fmt.Fprintln(stderr, "evidence:", err)
		return exitFailed
	}
	env := web.EvidenceEnv(cfg.PublicURL)
	fail := func(err error) int {
		var in *evidence.InputError
		fmt.Fprintf(stderr, "evidence %s: %v\n", sub, err)
		if errors.As(err, &in) {
			return exitUsage
		}
		return exitFailed
	}
	add := func(id string) error {
		if *inds != "" {
			if _, err := evidence.AddIndicators(ctx, st, id, split(*inds), split(*scopes), split(*periods)); err != nil {
				return err
			}
		}
		if *guide != "" {
			if err := evidence.AddGuideline(ctx, st, id, *guide, *window); err != nil {
				return err
			}
		}
		if *query != "" {
			return evidence.AddQuery(ctx, st, id, *query, params)
		}
		return nil
	}

	switch sub {
	case "create":
		snap, err := packSnapshot(ctx, st, *dataVersion, *asOf, stderr)
		if err != nil {
			return fail(err)
		}
		id, err := evidence.Create(ctx, st, evidence.Meta{Title: *title, Purpose: *purpose, Authors: split(*authors)}, snap)
		if err != nil {
			return fail(err)
		}
		if err := add(id); err != nil {
			return fail(fmt.Errorf("%s (the draft %s is kept)", err, id))
		}
		if *freeze {
			if _, err := evidence.Freeze(ctx, st, id, env); err != nil {
				return fail(err)
			}
		}
		fmt.Fprintln(stdout, id)
	case "add":
		if *inds == "" && *guide == "" && *query == "" {
			fmt.Fprintln(stderr, "evidence add: give --indicators (with --scopes, --periods), --guideline or --query")
			return exitUsage
		}
		if err := add(id); err != nil {
			return fail(err)
		}
	case "freeze":
		p, err := evidence.Freeze(ctx, st, id, env)
		if err != nil {
			return fail(err)
		}
		fmt.Fprintf(stdout, "%s frozen %s, manifest SHA-256 %s\n", p.ID, p.FrozenAt.Format(time.RFC3339), p.Digest)
	case "list":
		list, err := evidence.List(ctx, st.DB(), *drafts)
		if err != nil {
			return fail(err)
		}
		if *format == "json" {
			return jsonOut(stdout, stderr, list)
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tSTATE\tVERSION\tAS OF\tITEMS\tTITLE")
		for _, s := range list {
			state := "draft"
			if s.FrozenAt != nil {
				state = "frozen " + s.FrozenAt.Format(time.DateOnly)
			}
			fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%d\t%s\n", s.ID, state, s.DataVersion, s.AsOf, s.Items, s.Title)
		}
		tw.Flush()
	case "show":
		p, err := evidence.Get(ctx, st.DB(), id)
		if err != nil {
			return fail(err)
		}
		if *format == "json" {
			return jsonOut(stdout, stderr, p)
		}
		showPack(stdout, p)
	case "download":
		if *out == "" {
			fmt.Fprintln(stderr, "evidence download: give -o FILE")
			return exitUsage
		}
		data, err := evidence.ZIP(ctx, st.DB(), id)
		if err != nil {
			return fail(err)
		}
		if err := os.WriteFile(*out, data, 0o644); err != nil {
			return fail(err)
		}
		fmt.Fprintf(stdout, "%s: %d bytes\n", *out, len(data))
	case "verify":
		rep, err := evidence.Verify(ctx, st, id)
		if err != nil {
			return fail(err)
		}
		if *format == "json" {
			if code := jsonOut(stdout, stderr, rep); code != exitOK {
				return code
			}
		} else {
			showReport(stdout, rep)
		}
		if !rep.OK() {
			return exitFailed
		}
	default:
		fmt.Fprintf(stderr, "evidence: unknown subcommand %q\nUsage: %s evidence %s\n", sub, programName, synopsis)
		return exitUsage
	}
	return exitOK
}

// packSnapshot is the snapshot a new pack is taken from: the published one,
// or the one named; a reference date not computed yet for the current data
// version is computed (an explicit command may compute).
func packSnapshot(ctx context.Context, st *store.Store, v int64, asOf string, stderr io.Writer) (indicator.Snapshot, error) {
	snap, err := indicator.Resolve(ctx, st.DB(), v, asOf)
	var none *indicator.NoSnapshotError
	if err == nil || !errors.As(err, &none) || asOf == "" || v != 0 {
		return snap, err
	}
	ref, _ := time.Parse(time.DateOnly, asOf) // Resolve checked it
	fmt.Fprintf(stderr, "evidence: computing the indicators at %s…\n", asOf)
	sum, err := indicator.Refresh(ctx, st, ref, indicator.Options{})
	if err != nil {
		return snap, err
	}
	return indicator.Snapshot{DataVersion: sum.DataVersion, AsOf: sum.AsOf}, nil
}

// verifyZipFile checks a downloaded ZIP against its manifest and, when the
// database can be opened and holds the pack, byte for byte against the
// stored one.
func verifyZipFile(ctx context.Context, db, path, format string, stdout, stderr io.Writer) int {
	info, err := os.Stat(path)
	if err != nil {
		fmt.Fprintln(stderr, "evidence verify:", err)
		return exitFailed
	}
	if info.Size() > evidence.MaxZipBytes {
		fmt.Fprintf(stderr, "evidence verify: %s is larger than %d MB: not a pack\n", path, evidence.MaxZipBytes>>20)
		return exitFailed
	}
	data, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintln(stderr, "evidence verify:", err)
		return exitFailed
	}
	var rep *evidence.ZipReport
	if _, err := os.Stat(db); err == nil {
		if st, err := openDB(ctx, db); err == nil {
			rep = evidence.CheckZip(ctx, st.DB(), data)
			st.Close()
		} else {
			fmt.Fprintf(stderr, "evidence verify: %v: checking against the manifest only\n", err)
		}
	}
	if rep == nil {
		rep = evidence.VerifyZip(data)
	}
	if format == "json" {
		if code := jsonOut(stdout, stderr, rep); code != exitOK {
			return code
		}
	} else {
		showZipReport(stdout, rep)
	}
	if !rep.OK() {
		return exitFailed
	}
	return exitOK
}

func showPack(w io.Writer, p *evidence.Pack) {
	state := "draft"
	if p.FrozenAt != nil {
		state = "frozen " + p.FrozenAt.Format(time.RFC3339) + ", manifest SHA-256 " + p.Digest
	}
	fmt.Fprintf(w, "%s  %s\n%s\ndata version %d, as of %s; authors: %s\n", p.ID, p.Title, state, p.DataVersion, p.AsOf, strings.Join(p.Authors, ", "))
	if p.Purpose != "" {
		fmt.Fprintf(w, "purpose: %s\n", p.Purpose)
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ITEM\tWHAT\tCATEGORY\tVALUE\tNUMERATOR\tDENOMINATOR")
	for _, it := range p.Items {
		switch it.Kind {
		case evidence.KindGuideline:
			fmt.Fprintf(tw, "%d\t%s, window %d days: %d comparison rows\t\t\t\t\n", it.Seq, it.Guideline, it.Window, len(it.Effects))
			continue
		case evidence.KindQuery:
			fmt.Fprintf(tw, "%d\tquery %s %v: %d rows, CSV SHA-256 %s\t\t\t\t\n", it.Seq, it.Query, it.Params, it.ResultRows, it.ResultSHA256)
			continue
		}
		for _, v := range it.Values {
			fmt.Fprintf(tw, "%d\t%s %s %s\t%s\t%s\t%s\t%s\n", it.Seq, it.Indicator, it.Scope, it.Period, v.Category, num(v.Value), num(v.Numerator), num(v.Denominator))
		}
	}
	tw.Flush()
}

func showReport(w io.Writer, r *evidence.Report) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ITEM\tINDICATOR\tSCOPE\tPERIOD\tCATEGORY\tSTORED\tRECOMPUTED\tRESULT")
	bad := 0
	for _, c := range r.Values {
		res := "match"
		if !c.Match {
			res, bad = "DIFFERS", bad+1
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", c.Item, c.Indicator, c.Scope, c.Period, c.Category, num(c.Stored), num(c.Recomputed), res)
	}
	for _, c := range r.Queries {
		res := "match"
		if !c.Match {
			res, bad = "DIFFERS", bad+1
		}
		fmt.Fprintf(tw, "%d\tquery %s\t%d rows\t\t\t%s\t%s\t%s\n", c.Item, c.Query, c.Rows, c.StoredSHA256[:min(12, len(c.StoredSHA256))], c.SHA256[:min(12, len(c.SHA256))], res)
	}
	for _, c := range r.Effects {
		res := "match"
		if !c.Match {
			res, bad = "DIFFERS", bad+1
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t\t\t\t\t%s\n", c.Item, c.Indicator, c.Guideline+" "+c.Body, res)
	}
	tw.Flush()
	fmt.Fprintf(w, "%s: %d values, %d comparison rows, %d queries checked, %d differ\n", r.Pack, len(r.Values), len(r.Effects), len(r.Queries), bad)
	if r.Zip != nil {
		showZipReport(w, r.Zip)
		if !r.ZipDigest {
			fmt.Fprintln(w, "the stored ZIP's manifest is not the one recorded when the pack was frozen")
		}
	}
}

func showZipReport(w io.Writer, r *evidence.ZipReport) {
	if r.Error != "" {
		fmt.Fprintln(w, "ZIP:", r.Error)
	}
	for _, f := range r.Files {
		if !f.OK {
			fmt.Fprintf(w, "ZIP: %s: %s\n", f.Name, f.Problem)
		}
	}
	switch {
	case r.Stored != nil && *r.Stored:
		fmt.Fprintf(w, "ZIP of %s: identical to the stored one, %d files match the manifest (SHA-256 %s)\n", r.Pack, len(r.Files), r.Digest)
	case r.OK():
		fmt.Fprintf(w, "ZIP of %s: %d files match the manifest; compare its SHA-256 %s with the pack's page\n", r.Pack, len(r.Files), r.Digest)
	default:
		fmt.Fprintln(w, "ZIP: verification FAILED")
	}
}

func split(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func jsonOut(stdout, stderr io.Writer, v any) int {
	if err := writeJSON(stdout, v); err != nil {
		fmt.Fprintln(stderr, "evidence:", err)
		return exitFailed
	}
	return exitOK
}
