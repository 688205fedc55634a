package web

import (
	"bytes"
	"encoding/csv"

	"github.com/gin-gonic/gin"

	"osservatorio/internal/dashboard"
)

// panelCSV serves exactly the table a panel shows, for the same filters and
// snapshot. Withheld cells are empty, and panels that can withhold carry a
// last column "soppresso" (true where a row is withheld).
func (s *Server) panelCSV(c *gin.Context) {
	d := s.board(c.Param("dashboard"))
	if d == nil {
		s.fail(c, errNotFound)
		return
	}
	var p *dashboard.Panel
	for i := range d.Panels {
		if d.Panels[i].ID == c.Param("panel") {
			p = &d.Panels[i]
		}
	}
	if p == nil {
		s.fail(c, errNotFound)
		return
	}
	scoped := map[string]string{"body": "body", "org": "org"}[d.Scoped]
	allowed := append(append([]string{}, d.Filters...), snapshotParams...)
	if scoped != "" {
		allowed = append(allowed, scoped)
	}
	if err := checkParams(c, allowed); err != nil {
		s.fail(c, err)
		return
	}
	f, err := dashboard.FiltersFrom(c.Request.URL.Query())
	if err != nil {
		s.fail(c, err)
		return
	}
	snap, err := s.snapshot(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	t, err := dashboard.BuildPanel(c.Request.Context(), s.st.DB(), d, *p, f, snap, lang(c.Request))
	if err != nil {
		s.fail(c, err)
		return
	}
	flag := p.MaySuppress()
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	head := t.Columns
	if flag {
		head = append(append([]string{}, head...), "soppresso")
	}
	w.Write(head)
	for _, r := range t.Rows {
		rec := make([]string, len(r), len(r)+1)
		for i, v := range r {
			rec[i] = cellText(v)
		}
		if flag {
			rec = append(rec, map[bool]string{true: "true", false: "false"}[dashboard.AnySuppressed(r)])
		}
		w.Write(rec)
	}
	w.Flush()
	c.Header("Content-Disposition", `attachment; filename="`+csvName(d.ID, p.ID, f, snap)+`"`)
	c.Data(200, "text/csv; charset=utf-8", buf.Bytes())
}
