package web

import (
	"github.com/gin-gonic/gin"

	"osservatorio/internal/indicator"
	"osservatorio/internal/store"
)

// dataView is the content of /dati: row counts, refreshes and loads.
type dataView struct {
	Status store.Status
	Runs   []indicator.Snapshot
	// Rejects of the loads shown, by load id: where, which column, why;
	// never the rejected value, which may hold personal data.
	Rejects map[int64][]store.RejectRow
}

// dataPage shows the loads with their rejects, the data version and the
// indicator refreshes.
func (s *Server) dataPage(c *gin.Context) {
	lg := lang(c.Request)
	ctx := c.Request.Context()
	st, err := s.st.Status(ctx, 50)
	if err != nil {
		s.fail(c, err)
		return
	}
	runs, err := indicator.Snapshots(ctx, s.st.DB())
	if err != nil {
		s.fail(c, err)
		return
	}
	if len(runs) > 10 {
		runs = runs[:10]
	}
	dv := dataView{Status: st, Runs: runs, Rejects: map[int64][]store.RejectRow{}}
	for _, l := range st.Loads {
		if l.RowsRejected == 0 {
			continue
		}
		rj, err := s.st.Rejects(ctx, l.ID, 50)
		if err != nil {
			s.fail(c, err)
			return
		}
		dv.Rejects[l.ID] = publicRejects(rj)
	}
	pd := s.basePage(c, lg, "dati", T(lg, "dati"), T(lg, "dati_lead"))
	snap, err := s.published(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.withSnapshot(c, &pd, snap)
	pd.Data = dv
	s.render(c, 200, "data.html", pd)
}

// publicRejects drops what a rejected row held: its value and record may
// carry personal data that shifted into the wrong column.
func publicRejects(rj []store.RejectRow) []store.RejectRow {
	out := make([]store.RejectRow, len(rj))
	for i, r := range rj {
		r.Value = ""
		out[i] = r
	}
	return out
}
