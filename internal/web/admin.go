package web

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/gin-gonic/gin"

	"osservatorio/internal/auth"
	"osservatorio/internal/ingest"
)

// Bounds of an upload: files are streamed to disk, never held in memory.
const (
	MaxUploadFiles     = 20
	MaxUploadFileBytes = 512 << 20
	MaxUploadBytes     = 1 << 30
)

// Loader loads files now, as the inbox does (the same loader with the
// options given, then the refresh and publication): serve provides it.
type Loader func(ctx context.Context, files []string, opt ingest.Options) ([]ingest.Result, error)

// uploadExt are the extensions the loaders read.
var uploadExt = map[string]bool{".csv": true, ".tsv": true, ".txt": true, ".jsonl": true, ".ndjson": true,
	".json": true, ".parquet": true, ".xlsx": true}

// upload: POST /api/loads (admin, multipart/form-data, one or more files):
// the files are loaded together and the loader's report is returned.
func (s *Server) upload(c *gin.Context) {
	if s.loader == nil {
		s.fail(c, &httpError{status: http.StatusServiceUnavailable, msg: "uploads are not enabled on this server"})
		return
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, MaxUploadBytes)
	mr, err := c.Request.MultipartReader()
	if err != nil {
		s.fail(c, &httpError{status: http.StatusBadRequest, msg: "send the files as multipart/form-data"})
		return
	}
	if err := os.MkdirAll(s.uploadDir, 0o700); err != nil {
		s.fail(c, err)
		return
	}
	dir, err := os.MkdirTemp(s.uploadDir, "upload-")
	if err != nil {
		s.fail(c, err)
		return
	}
	defer os.RemoveAll(dir)
	var files, names []string
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			s.fail(c, &httpError{status: http.StatusRequestEntityTooLarge,
				msg: fmt.Sprintf("the upload could not be read whole (at most %d MiB in all)", MaxUploadBytes>>20)})
			return
		}
		if part.FileName() == "" {
			part.Close()
			continue
		}
		name, err := safeName(part.FileName())
		if err != nil {
			part.Close()
			s.fail(c, err)
			return
		}
		if len(files) == MaxUploadFiles {
			part.Close()
			s.fail(c, &httpError{status: http.StatusRequestEntityTooLarge, msg: fmt.Sprintf("at most %d files per upload", MaxUploadFiles)})
			return
		}
		p := filepath.Join(dir, name)
		if _, err := os.Stat(p); err == nil {
			part.Close()
			s.fail(c, &httpError{status: http.StatusBadRequest, msg: "two files are named " + name})
			return
		}
		if err := saveCapped(p, part, MaxUploadFileBytes); err != nil {
			part.Close()
			s.fail(c, err)
			return
		}
		part.Close()
		files, names = append(files, p), append(names, name)
	}
	if len(files) == 0 {
		s.fail(c, &httpError{status: http.StatusBadRequest, msg: "no file in the upload (form field of type file)"})
		return
	}
	ctx, stop := s.loadContext(c.Request.Context())
	defer stop()
	results, err := s.loader(ctx, files, ingest.Options{Source: "upload"})
	s.snap.forget()
	if err != nil {
		s.fail(c, err)
		return
	}
	t, _ := token(c)
	v, _ := s.st.DataVersion(ctx)
	if err := auth.Record(ctx, s.st.DB(), auth.Entry{TokenID: t.ID, Role: t.Role, Action: "load.upload",
		Target: strings.Join(names, ", "), DataVersion: v}); err != nil {
		s.log.Error("audit", "err", err)
	}
	c.JSON(http.StatusOK, gin.H{"data_version": v, "results": results})
}

// loadContext is the context of a load that a request starts, with its
// refresh and publication: the request's values without its end. A client
// that leaves once the server has its files (a closed browser, a proxy's
// timeout: the refresh after a load takes about 20 s at 10 M attendance
// rows) would otherwise roll the load back, or stop the refresh and leave
// the new data unpublished until the next load. Only s.work's end stops
// it. stop releases the context.
func (s *Server) loadContext(req context.Context) (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancel(context.WithoutCancel(req))
	after := context.AfterFunc(s.work, cancel)
	return ctx, func() { after(); cancel() }
}

// safeName keeps a file's base name, the loaders read its kind from it, in
// plain characters, with a known extension.
func safeName(raw string) (string, error) {
	base := filepath.Base(strings.ReplaceAll(raw, "\\", "/"))
	name := strings.TrimLeft(fileChars(base, '_'), ".")
	if len(name) > 120 || !uploadExt[strings.ToLower(filepath.Ext(name))] {
		return "", &httpError{status: http.StatusBadRequest,
			msg: "file names must end in .csv, .tsv, .txt, .jsonl, .ndjson, .json, .parquet or .xlsx (at most 120 characters)"}
	}
	return name, nil
}

// saveCapped writes r to path, refusing past max bytes.
func saveCapped(path string, r io.Reader, max int64) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	n, err := io.Copy(f, io.LimitReader(r, max+1))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return &httpError{status: http.StatusRequestEntityTooLarge, msg: "the upload could not be read whole"}
	}
	if n > max {
		return &httpError{status: http.StatusRequestEntityTooLarge, msg: fmt.Sprintf("a file is over %d MiB", max>>20)}
	}
	return nil
}

// apiAudit: GET /api/audit?limit=&offset= (admin).
func (s *Server) apiAudit(c *gin.Context) {
	limit, err := intParam(c, "limit", 100, 1, 1000)
	if err != nil {
		s.fail(c, err)
		return
	}
	offset, err := intParam(c, "offset", 0, 0, 1<<30)
	if err != nil {
		s.fail(c, err)
		return
	}
	es, err := auth.Audit(c.Request.Context(), s.st.DB(), limit, offset)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, es)
}
