package web

import (
	"strconv"

	"github.com/gin-gonic/gin"

	"osservatorio/internal/dashboard"
	"osservatorio/internal/indicator"
)

// versionsView is the content of /versioni: the citable snapshots and the
// loads between two data versions.
type versionsView struct {
	Snapshots []indicator.Snapshot
	From, To  int64
	Changes   []dashboard.Change
}

// versionsPage lists the stored snapshots (each opens the dashboards as they
// were) and what changed between two data versions (?da=&a=).
func (s *Server) versionsPage(c *gin.Context) {
	lg := lang(c.Request)
	ctx := c.Request.Context()
	snaps, err := indicator.Snapshots(ctx, s.st.DB())
	if err != nil {
		s.fail(c, err)
		return
	}
	vv := versionsView{Snapshots: snaps}
	if len(snaps) > 0 {
		vv.To = snaps[0].DataVersion
		vv.From = snaps[len(snaps)-1].DataVersion
	}
	for _, p := range []struct {
		name string
		dst  *int64
	}{{"da", &vv.From}, {"a", &vv.To}} {
		if v := c.Query(p.name); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n < 0 {
				s.fail(c, &dashboard.ParamError{Param: p.name, Value: v, Accepted: "a data version number"})
				return
			}
			*p.dst = n
		}
	}
	if vv.From > vv.To {
		vv.From, vv.To = vv.To, vv.From
	}
	if vv.Changes, err = dashboard.Changes(ctx, s.st.DB(), vv.From, vv.To); err != nil {
		s.fail(c, err)
		return
	}
	pd := s.basePage(c, lg, "versioni", T(lg, "versions"), T(lg, "versions_lead"))
	snap, err := s.published(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.withSnapshot(c, &pd, snap)
	pd.Data = vv
	s.render(c, 200, "versions.html", pd)
}
