package sandbox

import (
	"context"
	"database/sql"
	"io"

	"github.com/apache/arrow-go/v18/arrow/array"

	"osservatorio/internal/export"
)

// Export runs a statement as Run does and writes its rows to w in format f:
// as DuckDB's own COPY through a file in dir for the formats DuckDB writes
// (export.Copied), as Arrow batches otherwise. start runs before the first
// byte, with the size when known (else -1). The server and the CLI both
// export through here.
func Export(ctx context.Context, db *sql.DB, query string, args []any, o Options, f export.Format, prov export.Provenance,
	dir string, w io.Writer, start func(size int64)) (export.Summary, error) {
	var sum export.Summary
	if export.Copied(f) {
		err := Within(ctx, db, query, o, func(ctx context.Context, conn *sql.Conn) error {
			var err error
			sum, err = export.CopyTo(ctx, conn, query, args, f, prov, dir, w, start)
			return err
		})
		return sum, err
	}
	err := Run(ctx, db, query, args, o, func(rr array.RecordReader) error {
		if start != nil {
			start(-1)
		}
		var err error
		sum, err = export.Stream(w, f, rr, prov)
		return err
	})
	return sum, err
}
