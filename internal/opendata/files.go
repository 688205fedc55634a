package opendata

import (
	"archive/zip"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"io"
	"strconv"
	"time"

	"github.com/apache/arrow-go/v18/arrow/array"

	"osservatorio/internal/export"
	"osservatorio/internal/sandbox"
)

// Description is a table's manifest: what its files hold and where they
// come from.
type Description struct {
	Table       string     `json:"table"`
	DataVersion int64      `json:"data_version"`
	AsOf        string     `json:"as_of"`
	SQL         string     `json:"sql"`
	SQLSHA256   string     `json:"sql_sha256"`
	Rows        int64      `json:"rows"`
	Generated   time.Time  `json:"generated"` // the data version's creation time: the same at every download
	Service     string     `json:"service"`
	Licence     string     `json:"licence"`
	LicenceURL  string     `json:"licence_url"`
	Files       []FileInfo `json:"files"`
}

// FileInfo is one file: its rows, size and SHA-256; a zip lists what it
// holds.
type FileInfo struct {
	Name     string     `json:"name"`
	Rows     int64      `json:"rows"`
	Bytes    int64      `json:"bytes"`
	SHA256   string     `json:"sha256"`
	Contains []FileInfo `json:"contains,omitempty"`
}

// Exporter computes the files from the database.
type Exporter struct {
	DB      *sql.DB
	Service string        // named in every file's provenance
	Timeout time.Duration // of each query (0: the sandbox's default)
	Slots   chan struct{} // the research queries' cap, shared (nil: none)
}

// Write computes the file f into w through the research gate, calling
// begin once its query runs and before the first byte, so that the caller
// can still answer an error with a status. It returns the rows written.
func (e Exporter) Write(ctx context.Context, w io.Writer, f File, begin func()) (int64, error) {
	query, ok := Query(f.Table, f.Version.DataVersion)
	if !ok {
		return 0, &NotFoundError{fmt.Sprintf("no table %q", f.Table)}
	}
	prov := e.Provenance(f, query)
	var rows int64
	err := sandbox.Run(ctx, e.DB, query, nil, sandbox.Options{Tables: sandbox.ResearchTables, Timeout: e.Timeout, Slots: e.Slots},
		func(rr array.RecordReader) error {
			switch f.Kind {
			case Parquet:
				begin()
				sum, err := export.Stream(w, export.Parquet, rr, prov)
				rows = sum.Rows
				return err
			case CSVZip:
				begin()
				d, err := writeCSVZip(w, f.Table, rr, prov)
				rows = d.Rows
				return err
			}
			d, err := describe(f.Table, rr, prov)
			if err != nil {
				return err
			}
			rows = d.Rows
			begin()
			enc := json.NewEncoder(w)
			enc.SetIndent("", "  ")
			return enc.Encode(d)
		})
	return rows, err
}

// Provenance is what every file of f carries: fixed by the data version,
// so that the same file has the same bytes at every download.
func (e Exporter) Provenance(f File, query string) export.Provenance {
	return export.Provenance{DataVersion: f.Version.DataVersion, AsOf: f.Version.AsOf, SQL: query,
		Query: "dati-aperti/" + f.Table, Params: map[string]string{"data_version": strconv.FormatInt(f.Version.DataVersion, 10)},
		Generated: f.Version.Created, Service: e.Service}
}

func newDescription(table string, prov export.Provenance) Description {
	return Description{Table: table, DataVersion: prov.DataVersion, AsOf: prov.AsOf, SQL: prov.SQL, SQLSHA256: prov.SHA256(),
		Generated: prov.Generated, Service: prov.Service, Licence: Licence, LicenceURL: LicenceURL}
}

// describe computes both files into hashing writers in one pass over the
// query (nothing is kept), and describes them.
func describe(table string, rr array.RecordReader, prov export.Provenance) (Description, error) {
	d := newDescription(table, prov)
	pq, zp := newHashCounter(), newHashCounter()
	var inner Description
	var sum export.Summary
	err := tee(rr,
		func(r array.RecordReader) (err error) {
			sum, err = export.Stream(pq, export.Parquet, r, prov)
			return err
		},
		func(r array.RecordReader) (err error) {
			inner, err = writeCSVZip(zp, table, r, prov)
			return err
		})
	if err != nil {
		return d, err
	}
	if sum.Rows != inner.Rows {
		return d, fmt.Errorf("opendata: %s: %d rows in Parquet, %d in CSV", table, sum.Rows, inner.Rows)
	}
	d.Rows = sum.Rows
	d.Files = []FileInfo{
		{Name: table + "." + string(Parquet), Rows: sum.Rows, Bytes: pq.n, SHA256: pq.sum()},
		{Name: table + "." + string(CSVZip), Rows: inner.Rows, Bytes: zp.n, SHA256: zp.sum(), Contains: inner.Files},
	}
	return d, nil
}

// writeCSVZip writes a zip holding <table>.csv (RFC 4180) and, after it,
// <table>.manifest.json describing that CSV; it returns that description.
// Entries are dated with the provenance's time: the same zip every time.
func writeCSVZip(w io.Writer, table string, rr array.RecordReader, prov export.Provenance) (Description, error) {
	d := newDescription(table, prov)
	zw := zip.NewWriter(w)
	entry := func(name string) (io.Writer, error) {
		return zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: prov.Generated.UTC()})
	}
	ew, err := entry(table + ".csv")
	if err != nil {
		return d, err
	}
	h := newHashCounter()
	sum, err := export.Stream(io.MultiWriter(ew, h), export.CSV, rr, prov)
	if err != nil {
		return d, err
	}
	d.Rows = sum.Rows
	d.Files = []FileInfo{{Name: table + ".csv", Rows: sum.Rows, Bytes: h.n, SHA256: h.sum()}}
	mw, err := entry(table + "." + string(Manifest))
	if err != nil {
		return d, err
	}
	enc := json.NewEncoder(mw)
	enc.SetIndent("", "  ")
	if err := enc.Encode(d); err != nil {
		return d, err
	}
	return d, zw.Close()
}

// hashCounter hashes and counts what is written to it.
type hashCounter struct {
	h hash.Hash
	n int64
}

func newHashCounter() *hashCounter { return &hashCounter{h: sha256.New()} }

func (c *hashCounter) Write(p []byte) (int, error) {
	c.h.Write(p)
	c.n += int64(len(p))
	return len(p), nil
}

func (c *hashCounter) sum() string { return hex.EncodeToString(c.h.Sum(nil)) }
