package web

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"osservatorio/internal/auth"
	"osservatorio/internal/export"
	"osservatorio/internal/sandbox"
)

// sqlRequest is the body of POST /api/sql.
type sqlRequest struct {
	SQL         string         `json:"sql"`
	Params      map[string]any `json:"params"`
	Format      string         `json:"format"`
	DataVersion int64          `json:"data_version"`
}

// apiSQL: POST /api/sql (researcher) runs one SELECT through the gate and
// streams its result in the format asked, with its provenance in headers
// (and in the file where the format has room). data_version runs it on the
// records as they were at that version.
func (s *Server) apiSQL(c *gin.Context) {
	var req sqlRequest
	dec := json.NewDecoder(c.Request.Body)
	dec.UseNumber()
	if err := dec.Decode(&req); err != nil {
		s.fail(c, &httpError{status: http.StatusBadRequest, msg: `send JSON: {"sql": "SELECT …", "params": {…}, "format": "csv", "data_version": N}`})
		return
	}
	format, err := export.ParseFormat(orDefault(req.Format, "json"))
	if err != nil {
		s.fail(c, &httpError{status: http.StatusBadRequest, msg: err.Error()})
		return
	}
	var args []any
	for k, v := range req.Params {
		if n, ok := v.(json.Number); ok {
			if i, err := n.Int64(); err == nil {
				v = i
			} else if f, err := n.Float64(); err == nil {
				v = f
			}
		}
		args = append(args, sql.Named(k, v))
	}
	prov, err := s.provenance(c, req.SQL, req.DataVersion)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.runExport(c, req.SQL, args, format, prov, "sql.query", "query")
}

// provenance resolves the data version an export reads (0: the current
// one) and describes the export.
func (s *Server) provenance(c *gin.Context, query string, dataVersion int64) (export.Provenance, error) {
	ctx := c.Request.Context()
	cur, err := s.st.DataVersion(ctx)
	if err != nil {
		return export.Provenance{}, err
	}
	if dataVersion < 0 || dataVersion > cur {
		return export.Provenance{}, &httpError{status: http.StatusNotFound,
			msg: fmt.Sprintf("no data version %d: the versions are 1 to %d", dataVersion, cur)}
	}
	p := export.Provenance{DataVersion: cur, SQL: query, Generated: time.Now().UTC(), Service: s.service}
	if dataVersion != 0 {
		p.DataVersion = dataVersion
	}
	if pub, err := s.published(ctx); err == nil {
		p.AsOf = pub.AsOf
	}
	return p, nil
}

// runExport runs a statement (at the provenance's data version when it is
// not the current one) and streams it.
func (s *Server) runExport(c *gin.Context, query string, args []any, format export.Format, prov export.Provenance, action, name string) {
	ctx := c.Request.Context()
	run := query
	if cur, _ := s.st.DataVersion(ctx); prov.DataVersion != cur {
		if err := sandbox.Check(ctx, s.st.DB(), query, s.sqlTables(c)); err != nil {
			s.failSQL(c, err)
			return
		}
		r, err := sandbox.AtVersion(ctx, s.st.DB(), query, prov.DataVersion)
		if err != nil {
			s.failSQL(c, err)
			return
		}
		run = r
	}
	started := false
	sum, err := sandbox.Export(ctx, s.st.DB(), run, args, sandbox.Options{Tables: s.sqlTables(c), Timeout: s.sqlTimeout, Slots: s.sqlSlots},
		format, prov, s.st.TempDir(), c.Writer, func(size int64) {
			started = true
			exportHeaders(c, format, prov, name)
			if size >= 0 {
				c.Header("Content-Length", strconv.FormatInt(size, 10))
			}
		})
	if err != nil {
		if started && c.Writer.Written() {
			// Part of the file is sent: break the connection, so that the
			// client sees a failed download, never a complete-looking file.
			s.log.Error("export broken off", "request_id", c.GetString(requestIDKey), "err", err)
			panic(http.ErrAbortHandler)
		}
		c.Writer.Header().Del("Content-Disposition")
		c.Writer.Header().Del("Content-Type")
		s.failSQL(c, err)
		return
	}
	t, _ := token(c)
	detail := fmt.Sprintf("%s %s, %d rows", name, format, sum.Rows)
	if len(prov.Params) > 0 { // a named export's parameters say what was taken
		b, _ := json.Marshal(prov.Params)
		detail += " " + string(b)
	}
	if err := auth.Record(ctx, s.st.DB(), auth.Entry{TokenID: t.ID, Role: t.Role, Action: action, Target: prov.SHA256(),
		DataVersion: prov.DataVersion, Detail: detail}); err != nil {
		s.log.Error("audit", "err", err)
	}
}

// exportHeaders sets an export's media type, file name and provenance
// headers.
func exportHeaders(c *gin.Context, format export.Format, prov export.Provenance, name string) {
	h := c.Writer.Header()
	h.Set("Content-Type", format.ContentType())
	if format != export.JSON {
		h.Set("Content-Disposition", `attachment; filename="`+name+"-v"+strconv.FormatInt(prov.DataVersion, 10)+format.Extension()+`"`)
	}
	for _, kv := range prov.Pairs() {
		if kv[0] != "sql" && kv[0] != "params" {
			h.Set("X-Osservatorio-"+strings.ReplaceAll(kv[0], "_", "-"), kv[1])
		}
	}
}

// sqlTables are the tables a request's SQL may read: admins see the
// rejects (with their values) and the audit log too.
func (s *Server) sqlTables(c *gin.Context) []string {
	if can(c, auth.Admin) {
		return sandbox.AdminTables
	}
	return sandbox.ResearchTables
}

// failSQL answers a research query's error: the gate's reason (400), the
// deadline (504), the slots (503), a result too big for XLSX (413), or
// DuckDB's own message about the researcher's SQL (400).
func (s *Server) failSQL(c *gin.Context, err error) {
	var r *sandbox.Refusal
	switch {
	case errors.As(err, &r), errors.Is(err, sandbox.ErrNotSelect):
		s.fail(c, &httpError{status: http.StatusBadRequest, msg: err.Error()})
	case errors.Is(err, sandbox.ErrTimeout):
		s.fail(c, &httpError{status: http.StatusGatewayTimeout,
			msg: fmt.Sprintf("the query took longer than %s and was stopped: narrow it, or export it in parts", s.sqlTimeout)})
	case errors.Is(err, sandbox.ErrBusy):
		c.Header("Retry-After", "5")
		s.fail(c, &httpError{status: http.StatusServiceUnavailable, msg: err.Error()})
	case errors.Is(err, export.ErrTooManyRows):
		s.fail(c, &httpError{status: http.StatusRequestEntityTooLarge, msg: err.Error()})
	case c.Request.Context().Err() != nil:
		c.Abort() // the client went away
	default:
		var he *httpError
		if errors.As(err, &he) {
			s.fail(c, err)
			return
		}
		msg := err.Error()
		if len(msg) > 500 {
			msg = msg[:500] + "…"
		}
		s.fail(c, &httpError{status: http.StatusBadRequest, msg: "the query failed: " + msg})
	}
}
