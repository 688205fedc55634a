package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"osservatorio/internal/auth"
	"osservatorio/internal/dashboard"
	"osservatorio/internal/evidence"
	"osservatorio/internal/indicator"
)

// Evidence packs on the site: the list (/evidenze), a pack's permanent page
// (/evidenze/EP-…), its ZIP, and the forms the Laboratori use to build one
// from the dashboards ("Aggiungi al dossier" links lead to /evidenze/aggiungi).
// These pages are never cached: they depend on who asks (drafts, forms).

// evidenceListView is the content of /evidenze.
type evidenceListView struct {
	Packs []evidence.Summary
	Lab   bool   // the reader may create and build packs
	CSRF  string // for the new-pack form
}

func (s *Server) evidenceList(c *gin.Context) {
	lg := lang(c.Request)
	list, err := evidence.List(c.Request.Context(), s.st.DB(), can(c, auth.Lab))
	if err != nil {
		s.fail(c, err)
		return
	}
	pd := s.basePage(c, lg, "evidenze", T(lg, "evidence"), T(lg, "evidence_lead"))
	if snap, err := s.published(c.Request.Context()); err == nil {
		s.withSnapshot(c, &pd, snap)
	}
	pd.Data = evidenceListView{Packs: list, Lab: can(c, auth.Lab), CSRF: c.GetString("csrf")}
	c.Header("Cache-Control", "no-store")
	s.render(c, http.StatusOK, "evidence_list.html", pd)
}

// evidencePackView is the content of a pack's page.
type evidencePackView struct {
	Pack  *evidence.Pack
	Body  template.HTML // the same content as the offline report
	Notes NotesView     // the current notes on the pack and its values
	Lab   bool
	CSRF  string
}

