package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/ipc"
)

// getExport fetches a named export as CSV (or the format given in q) and
// parses it; rows are keyed by the header.
func getExport(t *testing.T, base, token, name string, q url.Values) (int, []map[string]string, string) {
	t.Helper()
	if q.Get("format") == "" {
		q.Set("format", "csv")
	}
	resp, body := do(t, "GET", base+"/api/exports/"+name+"?"+q.Encode(), token, nil, "")
	if resp.StatusCode != 200 {
		return resp.StatusCode, nil, body
	}
	recs, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil || len(recs) == 0 {
		t.Fatalf("%s: %v %q", name, err, body)
	}
	var rows []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = r[i]
		}
		rows = append(rows, m)
	}
	return resp.StatusCode, rows, body
}

// The list: researchers and admins only, every export with its titles,
// descriptions, typed parameters and role.
func TestExportsList(t *testing.T) {
	srv, _, tok := authServer(t, false)
	for who, want := range map[string]int{"": 401, "viewer": 403, "lab": 403, "researcher": 200, "admin": 200} {
		if resp, _ := do(t, "GET", srv.URL+"/api/exports", tok[who], nil, ""); resp.StatusCode != want {
			t.Errorf("%q: %d, want %d", who, resp.StatusCode, want)
		}
	}
	_, body := do(t, "GET", srv.URL+"/api/exports", tok["researcher"], nil, "")
	var list struct {
		Exports []struct {
			ID            string `json:"id"`
			TitleIT       string `json:"title_it"`
			TitleEN       string `json:"title_en"`
			DescriptionEN string `json:"description_en"`
			Role          string `json:"role"`
			SQL           string `json:"sql"`
			URL           string `json:"url"`
			Params        []struct {
				Name     string `json:"name"`
				Type     string `json:"type"`
				Optional bool   `json:"optional"`
			} `json:"params"`
		} `json:"exports"`
		Formats []string `json:"formats"`
	}
	if err := json.Unmarshal([]byte(body), &list); err != nil {
		t.Fatal(err)
	}
	byID := map[string]int{}
	for i, e := range list.Exports {
		byID[e.ID] = i
		if e.TitleIT == "" || e.TitleEN == "" || e.DescriptionEN == "" || e.SQL == "" || e.URL != "/api/exports/"+e.ID {
			t.Errorf("%s: %+v", e.ID, e)
		}
	}
	if len(list.Exports) != 6 || len(list.Formats) != 7 {
		t.Fatalf("%d exports, formats %v", len(list.Exports), list.Formats)
	}
	c := list.Exports[byID["composition_at_date"]]
	if c.Role != "researcher" || len(c.Params) != 2 || c.Params[0].Name != "at" || c.Params[0].Type != "date" || c.Params[0].Optional {
		t.Errorf("composition_at_date: %+v", c)
	}
	if r := list.Exports[byID["load_rejects"]]; r.Role != "admin" {
		t.Errorf("load_rejects is for %q", r.Role)
	}
}

