package web

import (
	"github.com/gin-gonic/gin"

	"osservatorio/internal/dashboard"
)

// searchView is the content of the search page.
type searchView struct {
	Q    string
	Hits []dashboard.Hit
	More bool // more than dashboard.MaxHits found: only the first are listed
}

// searchPage finds organisations and bodies by name or id (/cerca?q=), in
// the records of the snapshot shown; results lead to their pages.
func (s *Server) searchPage(c *gin.Context) {
	lg := lang(c.Request)
	snap, err := s.snapshot(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	q := c.Query("q")
	hits, more, err := dashboard.Search(c.Request.Context(), s.st.DB(), snap, q)
	if err != nil {
		s.fail(c, err)
		return
	}
	pd := s.basePage(c, lg, "cerca", T(lg, "search"), T(lg, "search_lead"))
	s.withSnapshot(c, &pd, snap)
	pd.Data = searchView{Q: q, Hits: hits, More: more}
	s.render(c, 200, "search.html", pd)
}
