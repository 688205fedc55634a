package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"osservatorio/internal/annotation"
	"osservatorio/internal/auth"
	"osservatorio/internal/store"
)

const annotationsUsage = `Usage:
  osservatorio annotations list [--kind K] [--indicator ID] [--scope S] [--period P] [--body B] [--guideline G] [--pack EP-YYYY-NNNN] [--limit N] [--offset N] [--format text|json] [--db PATH]
  osservatorio annotations add TARGET --text T [--author TOKEN-ID] [--data-version N] [--format text|json] [--db PATH]
  osservatorio annotations edit ID --text T [--author TOKEN-ID] [--data-version N] [--format text|json] [--db PATH]
  osservatorio annotations history ID [--format text|json] [--db PATH]

TARGET is one of: --indicator ID --scope S --period P (an indicator value:
scope all or body:B, programme:P, body_type:T, nuts:N, cycle:C; period all or
a year), --body B, --guideline G, --pack EP-YYYY-NNNN.

Notes are the Laboratori's published commentary (docs/ANNOTATIONS.md). The
author is pseudonymous: a token id (see tokens list), or "cli" by default.
edit adds a revision and keeps every earlier text; history shows them all.
--data-version defaults to the published snapshot's (add) or the previous
revision's (edit). The CLI writes to the database file: while serve runs,
use the API (POST/PUT /api/annotations) instead.
`

func runAnnotations(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		w := stderr
		if len(args) > 0 {
			w = stdout
		}
		fmt.Fprint(w, annotationsUsage)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	sub, rest := args[0], args[1:]
	if sub != "list" && sub != "add" && sub != "edit" && sub != "history" {
		fmt.Fprintf(stderr, "annotations: unknown subcommand %q\n\n%s", sub, annotationsUsage)
		return exitUsage
	}
	// edit and history take the note's id first: flag parsing stops at the
	// first argument that is not a flag, so take it off before.
	var pos string
	if len(rest) > 0 && !strings.HasPrefix(rest[0], "-") {
		pos, rest = rest[0], rest[1:]
	}
	cmd := "annotations " + sub
	fs := newFlags(cmd, "(see osservatorio annotations --help)", stderr)
	db := dbFlag(fs)
	var t annotation.Target
	kind := fs.String("kind", "", "list: indicator, body, guideline or pack")
	fs.StringVar(&t.Indicator, "indicator", "", "indicator id (e.g. P01)")
	fs.StringVar(&t.Scope, "scope", "", "scope of the indicator value: all, body:B, programme:P, body_type:T, nuts:N, cycle:C")
	fs.StringVar(&t.Period, "period", "", "period of the indicator value: all or a year")
	fs.StringVar(&t.Body, "body", "", "body id")
	fs.StringVar(&t.Guideline, "guideline", "", "guideline id")
	fs.StringVar(&t.Pack, "pack", "", "evidence pack id, EP-YYYY-NNNN")
	text := fs.String("text", "", "the note's text (at most 2,000 characters)")
	author := fs.String("author", "cli", "who writes: a token id (tokens list), never a person's name")
	version := fs.Int64("data-version", 0, "the data version the text refers to")
	limit := fs.Int("limit", annotation.DefaultLimit, "list: at most this many notes")
	offset := fs.Int("offset", 0, "list: skip this many notes")
	format := fs.String("format", "text", "text or json")
	if code, ok := parse(fs, rest, stdout); !ok {
		return code
	}
	if pos == "" && fs.NArg() > 0 {
		pos = fs.Arg(0)
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(stderr, "%s: unknown format %q (text or json)\n", cmd, *format)
		return exitUsage
	}
	var id int64
	switch sub {
	case "edit", "history":
		n, err := strconv.ParseInt(pos, 10, 64)
		if err != nil || n < 1 {
			fmt.Fprintf(stderr, "%s: give the note's id (a number), e.g. %s 12\n", cmd, cmd)
			return exitUsage
		}
		id = n
	case "add":
		k, err := targetKind(t)
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", cmd, err)
			return exitUsage
		}
		t.Kind = k
	}
	if sub != "edit" && sub != "history" && pos != "" {
		fmt.Fprintf(stderr, "%s: unexpected argument %q\n", cmd, pos)
		return exitUsage
	}

	st, err := store.Open(ctx, store.Options{Path: *db})
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", cmd, err)
		if errors.Is(err, store.ErrInUse) {
			fmt.Fprintf(stderr, "%s: while serve runs, read and write notes through its API: /api/annotations\n", cmd)
		}
		return exitFailed
	}
	defer st.Close()

	var out []annotation.Annotation
	switch sub {
	case "list":
		out, err = annotation.List(ctx, st.DB(), annotation.Filter{Kind: annotation.Kind(*kind), Indicator: t.Indicator,
			Scope: t.Scope, Period: t.Period, Body: t.Body, Guideline: t.Guideline, Pack: t.Pack, Limit: *limit, Offset: *offset})
	case "history":
		var a annotation.Annotation
		a, err = annotation.History(ctx, st.DB(), id)
		out = []annotation.Annotation{a}
	case "add", "edit":
		if err = knownAuthor(ctx, st, *author); err != nil {
			break
		}
		var a annotation.Annotation
		if sub == "add" {
			a, err = annotation.Add(ctx, st, annotation.Draft{Target: t, Text: *text, Author: *author, DataVersion: *version})
		} else {
			a, err = annotation.Edit(ctx, st, id, annotation.Change{Text: *text, Author: *author, DataVersion: *version})
		}
		if err == nil {
			audit(ctx, st, stderr, "annotation."+sub, "annotation:"+strconv.FormatInt(a.ID, 10),
				a.Target.Key()+" revision "+strconv.Itoa(a.Revision)+" by "+a.RevisedBy)
			out = []annotation.Annotation{a}
		}
	}
	if err != nil {
		var fe *annotation.FieldError
		if errors.As(err, &fe) {
			fmt.Fprintf(stderr, "%s: %s: %s\n", cmd, flagOf(fe.Field), fe.Msg)
			return exitUsage
		}
		fmt.Fprintf(stderr, "%s: %v\n", cmd, err)
		return exitFailed
	}
	if *format == "json" {
		if sub == "list" {
			writeJSON(stdout, out)
		} else {
			writeJSON(stdout, out[0])
		}
		return exitOK
	}
	for _, a := range out {
		printNote(stdout, a)
	}
	if sub == "list" {
		fmt.Fprintf(stdout, "%d note(s)\n", len(out))
	}
	return exitOK
}

