package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"osservatorio/internal/auth"
	"osservatorio/internal/dashboard"
	"osservatorio/internal/guideline"
	"osservatorio/internal/indicator"
	"osservatorio/internal/ingest"
)

// apiGuidelineEffects: GET /api/guidelines/effects?guideline=&window=&as_of=&data_version=
// — the before/after comparison of guideline adoptions (docs/GUIDELINES.md),
// the same rows as `osservatorio guidelines effects`: one per guideline, body
// (or "all", the mean across adopters), indicator and window; an adoption not
// compared is a row with its reason and no values. The records are those of
// the published snapshot's data version and the reference date its as_of,
// unless the request names others. It reads, never writes.
//
// Small cells: researchers get every E01 value with its counts; anyone else
// gets them withheld (guideline.Withhold: the window values under 3 people,
// the difference built from them, the mean holding that difference), as the
// public guideline pages do.
func (s *Server) apiGuidelineEffects(c *gin.Context) {
	ctx := c.Request.Context()
	snap, err := s.published(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	asOf := snap.AsOf
	v, err := s.recordsVersion(c, snap)
	if err != nil {
		s.fail(c, err)
		return
	}
	if q := c.Query("as_of"); q != "" {
		if _, err := time.Parse(time.DateOnly, q); err != nil {
			s.fail(c, &dashboard.ParamError{Param: "as_of", Value: q, Accepted: "a date YYYY-MM-DD"})
			return
		}
		asOf = q
	}
	if asOf == "" {
		s.fail(c, &dashboard.ParamError{Param: "as_of", Value: "",
			Accepted: "a date YYYY-MM-DD (no snapshot is published to take it from)"})
		return
	}
	windows, err := guideline.ParseWindows(c.DefaultQuery("window", strconv.Itoa(guideline.DefaultWindow)))
	if err != nil {
		s.fail(c, &dashboard.ParamError{Param: "window", Value: c.Query("window"), Accepted: err.Error()})
		return
	}
	rows, err := guideline.Effects(ctx, s.st.DB(), guideline.Params{DataVersion: v, AsOf: asOf, Windows: windows,
		Guideline: c.Query("guideline")})
	if err != nil {
		s.fail(c, err)
		return
	}
	if !can(c, auth.Researcher) {
		guideline.Withhold(rows)
	}
	if rows == nil {
		rows = []guideline.Effect{}
	}
	c.Header("X-Osservatorio-Data-Version", strconv.FormatInt(v, 10))
	c.Header("X-Osservatorio-As-Of", asOf)
	c.JSON(http.StatusOK, rows)
}

// recordsVersion is the data version an API answer reads the records at:
// the request's data_version (any version up to the current one), else the
// published snapshot's, else, before anything is published, the current one.
func (s *Server) recordsVersion(c *gin.Context, snap indicator.Snapshot) (int64, error) {
	ctx := c.Request.Context()
	if q := c.Query("data_version"); q != "" {
		cur, err := s.st.DataVersion(ctx)
		if err != nil {
			return 0, err
		}
		n, err := strconv.ParseInt(q, 10, 64)
		if err != nil || n < 1 || n > cur {
			return 0, &dashboard.ParamError{Param: "data_version", Value: q,
				Accepted: "a data version from 1 to " + strconv.FormatInt(cur, 10) + " (see /versioni)"}
		}
		return n, nil
	}
	if snap.Zero() {
		return s.st.DataVersion(ctx)
	}
	return snap.DataVersion, nil
}

// apiGuidelineAdoptions: GET /api/guidelines/adoptions?guideline=&data_version=
// — the adoptions as recorded (those of the published snapshot's data
// version unless the request names another), by guideline and date: the
// rows of `osservatorio guidelines list`. Adoptions name bodies, never people.
func (s *Server) apiGuidelineAdoptions(c *gin.Context) {
	ctx := c.Request.Context()
	snap, err := s.published(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	v, err := s.recordsVersion(c, snap)
	if err != nil {
		s.fail(c, err)
		return
	}
	list, err := guideline.Adoptions(ctx, s.st.DB(), v, c.Query("guideline"))
	if err != nil {
		s.fail(c, err)
		return
	}
	if list == nil {
		list = []guideline.Adoption{}
	}
	c.Header("X-Osservatorio-Data-Version", strconv.FormatInt(v, 10))
	c.JSON(http.StatusOK, list)
}

// MaxAdoptionRows bounds one POST of adoptions (a correction is a row or a
// few); the body is bounded by MaxBodyBytes like every request's.
const MaxAdoptionRows = 5000

// adoptionsOutcome is the answer to POST /api/guidelines/adoptions.
type adoptionsOutcome struct {
	Status       int              `json:"status,omitempty"` // on a refusal, with Error and RequestID
	Error        string           `json:"error,omitempty"`
	RequestID    string           `json:"request_id,omitempty"`
	DataVersion  int64            `json:"data_version"`
	Outcome      string           `json:"outcome"` // loaded, unchanged (the same rows again) or refused
	LoadID       int64            `json:"load_id,omitempty"`
	RowsRead     int64            `json:"rows_read"`
	RowsLoaded   int64            `json:"rows_loaded"`
	RowsRejected int64            `json:"rows_rejected"`
	Message      string           `json:"message,omitempty"`
	Rejects      []adoptionReject `json:"rejects"`
}

// adoptionReject is one rejected value: row n is the n-th element of the
// array sent (from 1), field the contract's column.
type adoptionReject struct {
	Row    int    `json:"row"`
	Field  string `json:"field"`
	Value  string `json:"value"`
	Reason string `json:"reason"`
	Detail string `json:"detail"`
}

// postGuidelineAdoptions: POST /api/guidelines/adoptions (lab or admin) with
// a JSON array of adoptions (the contract's fields: body_id, guideline_id,
// guideline_version, title, adopted, act, source). The rows become a
// guideline adoptions file that goes through the loader like any upload —
// a new data version, a corrected row kept in guideline_adoptions_history,
// the refresh and publication — but all or nothing: if any row is rejected
// nothing is applied and the answer (422) names each row, field and reason.
func (s *Server) postGuidelineAdoptions(c *gin.Context) {
	ctx := c.Request.Context()
	if s.loader == nil {
		s.fail(c, &httpError{status: http.StatusServiceUnavailable, msg: "loads are not enabled on this server"})
		return
	}
	rows, err := decodeAdoptions(c.Request.Body)
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := os.MkdirAll(s.uploadDir, 0o700); err != nil {
		s.fail(c, err)
		return
	}
	dir, err := os.MkdirTemp(s.uploadDir, "adoptions-")
	if err != nil {
		s.fail(c, err)
		return
	}
	defer os.RemoveAll(dir)
	// The name gives the kind; the time tells the loads apart in the log.
	path := filepath.Join(dir, "guideline_adoptions_api_"+time.Now().UTC().Format("20060102T150405Z")+".csv")
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		s.fail(c, err)
		return
	}
	starts, err := guideline.WriteCSV(f, rows)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	ctx, stop := s.loadContext(ctx)
	defer stop()
	results, err := s.loader(ctx, []string{path}, ingest.Options{Source: "api", AllOrNothing: true})
	s.snap.forget()
	if err != nil {
		s.fail(c, err)
		return
	}
	if len(results) != 1 {
		s.fail(c, fmt.Errorf("adoptions: the loader gave %d results for one file", len(results)))
		return
	}
	r := results[0]
	v, err := s.st.DataVersion(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := adoptionsOutcome{DataVersion: v, Outcome: r.Outcome, LoadID: r.LoadID, RowsRead: r.RowsRead,
		RowsLoaded: r.RowsLoaded, RowsRejected: r.RowsRejected, Message: r.Message, Rejects: []adoptionReject{}}
	var why []string
	for _, rj := range r.Rejects {
		row := guideline.RowOfLine(starts, rj.Line)
		out.Rejects = append(out.Rejects, adoptionReject{Row: row, Field: rj.Column, Value: rj.Value, Reason: rj.Reason, Detail: rj.Detail})
		if len(why) < 10 {
			why = append(why, fmt.Sprintf("row %d, %s: %s (%s)", row, rj.Column, rj.Reason, rj.Detail))
		}
	}
	if r.Outcome == ingest.Refused {
		out.Status, out.RequestID = http.StatusUnprocessableEntity, c.GetString(requestIDKey)
		out.Error = "nothing applied: " + r.Message
		if len(why) > 0 {
			out.Error = fmt.Sprintf("nothing applied: %d row(s) rejected: %s", r.RowsRejected, strings.Join(why, "; "))
		}
		c.Header("Cache-Control", "no-store")
		c.JSON(http.StatusUnprocessableEntity, out)
		return
	}
	if r.Outcome == ingest.Loaded {
		t, _ := token(c)
		ids := map[string]bool{}
		var names []string
		for _, a := range rows {
			if !ids[a.GuidelineID] {
				ids[a.GuidelineID] = true
				names = append(names, a.GuidelineID)
			}
		}
		if err := auth.Record(ctx, s.st.DB(), auth.Entry{TokenID: t.ID, Role: t.Role, Action: "guideline.adoptions",
			Target: strings.Join(names, ", "), DataVersion: r.DataVersion, Detail: fmt.Sprintf("%d row(s)", r.RowsLoaded)}); err != nil {
			s.log.Error("audit", "err", err)
		}
	}
	c.JSON(http.StatusOK, out)
}

// decodeAdoptions reads a JSON array of adoptions; a row with a field the
// contract does not have (a person's name, say) refuses the request, naming
// the row: nothing outside the contract is ever written.
func decodeAdoptions(body io.Reader) ([]guideline.NewAdoption, error) {
	var raw []json.RawMessage
	if err := json.NewDecoder(body).Decode(&raw); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, &httpError{status: http.StatusRequestEntityTooLarge, msg: fmt.Sprintf("at most %d MiB of adoptions per request", MaxBodyBytes>>20)}
		}
		return nil, &httpError{status: http.StatusBadRequest, msg: "send a JSON array of adoptions " +
			`([{"body_id": "…", "guideline_id": "…", "adopted": "YYYY-MM-DD", …}]): ` + err.Error()}
	}
	if len(raw) == 0 {
		return nil, &httpError{status: http.StatusBadRequest, msg: "the array holds no adoption"}
	}
	if len(raw) > MaxAdoptionRows {
		return nil, &httpError{status: http.StatusRequestEntityTooLarge, msg: fmt.Sprintf("at most %d adoptions per request", MaxAdoptionRows)}
	}
	rows := make([]guideline.NewAdoption, len(raw))
	for i, m := range raw {
		d := json.NewDecoder(bytes.NewReader(m))
		d.DisallowUnknownFields()
		if err := d.Decode(&rows[i]); err != nil {
			return nil, &httpError{status: http.StatusBadRequest, msg: fmt.Sprintf("row %d: %v (the fields are body_id, guideline_id, "+
				"guideline_version, title, adopted, act and source, each a string)", i+1, err)}
		}
	}
	return rows, nil
}