// evidencePage: GET /evidenze/:id — a frozen pack for everyone, a draft for
// the Laboratori only (404 otherwise: drafts are not published).
func (s *Server) evidencePage(c *gin.Context) {
	lg := lang(c.Request)
	p, err := s.pack(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	v, err := evidence.NewView(c.Request.Context(), s.st.DB(), p, lg, evidence.Cite(p, lg, s.base(c.Request)), Words)
	if err != nil {
		s.fail(c, err)
		return
	}
	body, err := evidence.Body(v)
	if err != nil {
		s.fail(c, err)
		return
	}
	pd := s.basePage(c, lg, "evidenze", p.ID+" · "+p.Title, "")
	// The footer names the pack's own snapshot; the citation is the pack's.
	if pd.Snapshot, err = indicator.Resolve(c.Request.Context(), s.st.DB(), p.DataVersion, p.AsOf); err != nil {
		s.fail(c, err)
		return
	}
	// A pack shows its own snapshot: naming another is an error, naming
	// its own (as the citation link does) is allowed.
	for k, want := range map[string]string{"data_version": strconv.FormatInt(p.DataVersion, 10), "as_of": p.AsOf} {
		if got := c.Query(k); got != "" && got != want {
			s.fail(c, &dashboard.ParamError{Param: k, Value: got, Accepted: want + ", the pack's own (a pack is frozen on one snapshot)"})
			return
		}
	}
	u := url.Values{"lang": {lg}, "data_version": {strconv.FormatInt(p.DataVersion, 10)}, "as_of": {p.AsOf}}
	pd.Cite = citation{URL: s.base(c.Request) + "/evidenze/" + p.ID + "?" + u.Encode(), Text: v.Citation}
	notes, err := s.notesFor(c, lg, p.NoteTargets()...)
	if err != nil {
		s.fail(c, err)
		return
	}
	for i := range notes.Notes { // a pack has one version: its notes link to it
		notes.Notes[i].Link = "/evidenze/" + p.ID + "?lang=" + lg + "#nota-" + strconv.FormatInt(notes.Notes[i].ID, 10)
	}
	pd.Data = evidencePackView{Pack: p, Body: body, Notes: notes, Lab: can(c, auth.Lab), CSRF: c.GetString("csrf")}
	c.Header("Cache-Control", "no-store")
	s.render(c, http.StatusOK, "evidence.html", pd)
}

// pack reads the pack a request names, hiding drafts from readers outside
// the Laboratori.
func (s *Server) pack(c *gin.Context) (*evidence.Pack, error) {
	p, err := evidence.Get(c.Request.Context(), s.st.DB(), c.Param("id"))
	if err != nil {
		return nil, err
	}
	if !p.Frozen() && !can(c, auth.Lab) {
		return nil, evidence.ErrNotFound
	}
	return p, nil
}

// evidenceZip: GET /evidenze/:id/zip — the bytes stored when it was frozen.
func (s *Server) evidenceZip(c *gin.Context) {
	data, err := evidence.ZIP(c.Request.Context(), s.st.DB(), c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	p, err := s.pack(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Content-Disposition", `attachment; filename="`+p.ID+`.zip"`)
	c.Header("X-Osservatorio-Manifest-Sha256", p.Digest)
	c.Header("Cache-Control", "public, max-age=86400, immutable")
	c.Data(http.StatusOK, "application/zip", data)
}

// evidenceAddView is the content of /evidenze/aggiungi: what a dashboard's
// "Aggiungi al dossier" link asks to add, and the drafts to add it to.
type evidenceAddView struct {
	Indicators, Scope, Period string
	Guideline, Window         string // or a guideline comparison
	Drafts                    []evidence.Summary
	Lab                       bool
	CSRF                      string
	Back                      string
}

// evidenceAddForm: GET /evidenze/aggiungi?indicators=&scope=&period=&back=
func (s *Server) evidenceAddForm(c *gin.Context) {
	lg := lang(c.Request)
	v := evidenceAddView{Indicators: c.Query("indicators"), Scope: c.DefaultQuery("scope", "all"), Period: c.DefaultQuery("period", "all"),
		Guideline: c.Query("guideline"), Window: c.Query("window"),
		Lab: can(c, auth.Lab), CSRF: c.GetString("csrf"), Back: localPath(c.Query("back"))}
	if v.Indicators == "" && v.Guideline == "" {
		s.fail(c, &dashboard.ParamError{Param: "indicators", Accepted: "indicators (with scope and period) or a guideline (with window)"})
		return
	}
	if v.Lab {
		all, err := evidence.List(c.Request.Context(), s.st.DB(), true)
		if err != nil {
			s.fail(c, err)
			return
		}
		for _, p := range all {
			if p.FrozenAt == nil {
				v.Drafts = append(v.Drafts, p)
			}
		}
	}
	pd := s.basePage(c, lg, "evidenze", T(lg, "add_to_pack"), T(lg, "add_to_pack_lead"))
	pd.Data = v
	c.Header("Cache-Control", "no-store")
	s.render(c, http.StatusOK, "evidence_add.html", pd)
}

// evidenceCreateForm: POST /evidenze (lab) — a new draft on the published
// snapshot, with the items of an "Aggiungi al dossier" link if any.
func (s *Server) evidenceCreateForm(c *gin.Context) {
	ctx := c.Request.Context()
	snap, err := s.published(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	id, err := evidence.Create(ctx, s.st, evidence.Meta{Title: c.PostForm("title"), Purpose: c.PostForm("purpose"),
		Authors: split(c.PostForm("authors")), CreatedBy: tokenID(c)}, snap)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.audit(c, "evidence.create", id)
	if err := s.addFromForm(c, id); err != nil {
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/evidenze/"+id+"?lang="+lang(c.Request))
}

// addFromForm adds what an "Aggiungi al dossier" form carries: indicator
// values, or a guideline comparison.
func (s *Server) addFromForm(c *gin.Context, id string) error {
	ctx := c.Request.Context()
	if inds := split(c.PostForm("indicators")); len(inds) > 0 {
		if _, err := evidence.AddIndicators(ctx, s.st, id, inds, split(c.DefaultPostForm("scope", "all")), split(c.DefaultPostForm("period", "all"))); err != nil {
			return err
		}
	}
	if g := c.PostForm("guideline"); g != "" {
		w, err := strconv.Atoi(c.DefaultPostForm("window", "0"))
		if err != nil {
			return &dashboard.ParamError{Param: "window", Value: c.PostForm("window"), Accepted: "a number of days"}
		}
		return evidence.AddGuideline(ctx, s.st, id, g, w)
	}
	return nil
}

// evidenceAddPost: POST /evidenze/aggiungi (lab) — add the items to a draft.
func (s *Server) evidenceAddPost(c *gin.Context) {
	id := c.PostForm("pack")
	if err := s.addFromForm(c, id); err != nil {
		s.fail(c, err)
		return
	}
	s.audit(c, "evidence.add", id)
	c.Redirect(http.StatusSeeOther, "/evidenze/"+id+"?lang="+lang(c.Request))
}

// evidenceFreezePost: POST /evidenze/:id/congela (lab).
func (s *Server) evidenceFreezePost(c *gin.Context) {
	p, err := evidence.Freeze(c.Request.Context(), s.st, c.Param("id"), EvidenceEnv(s.base(c.Request)))
	if err != nil {
		s.fail(c, err)
		return
	}
	s.audit(c, "evidence.freeze", p.ID)
	c.Redirect(http.StatusSeeOther, "/evidenze/"+p.ID+"?lang="+lang(c.Request))
}

// localPath keeps a "back" link on this site.
func localPath(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.IsAbs() || u.Host != "" || !strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") {
		return ""
	}
	return u.RequestURI()
}

func split(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}