// Each export returns what a plain query on the sample says it should.
func TestExportsAgainstHandCounts(t *testing.T) {
	srv, st, tok := authServer(t, false)
	db := st.DB()
	res := tok["researcher"]
	one := func(q string, args ...any) string {
		t.Helper()
		var s string
		if err := db.QueryRow(q, args...).Scan(&s); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return s
	}

	// Attendance of one organisation in one year.
	code, rows, body := getExport(t, srv.URL, res, "attendance_by_org_year", url.Values{"org_id": {"ACT"}, "year": {"2021"}})
	if code != 200 || len(rows) != 1 {
		t.Fatalf("attendance: %d %s", code, body)
	}
	const act = `FROM attendance a, meetings m WHERE a.meeting_id = m.meeting_id AND a.org_id = 'ACT'
		AND m.date >= DATE '2021-01-01' AND m.date < DATE '2022-01-01'`
	inv := one("SELECT count(*)::VARCHAR " + act + " AND a.invited")
	att := one("SELECT count(*)::VARCHAR " + act + " AND a.invited AND (a.present OR a.delegated)")
	met := one("SELECT count(*)::VARCHAR FROM (SELECT DISTINCT a.meeting_id " + act + ")")
	r := rows[0]
	if inv == "0" || r["org_id"] != "ACT" || r["year"] != "2021" || r["invitations"] != inv || r["attendances"] != att || r["meetings"] != met ||
		r["name"] != "Agenzia per la Coesione Territoriale" {
		t.Errorf("ACT 2021: %v; by hand invitations %s attendances %s meetings %s", r, inv, att, met)
	}
	ni, _ := strconv.ParseFloat(inv, 64)
	na, _ := strconv.ParseFloat(att, 64)
	if rate, _ := strconv.ParseFloat(r["attendance_rate"], 64); rate != na/ni {
		t.Errorf("rate %s, want %v", r["attendance_rate"], na/ni)
	}
	// Without filters: one row per organisation and year with attendance.
	_, rows, _ = getExport(t, srv.URL, res, "attendance_by_org_year", url.Values{})
	if want := one("SELECT count(DISTINCT (a.org_id, year(m.date)))::VARCHAR FROM attendance a JOIN meetings m USING (meeting_id)"); strconv.Itoa(len(rows)) != want {
		t.Errorf("%d organisation-years, want %s", len(rows), want)
	}

	// The edge list: every pair once, weights as counted by hand.
	_, rows, _ = getExport(t, srv.URL, res, "co_participation_edges", url.Values{"year": {"2022"}})
	edges := map[[2]string]string{}
	for _, r := range rows {
		if r["org_a"] >= r["org_b"] {
			t.Fatalf("edge not ordered: %v", r)
		}
		edges[[2]string{r["org_a"], r["org_b"]}] = r["meetings"]
	}
	const pres = `(SELECT DISTINCT a.meeting_id, a.org_id FROM attendance a JOIN meetings m USING (meeting_id)
		WHERE (a.present OR a.delegated) AND year(m.date) = 2022)`
	if want := one("SELECT count(*)::VARCHAR FROM (SELECT DISTINCT x.org_id, y.org_id FROM " + pres + " x JOIN " + pres +
		" y ON x.meeting_id = y.meeting_id AND x.org_id < y.org_id)"); strconv.Itoa(len(edges)) != want || len(edges) == 0 {
		t.Errorf("%d edges in 2022, want %s", len(edges), want)
	}
	shared := one("SELECT count(*)::VARCHAR FROM " + pres + " x JOIN " + pres + " y USING (meeting_id) WHERE x.org_id = 'ACT' AND y.org_id = 'DPCOE'")
	if edges[[2]string{"ACT", "DPCOE"}] != shared {
		t.Errorf("ACT–DPCOE: %q meetings, by hand %s", edges[[2]string{"ACT", "DPCOE"}], shared)
	}

	// The indicator history, with the catalogue's names.
	_, rows, _ = getExport(t, srv.URL, res, "indicator_history", url.Values{"indicator": {"P01"}, "scope": {"all"}})
	if want := one("SELECT count(*)::VARCHAR FROM indicator_values WHERE indicator = 'P01' AND scope = 'all'"); strconv.Itoa(len(rows)) != want || len(rows) == 0 {
		t.Errorf("%d P01 values, want %s", len(rows), want)
	}
	for _, r := range rows {
		if r["name_it"] != "Tasso di presenza" || r["name_en"] != "Attendance rate" || r["as_of"] != "2025-12-31" {
			t.Fatalf("P01 row: %v", r)
		}
	}
	want := one("SELECT value::VARCHAR FROM indicator_values WHERE indicator = 'P01' AND scope = 'all' AND period = '2021'")
	for _, r := range rows {
		if r["period"] == "2021" && r["value"] != want {
			t.Errorf("P01 2021: %s, want %s", r["value"], want)
		}
	}

	// Contributions with their outcomes, of one body.
	_, rows, _ = getExport(t, srv.URL, res, "contributions_outcomes", url.Values{"body_id": {"CDS-PONGOV"}})
	byOutcome := map[string]int{}
	for _, r := range rows {
		byOutcome[r["outcome"]]++
		if r["body_id"] != "CDS-PONGOV" || r["org_name"] == "" {
			t.Fatalf("row: %v", r)
		}
		if r["contribution_id"] == "C00002" && (r["outcome"] != "accepted" || r["response_days"] != "35" || r["meeting_date"] != "2020-02-03") {
			t.Errorf("C00002: %v", r)
		}
	}
	if want := one(`SELECT count(*)::VARCHAR FROM contributions c LEFT JOIN meetings m ON m.meeting_id = c.meeting_id
		WHERE c.body_id = 'CDS-PONGOV' OR (c.body_id IS NULL AND m.body_id = 'CDS-PONGOV')`); strconv.Itoa(len(rows)) != want {
		t.Errorf("%d contributions, want %s", len(rows), want)
	}
	if want := one(`SELECT count(*)::VARCHAR FROM contributions WHERE body_id = 'CDS-PONGOV' AND outcome = 'accepted'`); strconv.Itoa(byOutcome["accepted"]) != want {
		t.Errorf("%d accepted, want %s", byOutcome["accepted"], want)
	}

	// The composition at a date.
	_, rows, _ = getExport(t, srv.URL, res, "composition_at_date", url.Values{"at": {"2021-06-30"}})
	if want := one(`SELECT count(*)::VARCHAR FROM memberships WHERE start <= DATE '2021-06-30' AND ("end" IS NULL OR "end" >= DATE '2021-06-30')`); strconv.Itoa(len(rows)) != want || len(rows) == 0 {
		t.Errorf("%d members on 2021-06-30, want %s", len(rows), want)
	}
	for _, r := range rows {
		if r["start"] > "2021-06-30" || (r["end"] != "" && r["end"] < "2021-06-30") {
			t.Fatalf("not in office on 2021-06-30: %v", r)
		}
	}

	// Values are bound, never interpolated.
	_, rows, _ = getExport(t, srv.URL, res, "attendance_by_org_year", url.Values{"org_id": {"ACT' OR 1=1 --"}})
	if len(rows) != 0 {
		t.Errorf("an org_id with a quote matched %d rows", len(rows))
	}
}

