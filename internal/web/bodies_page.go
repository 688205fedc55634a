package web

import (
	"github.com/gin-gonic/gin"

	"osservatorio/internal/dashboard"
)

// bodiesPage lists the bodies, each linking to its own page.
func (s *Server) bodiesPage(c *gin.Context) {
	lg := lang(c.Request)
	snap, err := s.snapshot(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	bodies, err := dashboard.Bodies(c.Request.Context(), s.st.DB(), snap)
	if err != nil {
		s.fail(c, err)
		return
	}
	pd := s.basePage(c, lg, "organismi", T(lg, "bodies"), T(lg, "bodies_lead"))
	s.withSnapshot(c, &pd, snap)
	pd.Data = bodies
	s.render(c, 200, "bodies.html", pd)
}
