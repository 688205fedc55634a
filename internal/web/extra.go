package web

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"html/template"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"osservatorio/internal/dashboard"
)

// panelCSV serves exactly the table a panel shows, for the same filters.
func (s *Server) panelCSV(c *gin.Context) {
	d := s.board(c.Param("dashboard"))
	if d == nil {
		c.String(http.StatusNotFound, "dashboard not found")
		return
	}
	var p *dashboard.Panel
	for i := range d.Panels {
		if d.Panels[i].ID == c.Param("panel") {
			p = &d.Panels[i]
		}
	}
	if p == nil {
		c.String(http.StatusNotFound, "panel not found")
		return
	}
	f := dashboard.FiltersFrom(c.Request.URL.Query())
	if err := f.Valid(); err != nil {
		c.String(http.StatusBadRequest, "%v", err)
		return
	}
	ctx := c.Request.Context()
	snap, err := s.snapshot(ctx)
	if err != nil {
		fail(c, err)
		return
	}
	t, err := dashboard.PanelData(ctx, s.st.DB(), *p, f, snap, lang(c.Request))
	if err != nil {
		fail(c, err)
		return
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write(t.Columns)
	small := s.smallCell(*p)
	for _, r := range t.Rows {
		rec := make([]string, len(r))
		for i, v := range r {
			rec[i] = cellText(v)
		}
		if small != nil && small(t, r) { // the public download keeps small cells suppressed too
			for i, col := range t.Columns {
				if col == "valore" || col == "quota_donne" {
					rec[i] = ""
				}
			}
		}
		w.Write(rec)
	}
	w.Flush()
	name := fmt.Sprintf("%s-%s-v%d.csv", d.ID, p.ID, snap.DataVersion)
	c.Header("Content-Disposition", `attachment; filename="`+name+`"`)
	c.Data(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
}

func (s *Server) page(c *gin.Context, current, title, desc string, body template.HTML) {
	lg := lang(c.Request)
	snap, _ := s.snapshot(c.Request.Context())
	pd := pageData{Lang: lg, Title: title, Description: desc, Path: c.Request.URL.Path, Nav: s.nav(lg, current),
		Snapshot: snap, Body: body}
	pd.LangIT, pd.LangEN = langLinks(c.Request)
	var buf bytes.Buffer
	if err := s.tpl.ExecuteTemplate(&buf, "page.html", pd); err != nil {
		fail(c, err)
		return
	}
	c.Data(http.StatusOK, "text/html; charset=utf-8", buf.Bytes())
}

// bodiesPage lists the bodies, each linking to its own page.
func (s *Server) bodiesPage(c *gin.Context) {
	lg := lang(c.Request)
	rows, err := s.st.DB().QueryContext(c.Request.Context(), `SELECT b.body_id, b.name, b.type, coalesce(b.cycle, ''),
		(SELECT count(*) FROM meetings m WHERE m.body_id = b.body_id) FROM bodies b ORDER BY b.type, b.name LIMIT 5000`)
	if err != nil {
		fail(c, err)
		return
	}
	defer rows.Close()
	var sb strings.Builder
	sb.WriteString(`<ul class="bodies">`)
	for rows.Next() {
		var id, name, typ, cycle string
		var meetings int64
		if err := rows.Scan(&id, &name, &typ, &cycle, &meetings); err != nil {
			fail(c, err)
			return
		}
		fmt.Fprintf(&sb, `<li><a href="/organismi/%s?lang=%s">%s</a> <small>%s %s · %d %s</small></li>`,
			template.URLQueryEscaper(id), lg, template.HTMLEscapeString(name), template.HTMLEscapeString(L(lg, typ)),
			template.HTMLEscapeString(cycle), meetings, strings.ToLower(L(lg, "riunioni")))
	}
	sb.WriteString(`</ul>`)
	desc := map[string]string{"it": "Ogni organismo di partenariato ha la sua pagina con tutti gli indicatori.",
		"en": "Every partnership body has its own page with all the indicators."}[lg]
	s.page(c, "organismi", T(lg, "bodies"), desc, template.HTML(sb.String()))
}

// dataPage shows the loads with their rejects, the data version and when the
// indicators were computed.
func (s *Server) dataPage(c *gin.Context) {
	lg := lang(c.Request)
	ctx := c.Request.Context()
	st, err := s.st.Status(ctx, 50)
	if err != nil {
		fail(c, err)
		return
	}
	var sb strings.Builder
	esc := template.HTMLEscapeString
	fmt.Fprintf(&sb, `<section class="panel full"><h2>%s: %d</h2><table><thead><tr><th scope="col">%s</th><th scope="col">#</th></tr></thead><tbody>`,
		T(lg, "data_version"), st.DataVersion, map[string]string{"it": "Tabella", "en": "Table"}[lg])
	for _, t := range st.Tables {
		fmt.Fprintf(&sb, "<tr><td>%s</td><td>%s</td></tr>", esc(t.Name), formatNumber(lg, float64(t.Rows), "count"))
	}
	sb.WriteString("</tbody></table></section>")
	if err := s.runsTable(ctx, &sb, lg); err != nil {
		fail(c, err)
		return
	}
	fmt.Fprintf(&sb, `<section class="panel full"><h2>%s</h2><table><thead><tr>`, T(lg, "loads"))
	heads := map[string][]string{
		"it": {"#", "File", "Tipo", "Esito", "Lette", "Caricate", "Scartate", "Fine", "Versione", "Messaggio"},
		"en": {"#", "File", "Kind", "Outcome", "Read", "Loaded", "Rejected", "Finished", "Version", "Message"}}[lg]
	for _, h := range heads {
		fmt.Fprintf(&sb, `<th scope="col">%s</th>`, h)
	}
	sb.WriteString("</tr></thead><tbody>")
	for _, l := range st.Loads {
		fmt.Fprintf(&sb, "<tr><td>%d</td><td>%s</td><td>%s</td><td>%s</td><td>%d</td><td>%d</td><td>%d</td><td>%s</td><td>%d</td><td>%s</td></tr>",
			l.ID, esc(l.File), esc(l.Kind), esc(l.Outcome), l.RowsRead, l.RowsLoaded, l.RowsRejected,
			l.Finished.Format("2006-01-02 15:04:05"), l.DataVersion, esc(l.Message))
		if l.RowsRejected > 0 {
			rj, err := s.st.Rejects(ctx, l.ID, 50)
			if err != nil {
				fail(c, err)
				return
			}
			fmt.Fprintf(&sb, `<tr><td></td><td colspan="9"><details><summary>%s (%d)</summary><table><tbody>`, T(lg, "rejects"), l.RowsRejected)
			for _, r := range rj {
				fmt.Fprintf(&sb, "<tr><td>%s:%d</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>",
					esc(r.File), r.Line, esc(r.FileColumn), esc(r.Reason), esc(r.Value), esc(r.Detail))
			}
			sb.WriteString("</tbody></table></details></td></tr>")
		}
	}
	sb.WriteString("</tbody></table></section>")
	desc := map[string]string{"it": "I caricamenti dei registri di partecipazione, con le righe scartate e il motivo.",
		"en": "The loads of participation records, with the rejected rows and why."}[lg]
	s.page(c, "dati", T(lg, "dati"), desc, template.HTML(`<div class="grid">`+sb.String()+`</div>`))
}

func (s *Server) runsTable(ctx context.Context, sb *strings.Builder, lg string) error {
	rows, err := s.st.DB().QueryContext(ctx, `SELECT data_version, as_of::VARCHAR, finished, sql_ms, network_ms, rows
		FROM indicator_runs ORDER BY finished DESC LIMIT 10`)
	if err != nil {
		return err
	}
	defer rows.Close()
	fmt.Fprintf(sb, `<section class="panel full"><h2>%s</h2><table><thead><tr><th scope="col">%s</th><th scope="col">%s</th><th scope="col">%s</th><th scope="col">SQL ms</th><th scope="col">%s ms</th><th scope="col">%s</th></tr></thead><tbody>`,
		T(lg, "computed"), T(lg, "data_version"), T(lg, "as_of"), map[string]string{"it": "Fine", "en": "Finished"}[lg],
		map[string]string{"it": "Rete", "en": "Network"}[lg], map[string]string{"it": "Valori", "en": "Values"}[lg])
	for rows.Next() {
		var v, sqlMS, netMS, n sql.NullInt64
		var asOf string
		var fin sql.NullTime
		if err := rows.Scan(&v, &asOf, &fin, &sqlMS, &netMS, &n); err != nil {
			return err
		}
		fmt.Fprintf(sb, "<tr><td>%d</td><td>%s</td><td>%s</td><td>%d</td><td>%d</td><td>%d</td></tr>",
			v.Int64, asOf, fin.Time.Format("2006-01-02 15:04:05"), sqlMS.Int64, netMS.Int64, n.Int64)
	}
	sb.WriteString("</tbody></table></section>")
	return rows.Err()
}
