package web_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"osservatorio/internal/auth"
	"osservatorio/internal/indicator"
	"osservatorio/internal/ingest"
	"osservatorio/internal/store"
	"osservatorio/internal/web"
)

// guidelineServer serves the hand-worked fixture of
// internal/guideline/testdata (its README has the working), loaded as two
// data versions — 6: the files, 7: the correction of T1's date — each
// computed and published at as_of 2024-12-31, with a token per role and the
// loader wired as serve wires it (load, refresh, publish at that as_of).
func guidelineServer(t *testing.T) (*httptest.Server, *store.Store, map[string]string) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, store.Options{Path: filepath.Join(t.TempDir(), "g.duckdb"), Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	asOf := time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)
	refresh := func() error {
		sum, err := indicator.Refresh(ctx, st, asOf, indicator.Options{})
		if err != nil {
			return err
		}
		return indicator.Publish(ctx, st, sum.DataVersion, sum.AsOf)
	}
	fx := "../guideline/testdata/"
	for _, batch := range [][]string{{"organisations.csv", "bodies.csv", "meetings.csv", "attendance.csv", "contributions.csv",
		"guideline_adoptions.csv"}, {"adozioni_correzione.csv"}} {
		var files []string
		for _, f := range batch {
			files = append(files, fx+f)
		}
		if _, err := ingest.Load(ctx, st, files, ingest.Options{Source: "test"}); err != nil {
			t.Fatal(err)
		}
		if err := refresh(); err != nil {
			t.Fatal(err)
		}
	}
	tokens := map[string]string{}
	for _, r := range auth.Roles {
		plain, _, err := auth.Create(ctx, st, "test "+string(r), r, nil)
		if err != nil {
			t.Fatal(err)
		}
		tokens[string(r)] = plain
	}
	o := web.IndicatorOptions()
	o.RatePerSecond, o.UploadDir = -1, t.TempDir()
	o.Load = func(ctx context.Context, files []string, opt ingest.Options) ([]ingest.Result, error) {
		res, err := ingest.Load(ctx, st, files, opt)
		if err != nil {
			return res, err
		}
		return res, refresh()
	}
	h, err := web.New(st, testLog(), o)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv, st, tokens
}

// GET /api/guidelines/effects over the hand-worked fixture of
// internal/guideline/testdata: the published snapshot's version and as_of by
// default, the CLI's rows, small E01 cells withheld but for researchers.
func TestGuidelineEffectsAPI(t *testing.T) {
	srv, _, tok := guidelineServer(t)
	researcher := tok["researcher"]

	get := func(q, token string) (int, []map[string]any, string) {
		resp, body := do(t, "GET", srv.URL+"/api/guidelines/effects"+q, token, nil, "")
		var rows []map[string]any
		json.Unmarshal([]byte(body), &rows)
		return resp.StatusCode, rows, resp.Header.Get("X-Osservatorio-Data-Version") + " " + resp.Header.Get("X-Osservatorio-As-Of")
	}
	row := func(rows []map[string]any, body, ind string) map[string]any {
		for _, r := range rows {
			if r["body_id"] == body && r["indicator"] == ind {
				return r
			}
		}
		t.Fatalf("no row %s %s", body, ind)
		return nil
	}

	code, rows, prov := get("?guideline=LG-COPROG", researcher)
	if code != 200 || len(rows) != 42 || prov != "7 2024-12-31" {
		t.Fatalf("researcher: %d, %d rows, provenance %q", code, len(rows), prov)
	}
	if r := row(rows, "T1", "P04"); r["did"] != -1.0 || r["L"] != 365.0 || r["comp_n_bodies"] != 2.0 || r["open"] != false {
		t.Errorf("T1 P04: %v", r)
	}
	if r := row(rows, "T3", "E01"); r["before_den"] != 1.0 || r["suppressed"] != nil {
		t.Errorf("researcher T3 E01: %v, want every value with its counts", r)
	}

	_, rows, _ = get("?guideline=LG-COPROG", "")
	if r := row(rows, "T3", "E01"); r["before"] != nil || r["before_den"] != nil || r["did"] != nil || r["suppressed"] != true {
		t.Errorf("public T3 E01: %v, want withheld", r)
	}
	if r := row(rows, "all", "E01"); r["did"] != nil || r["suppressed"] != true || r["n"] != 2.0 {
		t.Errorf("public mean E01: %v, want withheld", r)
	}
	if r := row(rows, "T1", "E01"); r["suppressed"] != nil || r["before_den"] != 3.0 {
		t.Errorf("public T1 E01 (3 people and more): %v", r)
	}

	// Another version and reference date; bad parameters are 400s.
	if code, rows, prov := get("?guideline=LG-COPROG&data_version=6&as_of=2024-12-31&window=365", researcher); code != 200 ||
		len(rows) != 33 || prov != "6 2024-12-31" || row(rows, "T1", "")["reason"] != "window_under_30_days" {
		t.Errorf("data_version 6: %d, %d rows, %q", code, len(rows), prov)
	}
	for _, q := range []string{"?window=0", "?window=1,2,3,4,5", "?as_of=31/12/2024", "?data_version=99", "?bodies=x"} {
		resp, body := do(t, "GET", srv.URL+"/api/guidelines/effects"+q, "", nil, "")
		if resp.StatusCode != 400 || !strings.Contains(body, "not accepted") {
			t.Errorf("%s: %d %s", q, resp.StatusCode, body)
		}
	}
}
