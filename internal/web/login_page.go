package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"osservatorio/internal/auth"
)

// loginPage: GET /accesso shows the form; POST /accesso takes a token once
// and opens a session (a cookie), so pages need not carry the token.
func (s *Server) loginPage(c *gin.Context) {
	lg := lang(c.Request)
	pd := s.basePage(c, lg, "", T(lg, "login"), T(lg, "login_lead"))
	status := http.StatusOK
	view := loginView{}
	if t, ok := token(c); ok {
		view.Name, view.Role = t.Name, string(t.Role)
		if v, ok := c.Get("csrf"); ok {
			view.CSRF = v.(string)
		}
	}
	if c.Request.Method == http.MethodPost {
		t, err := auth.Verify(c.Request.Context(), s.st.DB(), strings.TrimSpace(c.PostForm("token")))
		if err == nil {
			s.sessions.open(c, t)
			c.Redirect(http.StatusSeeOther, "/cruscotti/panoramica?lang="+lg)
			return
		}
		if !errors.Is(err, auth.ErrInvalid) {
			s.fail(c, err)
			return
		}
		status, view.Error = http.StatusUnauthorized, T(lg, "login_failed")
	}
	pd.Data = view
	s.render(c, status, "login.html", pd)
}

// loginView is the content of /accesso.
type loginView struct {
	Error, Name, Role, CSRF string
}

// logout: POST /esci ends the page session.
func (s *Server) logout(c *gin.Context) {
	s.sessions.drop(c)
	c.Redirect(http.StatusSeeOther, "/cruscotti/panoramica?lang="+lang(c.Request))
}
