package export

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"os"
	"path/filepath"
	"syscall"
)

// copyPiped runs a COPY … TO path (a CSV statement) into a pipe made at
// path and writes what DuckDB writes to w as it comes: formatting and
// sending overlap, where a file would be sent only once complete (the
// sending then added half of COPY's own time at 10 M rows). The first bytes
// decide the answer: a COPY that fails before writing any returns its error
// and start is never called; once they are sent, start has run with size -1
// (the length is unknown) and a later failure returns an error after part of
// the rows went out, which the caller must turn into a broken transfer.
// header goes first. If w fails, the COPY is cancelled and the pipe read to
// its end, so that DuckDB never writes to a pipe nobody reads.
func copyPiped(ctx context.Context, conn *sql.Conn, stmt string, args []any, path string, header []byte,
	w io.Writer, start func(size int64)) (int64, error) {
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		return 0, err
	}
	// The read end first, without waiting for a writer; then a write end of
	// our own, so that the reader sees the end of the data only once the
	// COPY has returned and this end is closed, not when DuckDB has not
	// opened the pipe yet, or not at all (a statement that fails first).
	r, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return 0, err
	}
	defer r.Close()
	hold, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return 0, err
	}
	widenPipe(r)

	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type result struct {
		rows int64
		err  error
	}
	done := make(chan result, 1)
	go func() {
		res, err := conn.ExecContext(cctx, stmt, args...)
		var rows int64
		if err == nil {
			rows, _ = res.RowsAffected()
		}
		hold.Close()
		done <- result{rows, err}
	}()
	finish := func(werr error) (int64, error) {
		if werr != nil {
			cancel()
			io.Copy(io.Discard, r)
		}
		res := <-done
		return res.rows, errors.Join(werr, res.err)
	}

	buf := make([]byte, 1<<20)
	n, err := io.ReadAtLeast(r, buf, 1)
	if err != nil && !errors.Is(err, io.EOF) {
		return finish(err)
	}
	if n == 0 { // the COPY ended without writing: no rows, or an error
		res := <-done
		if res.err != nil {
			return 0, res.err
		}
		start(int64(len(header)))
		_, err := w.Write(header)
		return 0, err
	}
	start(-1)
	if _, err := w.Write(header); err != nil {
		return finish(err)
	}
	if _, err := w.Write(buf[:n]); err != nil {
		return finish(err)
	}
	_, err = io.CopyBuffer(onlyWriter{w}, r, buf)
	return finish(err)
}

// onlyWriter hides w's ReadFrom, so that io.CopyBuffer uses the buffer.
type onlyWriter struct{ io.Writer }

// pipePath is a name for the pipe in dir, not taken.
func pipePath(dir string) (string, error) {
	d, err := os.MkdirTemp(dir, "export-")
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "rows.csv"), nil
}
