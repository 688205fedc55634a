package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"osservatorio/internal/indicator"
	"osservatorio/internal/sandbox"
	"osservatorio/internal/store"
)

// download GETs a URL and fails the test on anything but 200.
func download(t *testing.T, url string) ([]byte, http.Header) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("%s: %d %v %.300s", url, resp.StatusCode, err, b)
	}
	return b, resp.Header
}

func sha(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// rowsText is every row of a query, each as its Go values printed.
func rowsText(t *testing.T, db *sql.DB, query string, args ...any) []string {
	t.Helper()
	rows, err := db.Query(query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprint(vals...))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// odManifest is the part of a table's manifest the tests read.
type odManifest struct {
	Table       string `json:"table"`
	DataVersion int64  `json:"data_version"`
	SQL         string `json:"sql"`
	Rows        int64  `json:"rows"`
	Licence     string `json:"licence"`
	Files       []struct {
		Name     string `json:"name"`
		Rows     int64  `json:"rows"`
		Bytes    int64  `json:"bytes"`
		SHA256   string `json:"sha256"`
		Contains []struct {
			Name   string `json:"name"`
			Rows   int64  `json:"rows"`
			SHA256 string `json:"sha256"`
		} `json:"contains"`
	} `json:"files"`
}

// The page, in both languages, links the three files of every research
// table of the published version (never rejects, tokens or the audit log),
// gives snippets that read an absolute URL, the licence with a citation,
// and the data dictionary in the page's language.
func TestOpenDataPage(t *testing.T) {
	srv, st := sampleServer(t)
	pub, err := indicator.Published(context.Background(), st.DB())
	if err != nil {
		t.Fatal(err)
	}
	var schema struct {
		Tables []struct {
			Name    string `json:"name"`
			Columns []struct {
				Name          string `json:"name"`
				DescriptionIT string `json:"description_it"`
				DescriptionEN string `json:"description_en"`
			} `json:"columns"`
		} `json:"tables"`
	}
	_, js := get(t, srv.URL+"/api/schema")
	if err := json.Unmarshal([]byte(js), &schema); err != nil {
		t.Fatal(err)
	}
	base := fmt.Sprintf("%s/dati-aperti/v%d/", srv.URL, pub.DataVersion)
	example := base + "attendance.parquet"
	for _, lg := range []string{"it", "en"} {
		code, page := get(t, srv.URL+"/dati-aperti?lang="+lg)
		page = html.UnescapeString(page)
		if code != http.StatusOK {
			t.Fatalf("%s: %d %.300s", lg, code, page)
		}
		words := map[string][]string{
			"it": {"<h1>Dati aperti</h1>", "Licenza", "CC BY 4.0", "Dizionario dei dati", "Osservatorio sul Partenariato, «Dati aperti», Versione dei dati " + fmt.Sprint(pub.DataVersion)},
			"en": {"<h1>Open data</h1>", "Licence", "CC BY 4.0", "Data dictionary", "Partnership Observatory, «Open data», Data version " + fmt.Sprint(pub.DataVersion)},
		}[lg]
		words = append(words, `<html lang="`+lg+`">`, `href="/dati-aperti?lang=`+lg, `class="active" aria-current="page">`+words[0][4:len(words[0])-5],
			`arrow::read_parquet("`+example+`")`, `pd.read_parquet("`+example+`")`, `urllib.request.urlopen("`+example+`")`,
			`SELECT * FROM '`+example+`'`, `href="/api/schema"`, `href="/dati-aperti/SCHEMA.md"`)
		for _, tb := range sandbox.ResearchTables {
			for _, kind := range []string{"parquet", "csv.zip", "manifest.json"} {
				words = append(words, `href="`+base+tb+"."+kind+`"`)
			}
		}
		for _, tb := range schema.Tables {
			for _, c := range tb.Columns {
				d := c.DescriptionIT
				if lg == "en" {
					d = c.DescriptionEN
				}
				words = append(words, "<td><code>"+c.Name+"</code></td><td>")
				words = append(words, d)
			}
		}
		for _, w := range words {
			if !strings.Contains(page, w) {
				t.Errorf("%s: the page lacks %q", lg, w)
			}
		}
		for _, secret := range []string{"/rejects.", "/tokens.", "/audit."} {
			if strings.Contains(page, secret) {
				t.Errorf("%s: the page offers %s", lg, secret)
			}
		}
	}
	md, _ := download(t, srv.URL+"/dati-aperti/SCHEMA.md")
	doc, err := os.ReadFile("../../docs/SCHEMA.md")
	if err != nil || !bytes.Equal(md, doc) {
		t.Errorf("/dati-aperti/SCHEMA.md is not docs/SCHEMA.md (%v)", err)
	}
}

// A Parquet download, read back by DuckDB's read_parquet, holds exactly the
// table's rows at its data version: after a load corrects an attendance
// row, the older version's file still has the row as it was.
func TestOpenDataParquetReadsBackAtItsVersion(t *testing.T) {
	srv, st := sampleServer(t)
	ctx := context.Background()
	old, err := indicator.Published(ctx, st.DB())
	if err != nil {
		t.Fatal(err)
	}
	loadAndPublish(t, st, map[string]string{
		"presenze_correzione.jsonl": `{"meeting_id": "CDS-PONGOV-20200203", "org_id": "DFP", "person_id": "R0361", "gender": "M", "invited": true, "present": true, "delegated": false}` + "\n",
	})
	cur, err := indicator.Published(ctx, st.DB())
	if err != nil || cur.DataVersion == old.DataVersion {
		t.Fatalf("the load made no new version: %+v %v", cur, err)
	}
	dir := t.TempDir()
	rd, err := store.Open(ctx, store.Options{Path: filepath.Join(t.TempDir(), "reader.duckdb"), AllowedDirs: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	const corrected = `SELECT present FROM %s WHERE meeting_id = 'CDS-PONGOV-20200203' AND org_id = 'DFP' AND person_id = 'R0361'`
	var files [2][]string
	var present [2]string
	for i, v := range []int64{old.DataVersion, cur.DataVersion} {
		b, h := download(t, fmt.Sprintf("%s/dati-aperti/v%d/attendance.parquet", srv.URL, v))
		if h.Get("Content-Type") != "application/vnd.apache.parquet" || h.Get("X-Osservatorio-Data-Version") != fmt.Sprint(v) ||
			!strings.Contains(h.Get("Content-Disposition"), fmt.Sprintf(`filename="attendance-v%d.parquet"`, v)) {
			t.Errorf("v%d headers: %v", v, h)
		}
		path := filepath.Join(dir, fmt.Sprintf("attendance-v%d.parquet", v))
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		files[i] = rowsText(t, rd.DB(), "SELECT * FROM read_parquet(?)", path)
		want := rowsText(t, st.DB(), "SELECT * FROM attendance_at(?) ORDER BY ALL", v)
		if len(files[i]) < 1000 || strings.Join(files[i], "\n") != strings.Join(want, "\n") {
			t.Errorf("v%d: the Parquet file has %d rows, not the %d of attendance_at(%d) (or not the same)", v, len(files[i]), len(want), v)
		}
		present[i] = strings.Join(rowsText(t, rd.DB(), fmt.Sprintf(corrected, "read_parquet(?)"), path), ",")
	}
	if present[0] == present[1] || present[1] != "true" {
		t.Errorf("the corrected row: %q at v%d, %q at v%d", present[0], old.DataVersion, present[1], cur.DataVersion)
	}
	// The page citing the older version offers it first, open.
	_, page := get(t, fmt.Sprintf("%s/dati-aperti?lang=en&data_version=%d", srv.URL, old.DataVersion))
	first := strings.Index(page, `<details class="data od-version" open><summary>Data version `+fmt.Sprint(old.DataVersion)+" ")
	if first < 0 || strings.Index(page, `od-version`) < first {
		t.Errorf("the cited version is not first and open")
	}
}

// Every research table of the published version: the manifest's SHA-256
// and sizes are those of the files a download produces, its rows those of
// its SQL; the zip holds an RFC 4180 CSV with as many rows, whose own hash
// is in both manifests.
func TestOpenDataManifestsHashTheDownloads(t *testing.T) {
	srv, st := sampleServer(t)
	// A correction (attendance_history gets the replaced row) and the
	// seventh record kind, which the sample lacks.
	loadAndPublish(t, st, map[string]string{
		"presenze_correzione.jsonl": `{"meeting_id": "CDS-PONGOV-20200203", "org_id": "DFP", "person_id": "R0361", "gender": "M", "invited": true, "present": true, "delegated": false}` + "\n",
		"guideline_adoptions.csv":   "body_id,guideline_id,guideline_version,adopted\nLPP,LG-COPROG,1.0,2024-03-15\n",
	})
	pub, err := indicator.Published(context.Background(), st.DB())
	if err != nil {
		t.Fatal(err)
	}
	base := fmt.Sprintf("%s/dati-aperti/v%d/", srv.URL, pub.DataVersion)
	empty := map[string]bool{}
	for _, tb := range sandbox.ResearchTables {
		mb, h := download(t, base+tb+".manifest.json")
		var m odManifest
		if err := json.Unmarshal(mb, &m); err != nil || h.Get("Content-Type") != "application/json; charset=utf-8" {
			t.Fatalf("%s manifest: %v %s", tb, err, mb)
		}
		if m.Table != tb || m.DataVersion != pub.DataVersion || m.Licence != "CC BY 4.0" || !strings.Contains(m.SQL, tb) || len(m.Files) != 2 ||
			m.Files[0].Name != tb+".parquet" || m.Files[1].Name != tb+".csv.zip" || len(m.Files[1].Contains) != 1 {
			t.Fatalf("%s manifest: %s", tb, mb)
		}
		var n int64
		if err := st.DB().QueryRow("SELECT count(*) FROM (" + m.SQL + ")").Scan(&n); err != nil || n != m.Rows {
			t.Errorf("%s: manifest rows %d, its SQL %d (%v)", tb, m.Rows, n, err)
		}
		empty[tb] = n == 0
		pq, _ := download(t, base+tb+".parquet")
		zp, _ := download(t, base+tb+".csv.zip")
		for i, b := range [][]byte{pq, zp} {
			if f := m.Files[i]; f.SHA256 != sha(b) || f.Bytes != int64(len(b)) || f.Rows != m.Rows {
				t.Errorf("%s: manifest says %s is %d bytes, %s; the download is %d bytes, %s", tb, f.Name, f.Bytes, f.SHA256, len(b), sha(b))
			}
		}
		zr, err := zip.NewReader(bytes.NewReader(zp), int64(len(zp)))
		if err != nil || len(zr.File) != 2 || zr.File[0].Name != tb+".csv" || zr.File[1].Name != tb+".manifest.json" {
			t.Fatalf("%s zip: %v", tb, err)
		}
		read := func(f *zip.File) []byte {
			r, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			b, err := io.ReadAll(r)
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
		csvBytes, inner := read(zr.File[0]), read(zr.File[1])
		recs, err := csv.NewReader(bytes.NewReader(csvBytes)).ReadAll()
		if err != nil || int64(len(recs)) != m.Rows+1 || !bytes.HasSuffix(csvBytes, []byte("\r\n")) {
			t.Errorf("%s.csv: %d records for %d rows (%v)", tb, len(recs), m.Rows, err)
		}
		var im odManifest
		if err := json.Unmarshal(inner, &im); err != nil || len(im.Files) != 1 || im.Files[0].SHA256 != sha(csvBytes) ||
			m.Files[1].Contains[0].SHA256 != sha(csvBytes) || im.Rows != m.Rows || im.SQL != m.SQL {
			t.Errorf("%s: the manifests do not hash the CSV: %s", tb, inner)
		}
	}
	for _, tb := range []string{"attendance", "attendance_history", "guideline_adoptions", "loads", "data_versions",
		"indicator_values", "indicator_runs", "indicator_catalogue", "calendar_it"} {
		if empty[tb] {
			t.Errorf("%s is empty: the test proves little", tb)
		}
	}
}

// rejects, tokens and the audit log are not offered; unknown versions and
// files are 404 saying what exists; HEAD answers as GET would, without a
// body.
func TestOpenDataUnknownAndHead(t *testing.T) {
	srv, st := sampleServer(t)
	pub, err := indicator.Published(context.Background(), st.DB())
	if err != nil {
		t.Fatal(err)
	}
	v := fmt.Sprintf("v%d", pub.DataVersion)
	for path, says := range map[string]string{
		v + "/rejects.parquet":                              "the tables are organisations, bodies",
		v + "/rejects.csv.zip":                              `no table \"rejects\"`,
		v + "/rejects.manifest.json":                        `no table \"rejects\"`,
		v + "/tokens.parquet":                               `no table \"tokens\"`,
		v + "/audit.csv.zip":                                `no table \"audit\"`,
		v + "/attendance.xlsx":                              ".parquet, .csv.zip or .manifest.json",
		"v999/attendance.parquet":                           "the versions are " + v,
		fmt.Sprint(pub.DataVersion) + "/attendance.parquet": "the versions are " + v,
	} {
		code, body := get(t, srv.URL+"/dati-aperti/"+path)
		if code != http.StatusNotFound || !strings.Contains(body, says) || !strings.HasPrefix(body, "{") {
			t.Errorf("%s: %d %s, want 404 saying %q", path, code, body, says)
		}
	}
	for path, want := range map[string]int{v + "/attendance.parquet": 200, v + "/indicator_values.csv.zip": 200,
		v + "/loads.manifest.json": 200, v + "/rejects.parquet": 404, "v999/attendance.parquet": 404} {
		req, _ := http.NewRequest(http.MethodHead, srv.URL+"/dati-aperti/"+path, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != want || len(b) != 0 {
			t.Errorf("HEAD %s: %d, want %d", path, resp.StatusCode, want)
		}
		if want == 200 && resp.Header.Get("X-Osservatorio-Data-Version") != fmt.Sprint(pub.DataVersion) {
			t.Errorf("HEAD %s: headers %v", path, resp.Header)
		}
	}
}
