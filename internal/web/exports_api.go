package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"osservatorio/internal/auth"
	"osservatorio/internal/export"
	"osservatorio/internal/namedquery"
)

// exportView is a named export as GET /api/exports lists it.
type exportView struct {
	namedquery.Query
	URL string `json:"url"`
}

// apiExports: GET /api/exports (researcher) lists the named exports with
// their titles, descriptions, parameters, role and SQL.
func (s *Server) apiExports(c *gin.Context) {
	out := make([]exportView, len(s.exports))
	for i, q := range s.exports {
		out[i] = exportView{q, "/api/exports/" + q.ID}
	}
	formats := make([]string, len(export.Formats))
	for i, f := range export.Formats {
		formats[i] = string(f)
	}
	c.JSON(http.StatusOK, gin.H{"exports": out, "formats": formats})
}

// apiExport: GET /api/exports/:name?<params>&format=&data_version=
// (researcher) runs a named export through runExport: the same gate,
// formats, time travel and audit as POST /api/sql, with the export's name
// and parameters in its provenance.
func (s *Server) apiExport(c *gin.Context) {
	q := s.namedExport(c.Param("name"))
	if q == nil {
		ids := make([]string, len(s.exports))
		for i, e := range s.exports {
			ids[i] = e.ID
		}
		s.fail(c, &httpError{status: http.StatusNotFound,
			msg: fmt.Sprintf("no export %q: the exports are %s", c.Param("name"), strings.Join(ids, ", "))})
		return
	}
	// The gate decided at start-up which role may run it (see
	// namedquery.Check); runExport runs the gate again with the caller's
	// tables.
	if q.Role == auth.Admin && !can(c, auth.Admin) {
		s.fail(c, &httpError{status: http.StatusForbidden,
			msg: q.ID + " reads tables only administrators may read"})
		return
	}
	values := map[string]string{}
	for k, vs := range c.Request.URL.Query() {
		if len(vs) > 1 {
			s.fail(c, &httpError{status: http.StatusBadRequest, msg: fmt.Sprintf("parameter %q: give one value", k)})
			return
		}
		switch k {
		case "format", "data_version", "lang":
		default:
			values[k] = vs[0]
		}
	}
	args, params, err := q.Bind(values)
	var pe *namedquery.ParamError
	if errors.As(err, &pe) {
		s.fail(c, &httpError{status: http.StatusBadRequest, msg: err.Error()})
		return
	} else if err != nil {
		s.fail(c, err)
		return
	}
	format, err := export.ParseFormat(orDefault(c.Query("format"), string(export.CSV)))
	if err != nil {
		s.fail(c, &httpError{status: http.StatusBadRequest, msg: err.Error()})
		return
	}
	var dv int64
	if v := c.Query("data_version"); v != "" {
		if dv, err = strconv.ParseInt(v, 10, 64); err != nil || dv < 1 {
			s.fail(c, &httpError{status: http.StatusBadRequest, msg: fmt.Sprintf("parameter \"data_version\": must be a data version (a whole number from 1), not %q", v)})
			return
		}
	}
	prov, err := s.provenance(c, q.SQL, dv)
	if err != nil {
		s.fail(c, err)
		return
	}
	prov.Query, prov.Params = q.ID, params
	if c.Request.Method == http.MethodHead {
		// DuckDB's httpfs asks HEAD before reading a URL; without a
		// Content-Length it then downloads the whole file with one GET.
		// The query runs only for that GET.
		exportHeaders(c, format, prov, q.ID)
		c.Status(http.StatusOK)
		return
	}
	s.runExport(c, q.SQL, args, format, prov, "export.query", q.ID)
}

func (s *Server) namedExport(id string) *namedquery.Query {
	for i := range s.exports {
		if s.exports[i].ID == id {
			return &s.exports[i]
		}
	}
	return nil
}
