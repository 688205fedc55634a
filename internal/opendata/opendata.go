// Package opendata is the open data of the Osservatorio ("Dati aperti"):
// every research table at every data version with a stored indicator
// snapshot, as Parquet and as a zipped CSV, each with a manifest of its
// rows and of the SHA-256 of its files. Nothing is written to disk: a file
// is computed from DuckDB's Arrow batches through the export package when
// it is asked for, under the research SQL gate. So that the manifest's
// hashes are those of the bytes a later download produces, the files are
// deterministic: rows in a total order (ORDER BY ALL), the provenance's time
// is the data version's creation time, the zip entries are dated the same.
package opendata

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"osservatorio/internal/indicator"
	"osservatorio/internal/sandbox"
)

// The licence of the open data.
const (
	Licence    = "CC BY 4.0"
	LicenceURL = "https://creativecommons.org/licenses/by/4.0/"
)

// Kind is one of the files offered for a table.
type Kind string

// The files of a table.
const (
	Parquet  Kind = "parquet"
	CSVZip   Kind = "csv.zip"
	Manifest Kind = "manifest.json"
)

// Kinds lists them in the order pages show them.
var Kinds = []Kind{Parquet, CSVZip, Manifest}

// ContentType is the media type of the file.
func (k Kind) ContentType() string {
	switch k {
	case Parquet:
		return "application/vnd.apache.parquet"
	case CSVZip:
		return "application/zip"
	}
	return "application/json; charset=utf-8"
}

// Tables are the tables offered: the research tables, never rejects (their
// values may hold personal data), tokens or the audit log.
func Tables() []string { return slices.Clone(sandbox.ResearchTables) }

// recordKinds are read through their <table>_at(v) macros.
var recordKinds = []string{"organisations", "bodies", "memberships", "meetings", "attendance",
	"contributions", "guideline_adoptions"}

// versioned are the other tables, each as it stood at version v where it
// can say so, so that a version's file is the same whenever it is asked
// for: the history known by then, the loads up to v's (without path, a
// server's folder), that version's indicator rows. The catalogue and the
// calendar have no version: they are as they are.
var versioned = map[string]string{
	"loads":               "SELECT * EXCLUDE (path) FROM loads WHERE load_id <= (SELECT load_id FROM data_versions WHERE version = {v})",
	"data_versions":       "SELECT * FROM data_versions WHERE version <= {v}",
	"indicator_values":    "SELECT * FROM indicator_values WHERE data_version = {v}",
	"indicator_brokers":   "SELECT * FROM indicator_brokers WHERE data_version = {v}",
	"indicator_runs":      "SELECT * FROM indicator_runs WHERE data_version = {v}",
	"indicator_published": "SELECT * FROM indicator_published WHERE data_version = {v}",
	"indicator_catalogue": "SELECT * FROM indicator_catalogue",
	"calendar_it":         "SELECT * FROM calendar_it",
}

// Query is the SQL that produces a table's file at data version v: ORDER BY
// ALL makes the row order, and so the bytes, the same at every run.
func Query(table string, v int64) (string, bool) {
	var q string
	switch {
	case slices.Contains(recordKinds, table):
		q = fmt.Sprintf("SELECT * FROM %s_at(%d)", table, v)
	case strings.HasSuffix(table, "_history") && slices.Contains(recordKinds, strings.TrimSuffix(table, "_history")):
		q = fmt.Sprintf("SELECT * FROM %s WHERE replaced_in <= %d", table, v)
	case versioned[table] != "":
		q = strings.ReplaceAll(versioned[table], "{v}", strconv.FormatInt(v, 10))
	default:
		return "", false
	}
	if !slices.Contains(sandbox.ResearchTables, table) {
		return "", false
	}
	return q + " ORDER BY ALL", true
}

// Version is a data version offered: one with a stored indicator snapshot.
type Version struct {
	DataVersion int64
	AsOf        string    // the reference date of its snapshot (the published one's, else the latest)
	Published   bool      // its snapshot is the one pages show
	Created     time.Time // when the load that made it finished: the files' provenance time
}

// Versions lists the data versions with a stored snapshot, the published
// one first, then newest first.
func Versions(ctx context.Context, db *sql.DB) ([]Version, error) {
	snaps, err := indicator.Snapshots(ctx, db)
	if err != nil {
		return nil, err
	}
	created := map[int64]time.Time{}
	rows, err := db.QueryContext(ctx, "SELECT version, created FROM data_versions")
	if err != nil {
		return nil, fmt.Errorf("opendata: versions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var v int64
		var t time.Time
		if err := rows.Scan(&v, &t); err != nil {
			return nil, err
		}
		created[v] = t.UTC()
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []Version
	seen := map[int64]int{}
	for _, s := range snaps { // newest version first, then greatest as_of
		t, ok := created[s.DataVersion]
		if !ok {
			continue // version 0: an empty store's snapshot, no records
		}
		if i, ok := seen[s.DataVersion]; ok {
			if s.Published {
				out[i].AsOf, out[i].Published = s.AsOf, true
			}
			continue
		}
		seen[s.DataVersion] = len(out)
		out = append(out, Version{DataVersion: s.DataVersion, AsOf: s.AsOf, Published: s.Published, Created: t})
	}
	slices.SortStableFunc(out, func(a, b Version) int {
		if a.Published != b.Published {
			if a.Published {
				return -1
			}
			return 1
		}
		return 0
	})
	return out, nil
}

// File names one file of the open data.
type File struct {
	Version Version
	Table   string
	Kind    Kind
}

// Name is the file's name: <table>.<kind>.
func (f File) Name() string { return f.Table + "." + string(f.Kind) }

// Path is the file's address below the open data page.
func (f File) Path() string {
	return "/dati-aperti/v" + strconv.FormatInt(f.Version.DataVersion, 10) + "/" + f.Name()
}

// NotFoundError says that a version or a table is not offered, and what is.
type NotFoundError struct{ Msg string }

func (e *NotFoundError) Error() string { return e.Msg }

// Lookup finds the file that a path's version ("v12") and name
// ("attendance.parquet") name among the versions offered.
func Lookup(versions []Version, version, name string) (File, error) {
	var f File
	digits, ok := strings.CutPrefix(version, "v")
	n, err := strconv.ParseInt(digits, 10, 64)
	i := slices.IndexFunc(versions, func(v Version) bool { return ok && err == nil && v.DataVersion == n })
	if i < 0 {
		var have []string
		for _, v := range versions {
			have = append(have, "v"+strconv.FormatInt(v.DataVersion, 10))
		}
		if len(have) == 0 {
			return f, &NotFoundError{fmt.Sprintf("no data version %q: no version is offered yet", version)}
		}
		return f, &NotFoundError{fmt.Sprintf("no data version %q: the versions are %s", version, strings.Join(have, ", "))}
	}
	f.Version = versions[i]
	for _, k := range Kinds {
		if t, ok := strings.CutSuffix(name, "."+string(k)); ok {
			f.Table, f.Kind = t, k
			break
		}
	}
	if f.Kind == "" {
		return f, &NotFoundError{fmt.Sprintf("no file %q: a table's files end in .parquet, .csv.zip or .manifest.json", name)}
	}
	if _, ok := Query(f.Table, f.Version.DataVersion); !ok {
		return f, &NotFoundError{fmt.Sprintf("no table %q: the tables are %s", f.Table, strings.Join(Tables(), ", "))}
	}
	return f, nil
}
