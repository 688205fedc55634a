package ingest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// writeDamagedParquet writes an organisations Parquet file of two row groups
// (good rows first, more than one read batch of them) and then overwrites
// bytes of the second row group's first page header, so that the file opens
// and its first rows read, but the rest is unreadable.
func writeDamagedParquet(t *testing.T, path string, good, bad int) {
	t.Helper()
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "org_id", Type: arrow.BinaryTypes.String},
		{Name: "name", Type: arrow.BinaryTypes.String},
		{Name: "category", Type: arrow.BinaryTypes.String},
	}, nil)
	b := array.NewRecordBuilder(memory.DefaultAllocator, schema)
	defer b.Release()
	for i := 0; i < good+bad; i++ {
		b.Field(0).(*array.StringBuilder).Append(fmt.Sprintf("D%05d", i))
		b.Field(1).(*array.StringBuilder).Append(fmt.Sprintf("Ente %d", i))
		b.Field(2).(*array.StringBuilder).Append("research")
	}
	rec := b.NewRecordBatch()
	defer rec.Release()
	tbl := array.NewTableFromRecords(schema, []arrow.RecordBatch{rec})
	defer tbl.Release()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	props := parquet.NewWriterProperties(parquet.WithCompression(compress.Codecs.Snappy), parquet.WithDictionaryDefault(false))
	if err := pqarrow.WriteTable(tbl, f, int64(good), props, pqarrow.DefaultWriterProps()); err != nil {
		t.Fatal(err)
	}
	rf, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	pr, err := file.NewParquetReader(rf)
	if err != nil {
		t.Fatal(err)
	}
	if n := pr.MetaData().NumRowGroups(); n != 2 {
		t.Fatalf("%d row groups, want 2", n)
	}
	cc, err := pr.MetaData().RowGroup(1).ColumnChunk(0)
	if err != nil {
		t.Fatal(err)
	}
	off := cc.DataPageOffset()
	pr.Close()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := off; i < off+16; i++ {
		data[i] ^= 0xFF
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// Atomic per file: a file found unusable part-way through (after rows were
// already read and streamed) is refused whole, names the file, and leaves the
// database as it was.
func TestContractRefusalMidFileIsAtomic(t *testing.T) {
	st := ctStore(t)
	ctAllLoaded(t, ctLoad(t, st, ctDir(t, "base")...))
	path := filepath.Join(t.TempDir(), "organisations_damaged.parquet")
	writeDamagedParquet(t, path, 9000, 100) // the reader's batches hold 8192 rows

	before := ctSnapshot(t, st, "loads")
	r := ctLoad1(t, st, path)
	if r.Outcome != Refused || r.Reason != "bad_format" {
		t.Fatalf("outcome %q reason %q (%s), want refused bad_format", r.Outcome, r.Reason, r.Message)
	}
	if r.RowsLoaded != 0 || r.DataVersion != 0 {
		t.Errorf("refused file reports %d rows loaded, version %d", r.RowsLoaded, r.DataVersion)
	}
	ctSameSnapshot(t, "a file refused part-way", before, ctSnapshot(t, st, "loads"))
	if !strings.Contains(r.Message, r.File) {
		t.Errorf("message %q does not name the file %s", r.Message, r.File)
	}
}
