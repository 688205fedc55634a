package opendata

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"osservatorio/internal/export"
	"osservatorio/internal/sandbox"
	"osservatorio/internal/store"
)

// Every research table has a query the gate lets through; the tables that
// are not public have none.
func TestQueriesPassTheGate(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, store.Options{Path: filepath.Join(t.TempDir(), "o.duckdb")})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, tb := range Tables() {
		q, ok := Query(tb, 3)
		if !ok {
			t.Errorf("%s: no query", tb)
			continue
		}
		if err := sandbox.Check(ctx, st.DB(), q, sandbox.ResearchTables); err != nil {
			t.Errorf("%s: %s: %v", tb, q, err)
		}
		if _, err := st.DB().ExecContext(ctx, q); err != nil {
			t.Errorf("%s: %s: %v", tb, q, err)
		}
	}
	for _, tb := range []string{"rejects", "tokens", "audit", "job_runs", "schema_migrations", "nope"} {
		if _, ok := Query(tb, 3); ok || slices.Contains(Tables(), tb) {
			t.Errorf("%s is offered", tb)
		}
	}
}

// batches is a reader of n batches of a two-column table, with a list
// column and text that CSV must quote.
func batches(n int) array.RecordReader {
	schema := arrow.NewSchema([]arrow.Field{{Name: "id", Type: arrow.PrimitiveTypes.Int64},
		{Name: "note", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "topics", Type: arrow.ListOf(arrow.BinaryTypes.String), Nullable: true}}, nil)
	var recs []arrow.RecordBatch
	b := array.NewRecordBuilder(memory.DefaultAllocator, schema)
	defer b.Release()
	for i := range n {
		for r := range 1000 {
			b.Field(0).(*array.Int64Builder).Append(int64(i*1000 + r))
			b.Field(1).(*array.StringBuilder).Append(`a "quoted", line` + "\n" + string(rune('a'+r%26)))
			lb := b.Field(2).(*array.ListBuilder)
			lb.Append(true)
			lb.ValueBuilder().(*array.StringBuilder).Append("t")
		}
		recs = append(recs, b.NewRecordBatch())
	}
	rr, _ := array.NewRecordReader(schema, recs)
	return rr
}

// The manifest's one pass (tee) hashes exactly the bytes each file has when
// written alone, across batches.
func TestDescribeHashesWhatAloneIsWritten(t *testing.T) {
	prov := export.Provenance{DataVersion: 4, AsOf: "2025-12-31", SQL: "SELECT 1", Generated: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC), Service: "test"}
	d, err := describe("t", batches(3), prov)
	if err != nil {
		t.Fatal(err)
	}
	var pq, zp bytes.Buffer
	if _, err := export.Stream(&pq, export.Parquet, batches(3), prov); err != nil {
		t.Fatal(err)
	}
	inner, err := writeCSVZip(&zp, "t", batches(3), prov)
	if err != nil {
		t.Fatal(err)
	}
	hash := func(b []byte) string { h := sha256.Sum256(b); return hex.EncodeToString(h[:]) }
	if d.Rows != 3000 || d.Files[0].SHA256 != hash(pq.Bytes()) || d.Files[0].Bytes != int64(pq.Len()) ||
		d.Files[1].SHA256 != hash(zp.Bytes()) || d.Files[1].Bytes != int64(zp.Len()) || d.Files[1].Contains[0].SHA256 != inner.Files[0].SHA256 {
		t.Errorf("described %+v; alone: parquet %s, zip %s, csv %+v", d, hash(pq.Bytes()), hash(zp.Bytes()), inner.Files)
	}
	// A failing consumer ends the pass with its error, the other finishing.
	boom := errors.New("boom")
	err = tee(batches(3), func(r array.RecordReader) error {
		r.Next()
		return boom
	}, func(r array.RecordReader) error {
		for r.Next() {
		}
		return nil
	})
	if !errors.Is(err, boom) {
		t.Errorf("tee: %v", err)
	}
}

// Lookup names what exists when a version or a file is not offered.
func TestLookup(t *testing.T) {
	vs := []Version{{DataVersion: 7, Published: true}, {DataVersion: 5}}
	for _, c := range []struct{ v, name, err string }{
		{"v5", "attendance.csv.zip", ""},
		{"v7", "indicator_values.manifest.json", ""},
		{"v6", "attendance.parquet", `no data version "v6": the versions are v7, v5`},
		{"7", "attendance.parquet", `no data version "7": the versions are v7, v5`},
		{"v7", "rejects.parquet", `no table "rejects": the tables are organisations,`},
		{"v7", "attendance.csv", `no file "attendance.csv"`},
	} {
		f, err := Lookup(vs, c.v, c.name)
		if c.err == "" {
			if err != nil || f.Path() != "/dati-aperti/"+c.v+"/"+c.name {
				t.Errorf("%s/%s: %v %+v", c.v, c.name, err, f)
			}
			continue
		}
		var nf *NotFoundError
		if !errors.As(err, &nf) || len(err.Error()) < len(c.err) || err.Error()[:len(c.err)] != c.err {
			t.Errorf("%s/%s: %v, want %q", c.v, c.name, err, c.err)
		}
	}
}
