package backup

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
)

// copyFile copies src to dst through a temporary name beside dst, synced to
// disk before it is renamed into place, so dst is either whole or absent even
// if the machine stops half-way. It returns the copy's SHA-256 and size.
func copyFile(ctx context.Context, src, dst string) (sum string, size int64, err error) {
	in, err := os.Open(src)
	if err != nil {
		return "", 0, err
	}
	defer in.Close()
	h := sha256.New()
	err = replaceFile(dst, func(w io.Writer) error {
		size, err = io.Copy(io.MultiWriter(w, h), ctxReader{ctx, in})
		return err
	})
	return hex.EncodeToString(h.Sum(nil)), size, err
}

// writeFile writes b to path the same way.
func writeFile(path string, b []byte) error {
	return replaceFile(path, func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	})
}

// replaceFile writes path with fill: temp name, fsync, rename, fsync of the
// folder (so the rename itself survives a crash).
func replaceFile(path string, fill func(io.Writer) error) error {
	dir := filepath.Dir(path)
	// CreateTemp makes the file 0600: a copy of the database is readable by
	// the service's user only, whatever the folder allows.
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	ok := false
	defer func() {
		if !ok {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if err := fill(f); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	ok = true
	return syncDir(dir)
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// ctxReader stops a long copy when its context ends (e.g. at shutdown).
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

func hashFile(path string) (string, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	return hex.EncodeToString(h.Sum(nil)), n, err
}
