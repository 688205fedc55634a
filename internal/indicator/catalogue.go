package indicator

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	"osservatorio/internal/sqlheader"
	"osservatorio/queries"
)

// Def is one indicator of the catalogue, read from its file in
// queries/indicators.
type Def struct {
	ID, NameIT, NameEN, Family, Unit, Source, HigherIsBetter, SmallCell string
	Explain                                                             map[string]Explanation // "it", "en"
	// Small is the small-cell rule read from SmallCell; nil when none.
	Small *SmallCell

	Compute string // "sql", or "go" for the network metrics (their SQL reads what Go computed)
	File    string // e.g. "indicators/C01.sql" inside queries.FS
	SQL     string // the query: a SELECT returning (indicator, scope, period, category, value, numerator, denominator)
}

// Explanation is the page-ready text of an indicator in one language.
type Explanation struct {
	What, Formula, Why, Read, Caveats string
}

// The values the metadata may take.
var (
	families = map[string]bool{"composition": true, "participation": true, "process": true, "network": true, "equality": true}
	units    = map[string]bool{"count": true, "share": true, "index": true, "days": true, "ratio": true}
	hib      = map[string]bool{"true": true, "false": true, "none": true}
)

// metaKeys are the header keys; all but compute are required.
var metaKeys = []string{"id", "name_it", "name_en", "family", "unit", "source", "higher_is_better", "small_cell",
	"compute",
	"what_it", "what_en", "formula_it", "formula_en", "why_it", "why_en", "read_it", "read_en", "caveats_it", "caveats_en"}

var (
	catOnce sync.Once
	catDefs []Def
	catErr  error
)

// Catalogue returns every indicator, sorted by ID, from the files embedded
// from queries/indicators (files whose name starts with "_" are helpers, not
// indicators). The result is parsed once; callers get their own copy.
func Catalogue() ([]Def, error) {
	catOnce.Do(func() { catDefs, catErr = loadCatalogue(queries.FS) })
	if catErr != nil {
		return nil, catErr
	}
	out := make([]Def, len(catDefs))
	copy(out, catDefs)
	for i := range out {
		ex := make(map[string]Explanation, 2)
		for k, v := range out[i].Explain {
			ex[k] = v
		}
		out[i].Explain = ex
	}
	return out, nil
}

func loadCatalogue(fsys fs.FS) ([]Def, error) {
	names, err := fs.Glob(fsys, "indicators/*.sql")
	if err != nil {
		return nil, err
	}
	var defs []Def
	for _, name := range names {
		if strings.HasPrefix(path.Base(name), "_") {
			continue
		}
		body, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		d, err := parseDef(name, string(body))
		if err != nil {
			return nil, err
		}
		defs = append(defs, d)
	}
	sort.Slice(defs, func(i, j int) bool { return defs[i].ID < defs[j].ID })
	return defs, nil
}

// parseDef reads the metadata header and the query of one indicator file.
//
// The header is the leading block of "--" comment lines. A line
// "-- key: value" starts a key; a line "--   more" (two or more spaces after
// the dashes) continues the previous value, joined with one space. The
// header ends at the first line that is not a comment; the rest of the file
// is the query.
func parseDef(name, text string) (Def, error) {
	f, err := sqlheader.Parse(text, metaKeys, nil)
	if err != nil {
		return Def{}, fmt.Errorf("indicator %s: %w", name, err)
	}
	meta := f.Meta
	for _, k := range metaKeys {
		if k != "compute" && meta[k] == "" {
			return Def{}, fmt.Errorf("indicator %s: metadata %q missing", name, k)
		}
	}
	d := Def{
		ID: meta["id"], NameIT: meta["name_it"], NameEN: meta["name_en"], Family: meta["family"],
		Unit: meta["unit"], Source: meta["source"], HigherIsBetter: meta["higher_is_better"],
		SmallCell: meta["small_cell"], Compute: meta["compute"], File: name,
		Explain: map[string]Explanation{
			"it": {What: meta["what_it"], Formula: meta["formula_it"], Why: meta["why_it"], Read: meta["read_it"], Caveats: meta["caveats_it"]},
			"en": {What: meta["what_en"], Formula: meta["formula_en"], Why: meta["why_en"], Read: meta["read_en"], Caveats: meta["caveats_en"]},
		},
	}
	if d.Compute == "" {
		d.Compute = "sql"
	}
	switch {
	case d.ID+".sql" != path.Base(name):
		return Def{}, fmt.Errorf("indicator %s: id %q does not match the file name", name, d.ID)
	case !families[d.Family]:
		return Def{}, fmt.Errorf("indicator %s: unknown family %q", name, d.Family)
	case !units[d.Unit]:
		return Def{}, fmt.Errorf("indicator %s: unknown unit %q", name, d.Unit)
	case !hib[d.HigherIsBetter]:
		return Def{}, fmt.Errorf("indicator %s: higher_is_better must be true, false or none, not %q", name, d.HigherIsBetter)
	case d.Compute != "sql" && d.Compute != "go":
		return Def{}, fmt.Errorf("indicator %s: compute must be sql or go, not %q", name, d.Compute)
	}
	small, err := ParseSmallCell(d.SmallCell)
	if err != nil {
		return Def{}, fmt.Errorf("indicator %s: small_cell: %w", name, err)
	}
	d.Small = small
	d.SQL = f.SQL
	if d.SQL == "" {
		return Def{}, fmt.Errorf("indicator %s: no query", name)
	}
	return d, nil
}

// statements splits a helper file into statements: a statement ends with a
// line whose last non-blank character is ';'. Comment-only chunks are dropped.
func statements(text string) []string {
	var out []string
	var cur []string
	flush := func() {
		s := strings.TrimSpace(strings.Join(cur, "\n"))
		cur = cur[:0]
		if s == "" || onlyComments(s) {
			return
		}
		out = append(out, strings.TrimSuffix(s, ";"))
	}
	for _, line := range strings.Split(text, "\n") {
		cur = append(cur, line)
		if t := strings.TrimSpace(line); strings.HasSuffix(t, ";") && !strings.HasPrefix(t, "--") {
			flush()
		}
	}
	flush()
	return out
}

func onlyComments(s string) bool {
	for _, l := range strings.Split(s, "\n") {
		if t := strings.TrimSpace(l); t != "" && !strings.HasPrefix(t, "--") {
			return false
		}
	}
	return true
}

// named splits a file of named statements ("-- name: x" starts statement x).
func named(text string) map[string]string {
	out := map[string]string{}
	var name string
	var cur []string
	flush := func() {
		if name != "" {
			out[name] = strings.TrimSuffix(strings.TrimSpace(strings.Join(cur, "\n")), ";")
		}
		cur = cur[:0]
	}
	for _, line := range strings.Split(text, "\n") {
		if t := strings.TrimSpace(line); strings.HasPrefix(t, "-- name:") {
			flush()
			name = strings.TrimSpace(strings.TrimPrefix(t, "-- name:"))
			continue
		}
		cur = append(cur, line)
	}
	flush()
	return out
}

// helper reads one of the helper files of queries/indicators (names starting
// with '_': the refresh steps, see its README).
func helper(name string) (string, error) {
	b, err := fs.ReadFile(queries.FS, "indicators/"+name)
	return string(b), err
}
