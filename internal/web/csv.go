package web

import (
	"github.com/gin-gonic/gin"

	"osservatorio/internal/dashboard"
)

// panelCSV serves exactly the table a panel shows, for the same filters and
// snapshot (machine_csv.go).
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
	v, err := dashboard.BuildPanel(c.Request.Context(), s.st.DB(), d, *p, f, snap, lang(c.Request))
	if err != nil {
		s.fail(c, err)
		return
	}
	b, err := machineCSV(v.Tables[0], p.MaySuppress())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Content-Disposition", `attachment; filename="`+downloadName(d.ID, p.ID, f, snap, ".csv")+`"`)
	c.Data(200, "text/csv; charset=utf-8", b)
}
