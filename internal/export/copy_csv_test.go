package export

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"strings"
	"testing"
	"time"
)

// A CSV export: every row once, CRLF line ends throughout, its size told
// before the first byte; a COPY that fails is an error without a start (so
// the caller can still answer with an error page); the file is removed.
func TestCopyToCSVRowsAndErrors(t *testing.T) {
	st := openStore(t)
	dir := st.TempDir()
	run := func(q string, w *bytes.Buffer) (Summary, []int64, error) {
		var starts []int64
		var sum Summary
		err := inTx(st, func(conn *sql.Conn) error {
			var err error
			sum, err = CopyTo(context.Background(), conn, q, nil, CSV, Provenance{}, dir, w,
				func(size int64) { starts = append(starts, size) })
			return err
		})
		return sum, starts, err
	}

	var out bytes.Buffer
	sum, starts, err := run("SELECT i, i * 2 AS twice FROM range(300000) t(i)", &out)
	if err != nil {
		t.Fatal(err)
	}
	// RFC 4180's line ends throughout, the header's as DuckDB's rows'.
	lines := strings.Split(strings.TrimSuffix(out.String(), "\r\n"), "\r\n")
	if sum.Rows != 300000 || len(lines) != 300001 || lines[0] != "i,twice" || lines[300000] != "299999,599998" {
		t.Fatalf("rows %d, %d lines, first %q, last %q", sum.Rows, len(lines), lines[0], lines[len(lines)-1])
	}
	if len(starts) != 1 || starts[0] != int64(out.Len()) {
		t.Fatalf("start called with %v, want once with the size, %d", starts, out.Len())
	}

	out.Reset()
	sum, starts, err = run("SELECT 1 AS a WHERE false", &out)
	if err != nil || sum.Rows != 0 || out.String() != "a\r\n" || len(starts) != 1 || starts[0] != 3 {
		t.Fatalf("no rows: %v, %d rows, %q, starts %v", err, sum.Rows, out.String(), starts)
	}

	out.Reset()
	_, starts, err = run("SELECT CAST('x' || i AS INTEGER) AS n FROM range(10) t(i)", &out)
	if err == nil || len(starts) != 0 || out.Len() != 0 {
		t.Fatalf("failing statement: %v, starts %v, %d bytes", err, starts, out.Len())
	}
	left, _ := os.ReadDir(dir)
	for _, e := range left {
		if strings.HasPrefix(e.Name(), "export-") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

// A client that goes away mid-file: CopyTo returns the write's error, and
// the connection, rolled back, serves the next statement.
func TestCopyToCSVWriterFails(t *testing.T) {
	st := openStore(t)
	gone := errors.New("client gone")
	err := inTx(st, func(conn *sql.Conn) error {
		_, err := CopyTo(context.Background(), conn, "SELECT i, repeat('x', 100) AS pad FROM range(3000000) t(i)", nil,
			CSV, Provenance{}, st.TempDir(), &failAfter{n: 1 << 20, err: gone}, nil)
		if !errors.Is(err, gone) {
			t.Errorf("CopyTo = %v, want the writer's error", err)
		}
		// The cancelled COPY aborted the transaction, which the caller ends.
		if _, err := conn.ExecContext(context.Background(), "ROLLBACK"); err != nil {
			t.Fatal(err)
		}
		var one int
		if err := conn.QueryRowContext(context.Background(), "SELECT 1").Scan(&one); err != nil || one != 1 {
			t.Errorf("connection after: %d %v", one, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// failAfter accepts n bytes, then fails.
type failAfter struct {
	n   int
	err error
}

func (w *failAfter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		w.n = 0
		return 0, w.err
	}
	w.n -= len(p)
	return len(p), nil
}

// A slow client does not hold DuckDB: the COPY ends at its own pace, within
// the statement's deadline, and the file is sent after it (here the client
// takes over twice the deadline to read it all). Sending the rows through a
// pipe as DuckDB wrote them failed this: DuckDB waited on the client.
func TestCopyToCSVSlowClient(t *testing.T) {
	st := openStore(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	w := &slowWriter{perMB: 120 * time.Millisecond} // 21 MB in about 2.5 s
	err := inTx(st, func(conn *sql.Conn) error {
		sum, err := CopyTo(ctx, conn, "SELECT i, repeat('x', 100) AS pad FROM range(200000) t(i)", nil,
			CSV, Provenance{}, st.TempDir(), w, nil)
		if err == nil && sum.Rows != 200000 {
			t.Errorf("%d rows", sum.Rows)
		}
		return err
	})
	if err != nil {
		t.Fatalf("slow client: %v (after %d writes, %d bytes)", err, w.writes, w.n)
	}
	if w.writes < 10 || w.n < 200000*100 {
		t.Fatalf("%d writes, %d bytes: the client was not slow enough to tell", w.writes, w.n)
	}
}

// slowWriter takes perMB for each MB it is given.
type slowWriter struct {
	perMB     time.Duration
	writes, n int
}

func (w *slowWriter) Write(p []byte) (int, error) {
	time.Sleep(w.perMB * time.Duration(len(p)) / (1 << 20))
	w.writes++
	w.n += len(p)
	return len(p), nil
}