// Parameters of the wrong type, unknown or missing are 400 naming the
// parameter and what it takes; an unknown export is 404.
func TestExportParameterErrors(t *testing.T) {
	srv, _, tok := authServer(t, false)
	for _, c := range []struct {
		name, query string
		code        int
		want        []string
	}{
		{"attendance_by_org_year", "year=duemila", 400, []string{`"year"`, "an int"}},
		{"attendance_by_org_year", "year=2021&year=2022", 400, []string{`"year"`, "one value"}},
		{"composition_at_date", "at=31/12/2021", 400, []string{`"at"`, "a date: YYYY-MM-DD"}},
		{"composition_at_date", "", 400, []string{`"at"`, "required"}},
		{"composition_at_date", "at=2021-01-01&cycle=2014-2020", 400, []string{`"cycle"`, "takes at, body_id"}},
		{"composition_at_date", "at=2021-01-01&format=docx", 400, []string{"unknown format"}},
		{"composition_at_date", "at=2021-01-01&data_version=due", 400, []string{`"data_version"`}},
		{"composition_at_date", "at=2021-01-01&data_version=999", 404, []string{"no data version 999"}},
		{"nope", "", 404, []string{"no export", "attendance_by_org_year"}},
	} {
		resp, body := do(t, "GET", srv.URL+"/api/exports/"+c.name+"?"+c.query, tok["researcher"], nil, "")
		if resp.StatusCode != c.code {
			t.Errorf("%s?%s: %d, want %d: %s", c.name, c.query, resp.StatusCode, c.code, body)
		}
		var e struct{ Error string }
		json.Unmarshal([]byte(body), &e)
		for _, w := range c.want {
			if !strings.Contains(e.Error, w) {
				t.Errorf("%s?%s: %s does not say %s", c.name, c.query, body, w)
			}
		}
	}
}

