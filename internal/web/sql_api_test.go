package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"osservatorio/internal/web"
)

func postSQL(t *testing.T, url, token string, body map[string]any) (*http.Response, string) {
	t.Helper()
	b, _ := json.Marshal(body)
	return do(t, "POST", url+"/api/sql", token, bytes.NewReader(b), "application/json")
}

// Research SQL over HTTP: researchers only; the gate's refusals are 400
// with the reason; results stream with their provenance; data_version runs
// on the records as they were.
func TestSQLOverHTTP(t *testing.T) {
	srv, st, tok := authServer(t, false)
	q := map[string]any{"sql": "SELECT count(*) AS n FROM attendance", "format": "csv"}
	for who, want := range map[string]int{"": 401, "viewer": 403, "lab": 403, "researcher": 200, "admin": 200} {
		if resp, _ := postSQL(t, srv.URL, tok[who], q); resp.StatusCode != want {
			t.Errorf("%q: %d, want %d", who, resp.StatusCode, want)
		}
	}
	resp, out := postSQL(t, srv.URL, tok["researcher"], q)
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(rows) != 2 || rows[0][0] != "n" {
		t.Fatalf("csv: %v %q", err, out)
	}
	var n string
	st.DB().QueryRow("SELECT count(*)::VARCHAR FROM attendance").Scan(&n)
	if rows[1][0] != n {
		t.Errorf("count %s, want %s", rows[1][0], n)
	}
	v, _ := st.DataVersion(context.Background())
	if resp.Header.Get("X-Osservatorio-Data-Version") != fmtInt(v) || len(resp.Header.Get("X-Osservatorio-Sql-Sha256")) != 64 ||
		resp.Header.Get("X-Osservatorio-As-Of") != "2025-12-31" {
		t.Errorf("provenance headers: %v", resp.Header)
	}
	for _, hostile := range []string{"SELECT * FROM read_csv('/etc/passwd')", "SELECT * FROM tokens", "DELETE FROM loads",
		"SELECT current_setting('allowed_directories')", "SELECT 1; DROP TABLE loads", "SELECT * FROM query('SELECT 1')"} {
		resp, body := postSQL(t, srv.URL, tok["researcher"], map[string]any{"sql": hostile})
		if resp.StatusCode != 400 || !strings.Contains(body, `"error"`) {
			t.Errorf("%s: %d %s", hostile, resp.StatusCode, body)
		}
	}
	if resp, body := postSQL(t, srv.URL, tok["researcher"], map[string]any{"sql": "SELECT nope FROM loads"}); resp.StatusCode != 400 ||
		!strings.Contains(body, "nope") {
		t.Errorf("a bad column: %d %s", resp.StatusCode, body)
	}
	// Admins read the rejects; researchers do not.
	if resp, _ := postSQL(t, srv.URL, tok["researcher"], map[string]any{"sql": "SELECT count(*) FROM rejects"}); resp.StatusCode != 400 {
		t.Errorf("researcher reads rejects: %d", resp.StatusCode)
	}
	if resp, _ := postSQL(t, srv.URL, tok["admin"], map[string]any{"sql": "SELECT count(*) FROM rejects"}); resp.StatusCode != 200 {
		t.Errorf("admin reads rejects: %d", resp.StatusCode)
	}
	// Time travel: version 1 held only the organisations file of the sample.
	_, out = postSQL(t, srv.URL, tok["researcher"], map[string]any{"sql": "SELECT count(*) AS n FROM attendance a JOIN organisations o USING (org_id)", "format": "jsonl", "data_version": 1})
	if strings.TrimSpace(out) != `{"n":0}` {
		t.Errorf("attendance at version 1: %s", out)
	}
	// Named parameters are bound, never interpolated.
	_, out = postSQL(t, srv.URL, tok["researcher"], map[string]any{"sql": "SELECT count(*) AS n FROM bodies WHERE body_id = $b", "params": map[string]any{"b": "LPP' OR 1=1 --"}, "format": "jsonl"})
	if strings.TrimSpace(out) != `{"n":0}` {
		t.Errorf("a parameter was interpolated: %s", out)
	}
	var audit string
	st.DB().QueryRow("SELECT string_agg(action, ',') FROM audit WHERE action = 'sql.query'").Scan(&audit)
	if !strings.Contains(audit, "sql.query") {
		t.Error("research queries are not audited")
	}
}

// A query past its deadline is stopped with 504, and the dashboards keep
// answering meanwhile.
func TestSQLDeadline(t *testing.T) {
	_, st, tok := authServer(t, false)
	o := web.IndicatorOptions()
	o.RatePerSecond, o.SQLTimeout = -1, 500*time.Millisecond
	h, _ := web.New(st, testLog(), o)
	srv := httptest.NewServer(h)
	defer srv.Close()
	done := make(chan int)
	go func() {
		resp, _ := postSQL(t, srv.URL, tok["researcher"], map[string]any{"sql": "SELECT count(*) FROM range(100000000) a, range(100000000) b"})
		done <- resp.StatusCode
	}()
	if code, _ := get(t, srv.URL+"/cruscotti/panoramica"); code != 200 {
		t.Errorf("dashboard during a research query: %d", code)
	}
	if code := <-done; code != http.StatusGatewayTimeout {
		t.Errorf("runaway query: %d, want 504", code)
	}
}

func fmtInt(v int64) string {
	b, _ := json.Marshal(v)
	return string(b)
}
