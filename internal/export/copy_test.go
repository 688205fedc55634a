package export

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"reflect"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"
)

// The CSV DuckDB writes through COPY reads back as the one Stream writes,
// cell for cell, on the kinds of columns a researcher meets and on the
// statements that could break a wrapper: repeated names, a trailing
// comment and semicolon, fractions of seconds, decimals with and without
// digits after the point, lists with text.
func TestCopiedCSVMatchesStream(t *testing.T) {
	st := openStore(t)
	queries := []string{
		sampleQuery,
		`SELECT 1 AS x, 2 AS x, TIMESTAMP '2024-03-01 10:00:00.120' AS t, TIMESTAMP '2024-03-01 00:00:00' AS midnight,
			100::DECIMAL(5,0) AS hundred, 10.000::DECIMAL(6,3) AS ten, -0.250::DECIMAL(6,3) AS neg,
			['a,b', 'c"d'] AS tricky, 'riga 1
riga 2' AS text -- a trailing comment;
		;`,
	}
	for _, q := range queries {
		var viaStream, viaCopy bytes.Buffer
		if err := arrowRun(st, q, func(rr array.RecordReader) error {
			_, err := Stream(&viaStream, CSV, rr, Provenance{})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		err := inTx(st, func(conn *sql.Conn) error {
			_, err := CopyTo(context.Background(), conn, q, nil, CSV, Provenance{}, st.TempDir(), &viaCopy, nil)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		a, errA := csv.NewReader(&viaStream).ReadAll()
		b, errB := csv.NewReader(&viaCopy).ReadAll()
		if errA != nil || errB != nil || !reflect.DeepEqual(a, b) {
			t.Errorf("%.40s…:\nstream %q (%v)\n  copy %q (%v)", q, a, errA, b, errB)
		}
	}
}