// targetKind says which kind of target add's flags name: exactly one.
func targetKind(t annotation.Target) (annotation.Kind, error) {
	var kinds []annotation.Kind
	if t.Indicator != "" || t.Scope != "" || t.Period != "" {
		kinds = append(kinds, annotation.KindIndicator)
	}
	for k, v := range map[annotation.Kind]string{annotation.KindBody: t.Body, annotation.KindGuideline: t.Guideline, annotation.KindPack: t.Pack} {
		if v != "" {
			kinds = append(kinds, k)
		}
	}
	switch len(kinds) {
	case 0:
		return "", errors.New("name the target: --indicator ID --scope S --period P, --body B, --guideline G or --pack EP-YYYY-NNNN")
	case 1:
		return kinds[0], nil
	}
	return "", errors.New("name one target: an indicator value, a body, a guideline or a pack")
}

// knownAuthor accepts "cli" (the operator on the database file, as the
// audit log has it) or the id of a token, so that a note never names a
// person.
func knownAuthor(ctx context.Context, st *store.Store, author string) error {
	if author == "cli" {
		return nil
	}
	if err := annotation.CheckAuthor(author); err != nil {
		return err
	}
	ts, err := auth.List(ctx, st.DB())
	if err != nil {
		return err
	}
	for _, t := range ts {
		if t.ID == author {
			return nil
		}
	}
	return &annotation.FieldError{Field: "author", Msg: fmt.Sprintf("no token %q: give a token id (tokens list) or leave it out for \"cli\"", author)}
}

// flagOf names a field of the package's errors by the flag that sets it.
func flagOf(field string) string {
	f := strings.TrimPrefix(field, "target.")
	return "--" + strings.ReplaceAll(f, "_", "-")
}

// printNote writes a note for reading: a heading line, then its text (and
// on history, every revision) indented.
func printNote(w io.Writer, a annotation.Annotation) {
	edited := ""
	if a.Edited() {
		edited = fmt.Sprintf(", edited: %d revisions, last %s by %s", a.Revision, a.Revised.Format(time.DateTime), a.RevisedBy)
	}
	fmt.Fprintf(w, "#%d  %s  by %s, %s UTC, data version %d%s\n", a.ID, a.Target, a.Author, a.Created.Format(time.DateTime),
		a.DataVersion, edited)
	if len(a.Revisions) == 0 {
		fmt.Fprintln(w, indent(a.Text))
		return
	}
	for _, r := range a.Revisions {
		fmt.Fprintf(w, "  revision %d  by %s, %s UTC, data version %d\n%s\n", r.Revision, r.Author, r.Created.Format(time.DateTime),
			r.DataVersion, indent(r.Text))
	}
}

func indent(s string) string { return "    " + strings.ReplaceAll(s, "\n", "\n    ") }
