package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"osservatorio/internal/auth"
	"osservatorio/internal/dashboard"
	"osservatorio/internal/evidence"
	"osservatorio/internal/indicator"
)

// The evidence API: GET lists and shows packs (drafts to the Laboratori
// only; small cells withheld unless the token is a researcher's), POST
// creates, adds to, freezes and verifies them (lab role).

// apiEvidenceList: GET /api/evidence
func (s *Server) apiEvidenceList(c *gin.Context) {
	list, err := evidence.List(c.Request.Context(), s.st.DB(), can(c, auth.Lab))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"packs": list})
}

// apiEvidence: GET /api/evidence/:id
func (s *Server) apiEvidence(c *gin.Context) {
	p, err := s.pack(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	if !can(c, auth.Researcher) {
		p = p.Public()
	}
	c.JSON(http.StatusOK, p)
}

// evidenceRequest is the body of POST /api/evidence and of its items.
type evidenceRequest struct {
	Title       string            `json:"title"`
	Authors     []string          `json:"authors"`
	Purpose     string            `json:"purpose"`
	DataVersion int64             `json:"data_version"`
	AsOf        string            `json:"as_of"`
	Indicators  []string          `json:"indicators"`
	Scopes      []string          `json:"scopes"`
	Periods     []string          `json:"periods"`
	Guideline   string            `json:"guideline_id"`
	Window      int               `json:"window_days"`
	Query       string            `json:"query"`
	Params      map[string]string `json:"params"`
}

// apiEvidenceCreate: POST /api/evidence (lab) — a draft on the published
// snapshot or on a stored one (data_version, as_of), with items if given.
func (s *Server) apiEvidenceCreate(c *gin.Context) {
	ctx := c.Request.Context()
	var req evidenceRequest
	if !bindJSON(c, s, &req) {
		return
	}
	snap, err := indicator.Resolve(ctx, s.st.DB(), req.DataVersion, req.AsOf)
	if err != nil {
		s.fail(c, err)
		return
	}
	id, err := evidence.Create(ctx, s.st, evidence.Meta{Title: req.Title, Purpose: req.Purpose, Authors: req.Authors, CreatedBy: tokenID(c)}, snap)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.audit(c, "evidence.create", id)
	if !s.addItems(c, id, req) {
		return
	}
	s.answerPack(c, http.StatusCreated, id)
}

// apiEvidenceAdd: POST /api/evidence/:id/items (lab)
func (s *Server) apiEvidenceAdd(c *gin.Context) {
	var req evidenceRequest
	if !bindJSON(c, s, &req) {
		return
	}
	if len(req.Indicators) == 0 && req.Guideline == "" && req.Query == "" {
		s.fail(c, &dashboard.ParamError{Param: "indicators", Accepted: "indicators (with scopes and periods), guideline_id or query (with params)"})
		return
	}
	if !s.addItems(c, c.Param("id"), req) {
		return
	}
	s.audit(c, "evidence.add", c.Param("id"))
	s.answerPack(c, http.StatusOK, c.Param("id"))
}

func (s *Server) addItems(c *gin.Context, id string, req evidenceRequest) bool {
	ctx := c.Request.Context()
	if len(req.Indicators) > 0 {
		if len(req.Scopes) == 0 {
			req.Scopes = []string{"all"}
		}
		if len(req.Periods) == 0 {
			req.Periods = []string{"all"}
		}
		if _, err := evidence.AddIndicators(ctx, s.st, id, req.Indicators, req.Scopes, req.Periods); err != nil {
			s.fail(c, err)
			return false
		}
	}
	if req.Guideline != "" {
		if err := evidence.AddGuideline(ctx, s.st, id, req.Guideline, req.Window); err != nil {
			s.fail(c, err)
			return false
		}
	}
	if req.Query != "" {
		if err := evidence.AddQuery(ctx, s.st, id, req.Query, req.Params); err != nil {
			s.fail(c, err)
			return false
		}
	}
	return true
}

// apiEvidenceFreeze: POST /api/evidence/:id/freeze (lab)
func (s *Server) apiEvidenceFreeze(c *gin.Context) {
	p, err := evidence.Freeze(c.Request.Context(), s.st, c.Param("id"), EvidenceEnv(s.base(c.Request)))
	if err != nil {
		s.fail(c, err)
		return
	}
	s.audit(c, "evidence.freeze", p.ID)
	s.answerPack(c, http.StatusOK, p.ID)
}

// apiEvidenceVerify: POST /api/evidence/:id/verify (lab) — recomputes every
// value from the pack's data version: a refresh's worth of work, so it takes
// a research-query slot like the SQL console.
func (s *Server) apiEvidenceVerify(c *gin.Context) {
	select {
	case s.sqlSlots <- struct{}{}:
		defer func() { <-s.sqlSlots }()
	default:
		s.fail(c, &httpError{status: http.StatusServiceUnavailable, msg: "the server is busy with other long queries: try again shortly"})
		return
	}
	rep, err := evidence.Verify(c.Request.Context(), s.st, c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	s.audit(c, "evidence.verify", c.Param("id"))
	c.JSON(http.StatusOK, gin.H{"ok": rep.OK(), "report": rep})
}

func (s *Server) answerPack(c *gin.Context, status int, id string) {
	p, err := evidence.Get(c.Request.Context(), s.st.DB(), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	if !can(c, auth.Researcher) {
		p = p.Public()
	}
	c.JSON(status, p)
}

// bindJSON reads a request body of at most 64 KiB.
func bindJSON(c *gin.Context, s *Server, v any) bool {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, 64<<10)
	if err := c.ShouldBindJSON(v); err != nil {
		s.fail(c, &httpError{status: http.StatusBadRequest, msg: "the body is not the JSON expected: " + err.Error()})
		return false
	}
	return true
}

func tokenID(c *gin.Context) string {
	if t, ok := token(c); ok {
		return t.ID
	}
	return ""
}

// audit records a write by the request's token.
func (s *Server) audit(c *gin.Context, action, target string) {
	t, _ := token(c)
	v, _ := s.st.DataVersion(c.Request.Context())
	if err := auth.Record(c.Request.Context(), s.st.DB(), auth.Entry{TokenID: t.ID, Role: t.Role, Action: action, Target: target, DataVersion: v}); err != nil {
		s.log.Error("audit", "err", err)
	}
}
