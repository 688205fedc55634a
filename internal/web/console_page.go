package web

import (
	"github.com/gin-gonic/gin"

	"osservatorio/internal/datadict"
	"osservatorio/internal/namedquery"
)

// consoleView is the content of the SQL console.
type consoleView struct {
	CSRF    string // the session's CSRF token, sent by console.js with each query
	Tables  []datadict.Table
	Exports []namedquery.Query
	Formats []string
}

// consolePage: GET /console (researcher) — the schema, an editor whose
// queries go to POST /api/sql, and the named exports with their parameter
// forms. Not cached: it carries the session's CSRF token.
func (s *Server) consolePage(c *gin.Context) {
	lg := lang(c.Request)
	pd := s.basePage(c, lg, "console", T(lg, "console"), T(lg, "console_lead"))
	if snap, err := s.published(c.Request.Context()); err == nil {
		s.withSnapshot(c, &pd, snap)
	}
	cv := consoleView{Tables: s.schema, Formats: []string{"csv", "csv-it", "xlsx", "parquet", "arrow", "jsonl"}}
	if v, ok := c.Get("csrf"); ok {
		cv.CSRF = v.(string)
	}
	for _, q := range s.exports {
		if can(c, q.Role) {
			cv.Exports = append(cv.Exports, q)
		}
	}
	pd.Data = cv
	c.Header("Cache-Control", "no-store")
	s.render(c, 200, "console.html", pd)
}