// Roles: 401 without a token, 403 for viewers and labs; the rejects are
// the administrators' (researchers get 403); provenance names the export
// and its parameters; every export is audited; HEAD runs nothing.
func TestExportRolesProvenanceAudit(t *testing.T) {
	srv, st, tok := authServer(t, false)
	path := "/api/exports/attendance_by_org_year?org_id=ACT&year=2021"
	for who, want := range map[string]int{"": 401, "viewer": 403, "lab": 403, "revoked": 401, "researcher": 200, "admin": 200} {
		if resp, _ := do(t, "GET", srv.URL+path, tok[who], nil, ""); resp.StatusCode != want {
			t.Errorf("%q: %d, want %d", who, resp.StatusCode, want)
		}
	}
	resp, body := do(t, "GET", srv.URL+path+"&format=arrow", tok["researcher"], nil, "")
	v, _ := st.DataVersion(context.Background())
	if resp.Header.Get("X-Osservatorio-Query") != "attendance_by_org_year" || resp.Header.Get("X-Osservatorio-Data-Version") != fmtInt(v) ||
		!strings.Contains(resp.Header.Get("Content-Disposition"), "attendance_by_org_year-v") {
		t.Errorf("headers: %v", resp.Header)
	}
	rdr, err := ipc.NewReader(bytes.NewReader([]byte(body)))
	if err != nil {
		t.Fatal(err)
	}
	md := rdr.Schema().Metadata()
	if p, _ := md.GetValue("osservatorio.params"); p != `{"org_id":"ACT","year":"2021"}` {
		t.Errorf("params in the Arrow metadata: %q", p)
	}
	if q, _ := md.GetValue("osservatorio.query"); q != "attendance_by_org_year" {
		t.Errorf("query in the Arrow metadata: %q", q)
	}
	rdr.Release()

	// Rejects: an admin upload with a bad category leaves one.
	files, ct := multipartFiles(t, map[string]string{"organizzazioni_nuove.csv": "id_organizzazione,denominazione,categoria\nNUOVA-1,Ente nuovo,ricerca\nNUOVA-2,Ente strano,categoria_segreta\n"})
	if resp, out := do(t, "POST", srv.URL+"/api/loads", tok["admin"], files, ct); resp.StatusCode != 200 {
		t.Fatalf("upload: %s", out)
	}
	var loadID string
	st.DB().QueryRow("SELECT max(load_id)::VARCHAR FROM rejects").Scan(&loadID)
	rq := url.Values{"load_id": {loadID}}
	if code, _, body := getExport(t, srv.URL, tok["researcher"], "load_rejects", rq); code != 403 || !strings.Contains(body, "administrators") {
		t.Errorf("a researcher reads the rejects: %d %s", code, body)
	}
	code, rows, body := getExport(t, srv.URL, tok["admin"], "load_rejects", rq)
	if code != 200 || len(rows) != 1 || rows[0]["value"] != "categoria_segreta" || rows[0]["column"] != "category" || rows[0]["line"] != "3" {
		t.Errorf("rejects of load %s: %d %v %s", loadID, code, rows, body)
	}

	// HEAD (DuckDB's httpfs asks it first) checks the request and answers
	// the headers without a length, so that the reader downloads the file
	// whole with one GET; it runs nothing (and audits nothing).
	resp, body = do(t, "HEAD", srv.URL+path+"&format=parquet", tok["researcher"], nil, "")
	if resp.StatusCode != 200 || resp.ContentLength != -1 || body != "" || resp.Header.Get("Content-Type") != "application/vnd.apache.parquet" ||
		resp.Header.Get("X-Osservatorio-Query") != "attendance_by_org_year" {
		t.Errorf("HEAD: %d length %d %v", resp.StatusCode, resp.ContentLength, resp.Header)
	}
	for who, want := range map[string]int{"": 401, "viewer": 403} {
		if resp, _ := do(t, "HEAD", srv.URL+path, tok[who], nil, ""); resp.StatusCode != want {
			t.Errorf("HEAD by %q: %d", who, resp.StatusCode)
		}
	}
	if resp, _ := do(t, "HEAD", srv.URL+"/api/exports/attendance_by_org_year?year=x", tok["researcher"], nil, ""); resp.StatusCode != 400 {
		t.Errorf("HEAD with a bad year: %d", resp.StatusCode)
	}

	var n int
	var detail string
	st.DB().QueryRow("SELECT count(*), max(detail) FROM audit WHERE action = 'export.query'").Scan(&n, &detail)
	if n != 4 || !strings.Contains(detail, "rows") {
		t.Errorf("%d exports audited (%q), want 4", n, detail)
	}
	st.DB().QueryRow(`SELECT count(*) FROM audit WHERE action = 'export.query' AND detail LIKE '%{"load_id":"` + loadID + `"}'`).Scan(&n)
	if n != 1 {
		t.Errorf("the rejects export's audit does not name the load: %d", n)
	}
}

