package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"osservatorio/internal/annotation"
	"osservatorio/internal/auth"
)

// annotationParams are the parameters of GET /api/annotations.
var annotationParams = []string{"kind", "indicator", "scope", "period", "body", "guideline", "pack", "limit", "offset"}

// maxAnnotationBody bounds a POST or PUT body: 2,000 characters of text
// are at most 8 KB of UTF-8, escaped perhaps 6 times over.
const maxAnnotationBody = 64 << 10

// apiAnnotations: GET /api/annotations?kind=&indicator=&scope=&period=&body=&guideline=&pack=&limit=&offset=
// lists notes, newest first. Public like the pages: notes are published
// commentary.
func (s *Server) apiAnnotations(c *gin.Context) {
	limit, err := intParam(c, "limit", annotation.DefaultLimit, 1, annotation.MaxLimit)
	if err != nil {
		s.fail(c, err)
		return
	}
	offset, err := intParam(c, "offset", 0, 0, annotation.MaxOffset)
	if err != nil {
		s.fail(c, err)
		return
	}
	list, err := annotation.List(c.Request.Context(), s.st.DB(), annotation.Filter{Kind: annotation.Kind(c.Query("kind")),
		Indicator: c.Query("indicator"), Scope: c.Query("scope"), Period: c.Query("period"), Body: c.Query("body"),
		Guideline: c.Query("guideline"), Pack: c.Query("pack"), Limit: limit, Offset: offset})
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, list)
}

// apiAnnotation: GET /api/annotations/:id — the note with every revision.
func (s *Server) apiAnnotation(c *gin.Context) {
	id, err := annotationID(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	a, err := annotation.History(c.Request.Context(), s.st.DB(), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, a)
}

// annotationRequest is the body of POST /api/annotations; PUT takes text
// and data_version only (a note's target never changes).
type annotationRequest struct {
	Target      *annotation.Target `json:"target,omitempty"`
	Text        string             `json:"text"`
	DataVersion int64              `json:"data_version"`
}

// apiAddAnnotation: POST /api/annotations (lab) → 201 with the note. The
// author is the token's id: pseudonymous, the project stores no names.
func (s *Server) apiAddAnnotation(c *gin.Context) {
	var req annotationRequest
	if err := decodeStrict(c, &req, `{"target": {"kind": "indicator", "indicator": "P01", "scope": "all", "period": "2023"}, "text": "…", "data_version": N}`); err != nil {
		s.fail(c, err)
		return
	}
	if req.Target == nil {
		s.fail(c, &annotation.FieldError{Field: "target", Msg: "required: {kind, and indicator, scope, period | body | guideline | pack}"})
		return
	}
	t, _ := token(c)
	a, err := annotation.Add(c.Request.Context(), s.st, annotation.Draft{Target: *req.Target, Text: req.Text,
		Author: t.ID, DataVersion: req.DataVersion})
	if err != nil {
		s.fail(c, err)
		return
	}
	s.noteWritten(c, "annotation.add", a)
	c.JSON(http.StatusCreated, a)
}

// apiEditAnnotation: PUT /api/annotations/:id (lab) → the note at its new
// revision; the earlier texts stay in its history.
func (s *Server) apiEditAnnotation(c *gin.Context) {
	id, err := annotationID(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	var req struct {
		Text        string `json:"text"`
		DataVersion int64  `json:"data_version"`
	}
	if err := decodeStrict(c, &req, `{"text": "…", "data_version": N}`); err != nil {
		s.fail(c, err)
		return
	}
	t, _ := token(c)
	a, err := annotation.Edit(c.Request.Context(), s.st, id, annotation.Change{Text: req.Text, Author: t.ID, DataVersion: req.DataVersion})
	if err != nil {
		s.fail(c, err)
		return
	}
	s.noteWritten(c, "annotation.edit", a)
	c.JSON(http.StatusOK, a)
}

// noteWritten records a write in the audit log and drops the cached pages,
// which may show the note.
func (s *Server) noteWritten(c *gin.Context, action string, a annotation.Annotation) {
	s.cache.clear()
	t, _ := token(c)
	if err := auth.Record(c.Request.Context(), s.st.DB(), auth.Entry{TokenID: t.ID, Role: t.Role, Action: action,
		Target: "annotation:" + strconv.FormatInt(a.ID, 10), DataVersion: a.DataVersion,
		Detail: a.Target.Key() + " revision " + strconv.Itoa(a.Revision)}); err != nil {
		s.log.Error("audit", "err", err)
	}
}

// annotationID reads :id; anything but a positive number names no note.
func annotationID(c *gin.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id < 1 {
		return 0, annotation.ErrNotFound
	}
	return id, nil
}

// decodeStrict reads a JSON body of at most maxAnnotationBody bytes into v,
// refusing fields v does not have (a misspelt field would otherwise be
// dropped silently).
func decodeStrict(c *gin.Context, v any, example string) error {
	dec := json.NewDecoder(http.MaxBytesReader(c.Writer, c.Request.Body, maxAnnotationBody))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	var mbe *http.MaxBytesError
	var te *json.UnmarshalTypeError
	switch {
	case err == nil:
		if dec.More() {
			return &httpError{status: http.StatusBadRequest, msg: "send one JSON object: " + example}
		}
		return nil
	case errors.As(err, &mbe):
		return &httpError{status: http.StatusRequestEntityTooLarge, msg: "the body is over 64 KiB"}
	case errors.As(err, &te) && te.Field != "":
		return &annotation.FieldError{Field: te.Field, Msg: "has the wrong type (" + te.Value + " given)"}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		f := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return &annotation.FieldError{Field: f, Msg: "unknown field (send " + example + ")"}
	}
	return &httpError{status: http.StatusBadRequest, msg: "send JSON: " + example}
}
