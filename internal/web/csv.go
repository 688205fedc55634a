package web

import (
	"strings"

	"github.com/gin-gonic/gin"

	"osservatorio/internal/dashboard"
	"osservatorio/internal/export"
)

// downloadFormats are the formats of a panel's download, the default first:
// the machine CSV (csv), the CSV for Italian Excel (csv-it) and XLSX.
var downloadFormats = []export.Format{export.CSV, export.CSVIT, export.XLSX}

// panelDownload serves exactly the table a panel shows, for the same filters
// and snapshot, in the format ?format= names: csv for programs (codes, full
// precision, machine_csv.go), csv-it and xlsx for people (labels and values
// as the page shows them: excel_csv.go, panel_xlsx.go). Withheld cells are
// withheld in all three.
func (s *Server) panelDownload(c *gin.Context) {
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
	allowed := append(append([]string{"format"}, d.Filters...), snapshotParams...)
	if scoped != "" {
		allowed = append(allowed, scoped)
	}
	if err := checkParams(c, allowed); err != nil {
		s.fail(c, err)
		return
	}
	format, err := downloadFormat(c.Query("format"))
	if err != nil {
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
	lg := lang(c.Request)
	v, err := dashboard.BuildPanel(c.Request.Context(), s.st.DB(), d, *p, f, snap, lg)
	if err != nil {
		s.fail(c, err)
		return
	}
	var b []byte
	ext := ".csv"
	switch format {
	case export.CSVIT:
		b, err = excelCSV(s.shownTable(*p, v.Tables[0], lg), lg)
		ext = "_excel.csv"
	case export.XLSX:
		b, err = panelXLSX(s.shownTable(*p, v.Tables[0], lg), s.panelAbout(c.Request, d, *p, f, snap, v, lg), lg)
		ext = ".xlsx"
	default:
		b, err = machineCSV(v.Tables[0], p.MaySuppress())
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Content-Disposition", `attachment; filename="`+downloadName(d.ID, p.ID, f, snap, ext)+`"`)
	c.Data(200, format.ContentType(), b)
}

// downloadFormat reads ?format=; empty is the machine CSV.
func downloadFormat(s string) (export.Format, error) {
	if s == "" {
		return export.CSV, nil
	}
	names := make([]string, len(downloadFormats))
	for i, f := range downloadFormats {
		if string(f) == s {
			return f, nil
		}
		names[i] = string(f)
	}
	return "", &dashboard.ParamError{Param: "format", Value: s, Accepted: "one of " + strings.Join(names, ", ")}
}
