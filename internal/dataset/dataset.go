// Package dataset writes the records and the indicator values as a
// Hive-partitioned Parquet dataset that DuckDB, Spark or Trino read as it
// is: one folder per table, split by data version (data_version=N/: the
// version that wrote the rows) and, for attendance, by the year of the
// meeting (year=YYYY/), with a manifest.json listing every file with its
// rows and SHA-256. The files are written from Go through the export
// package's Parquet writer: DuckDB itself may write no file.
package dataset

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"database/sql/driver"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/duckdb/duckdb-go/v2"

	"osservatorio/internal/export"
)

// Table is one table of the dataset: Keys are the partition columns, in
// folder order; the query returns them first, then the table's columns,
// sorted by the keys (and by the table's key, so files are reproducible).
type Table struct {
	Name  string
	Keys  []string
	Query string
}

// Tables are the record tables and the indicator values. A partition
// column is not stored in the files (readers take it from the path), so
// data_version keeps its meaning and type; attendance gains a year column.
var Tables = []Table{
	{"organisations", []string{"data_version"},
		"SELECT data_version, * EXCLUDE (data_version) FROM organisations ORDER BY data_version, org_id"},
	{"bodies", []string{"data_version"},
		"SELECT data_version, * EXCLUDE (data_version) FROM bodies ORDER BY data_version, body_id"},
	{"memberships", []string{"data_version"},
		"SELECT data_version, * EXCLUDE (data_version) FROM memberships ORDER BY data_version, body_id, org_id, person_id, start"},
	{"meetings", []string{"data_version"},
		"SELECT data_version, * EXCLUDE (data_version) FROM meetings ORDER BY data_version, meeting_id"},
	// Every attendance row names a meeting the loader accepted, so its year
	// is known; a NULL would be written as year=NULL, which DuckDB reads as NULL.
	{"attendance", []string{"data_version", "year"},
		`SELECT a.data_version, year(m.date) AS year, a.* EXCLUDE (data_version)
		 FROM attendance a LEFT JOIN meetings m ON m.meeting_id = a.meeting_id
		 ORDER BY a.data_version, year, a.meeting_id, a.org_id, a.person_id`},
	{"contributions", []string{"data_version"},
		"SELECT data_version, * EXCLUDE (data_version) FROM contributions ORDER BY data_version, contribution_id"},
	{"guideline_adoptions", []string{"data_version"},
		"SELECT data_version, * EXCLUDE (data_version) FROM guideline_adoptions ORDER BY data_version, body_id, guideline_id"},
	{"indicator_values", []string{"data_version"},
		"SELECT data_version, * EXCLUDE (data_version) FROM indicator_values ORDER BY data_version, as_of, indicator, scope, period, category"},
}

// Manifest describes a written dataset.
type Manifest struct {
	DataVersion int64       `json:"data_version"` // the current data version when it was written
	Generated   time.Time   `json:"generated"`
	Service     string      `json:"service"`
	Tables      []TableInfo `json:"tables"`
	Files       []File      `json:"files"`
}

// TableInfo sums up one table.
type TableInfo struct {
	Name  string   `json:"name"`
	Rows  int64    `json:"rows"`
	Files int      `json:"files"`
	Keys  []string `json:"partitioned_by"`
}

// File is one Parquet file of the dataset.
type File struct {
	Path   string `json:"path"` // relative to the dataset folder, with "/"
	Table  string `json:"table"`
	Rows   int64  `json:"rows"`
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// Write writes the dataset into dir, which must be empty or absent (a
// partition left from an earlier dataset would mix stale rows in), reading
// every table in one read-only transaction so that they agree.
func Write(ctx context.Context, db *sql.DB, dir, service string) (Manifest, error) {
	m := Manifest{Generated: time.Now().UTC(), Service: service}
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return m, fmt.Errorf("dataset: %s is not empty: write a dataset into a new or empty folder", dir)
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return m, fmt.Errorf("dataset: %w", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return m, fmt.Errorf("dataset: %w", err)
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return m, err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION READ ONLY"); err != nil {
		return m, err
	}
	defer conn.ExecContext(context.Background(), "ROLLBACK")
	if err := conn.QueryRowContext(ctx, "SELECT coalesce(max(version), 0) FROM data_versions").Scan(&m.DataVersion); err != nil {
		return m, err
	}
	err = conn.Raw(func(dc any) error {
		ar, err := duckdb.NewArrowFromConn(dc.(driver.Conn))
		if err != nil {
			return err
		}
		for _, t := range Tables {
			info := TableInfo{Name: t.Name, Keys: t.Keys}
			rr, err := ar.QueryContext(ctx, t.Query)
			if err != nil {
				return fmt.Errorf("dataset: %s: %w", t.Name, err)
			}
			err = split(rr, len(t.Keys), func(keys []string, part *partReader) error {
				f, err := writeFile(dir, t, keys, part, export.Provenance{DataVersion: m.DataVersion, SQL: t.Query,
					Query: "dataset/" + t.Name, Params: params(t.Keys, keys), Generated: m.Generated, Service: service})
				if err != nil {
					return err
				}
				m.Files = append(m.Files, f)
				info.Rows += f.Rows
				info.Files++
				return nil
			})
			rr.Release()
			if err != nil {
				return fmt.Errorf("dataset: %s: %w", t.Name, err)
			}
			m.Tables = append(m.Tables, info)
		}
		return nil
	})
	if err != nil {
		return m, err
	}
	b, _ := json.MarshalIndent(m, "", "  ")
	return m, os.WriteFile(filepath.Join(dir, "manifest.json"), append(b, '\n'), 0o644)
}

func params(names, values []string) map[string]string {
	p := make(map[string]string, len(names))
	for i := range names {
		p[names[i]] = values[i]
	}
	return p
}

// writeFile writes one partition to <table>/<key>=<value>/…/part-0.parquet,
// hashing it as it goes.
func writeFile(dir string, t Table, keys []string, part *partReader, prov export.Provenance) (File, error) {
	segs := []string{t.Name}
	for i, k := range t.Keys {
		segs = append(segs, k+"="+url.PathEscape(keys[i]))
	}
	rel := strings.Join(append(segs, "part-0.parquet"), "/")
	path := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return File{}, err
	}
	out, err := os.Create(path)
	if err != nil {
		return File{}, err
	}
	defer out.Close()
	h := sha256.New()
	cw := &counter{w: io.MultiWriter(out, h)}
	sum, err := export.Stream(cw, export.Parquet, part, prov)
	if err != nil {
		return File{}, err
	}
	if err := out.Close(); err != nil {
		return File{}, err
	}
	return File{Path: rel, Table: t.Name, Rows: sum.Rows, Bytes: cw.n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

type counter struct {
	w io.Writer
	n int64
}

func (c *counter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