// data_version runs an export on the records as they were: after a load
// that changes a contribution's outcome, the older version still shows
// the old one.
func TestExportTimeTravel(t *testing.T) {
	srv, st, tok := authServer(t, false)
	before, _ := st.DataVersion(context.Background())
	files, ct := multipartFiles(t, map[string]string{"contributions_fix.csv": "contribution_id,org_id,meeting_id,body_id,submitted,kind,response_date,outcome\n" +
		"C00001,CONFARTIGIANATO,CDS-PONGOV-20200203,CDS-PONGOV,2020-01-30,written,2020-03-01,accepted\n"})
	if resp, out := do(t, "POST", srv.URL+"/api/loads", tok["admin"], files, ct); resp.StatusCode != 200 || !strings.Contains(out, `"rows_loaded":1`) {
		t.Fatalf("upload: %s", out)
	}
	outcome := func(dv string) (string, string) {
		q := url.Values{"org_id": {"CONFARTIGIANATO"}, "year": {"2020"}}
		if dv != "" {
			q.Set("data_version", dv)
		}
		resp, body := do(t, "GET", srv.URL+"/api/exports/contributions_outcomes?"+q.Encode()+"&format=jsonl", tok["researcher"], nil, "")
		for _, line := range strings.Split(strings.TrimSpace(body), "\n") {
			var r map[string]any
			json.Unmarshal([]byte(line), &r)
			if r["contribution_id"] == "C00001" {
				return r["outcome"].(string), resp.Header.Get("X-Osservatorio-Data-Version")
			}
		}
		t.Fatalf("no C00001 at %q: %s", dv, body)
		return "", ""
	}
	if o, v := outcome(""); o != "accepted" || v != fmtInt(before+1) {
		t.Errorf("now: %s at version %s", o, v)
	}
	if o, v := outcome(fmtInt(before)); o != "not_assessed" || v != fmtInt(before) {
		t.Errorf("at version %d: %s (version %s)", before, o, v)
	}
	// Before the attendance was loaded there was none to count.
	var attV string
	st.DB().QueryRow("SELECT min(data_version)::VARCHAR FROM attendance").Scan(&attV)
	av, _ := strconv.Atoi(attV)
	_, rows, body := getExport(t, srv.URL, tok["researcher"], "attendance_by_org_year", url.Values{"data_version": {strconv.Itoa(av - 1)}})
	if len(rows) != 0 {
		t.Errorf("attendance before it was loaded: %s", body)
	}
}
