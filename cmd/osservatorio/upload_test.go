package main

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// An upload that the server has received is loaded, refreshed and published
// even when its client goes away at once (a browser closed, a proxy's
// timeout: at 10 M attendance rows the refresh after a load takes about
// 20 s). Cancelled with the request, the load rolled back, or the refresh
// stopped and left the new data unpublished until the next load.
func TestUploadOutlivesItsClient(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "up.duckdb")
	if code, _, errs := runCLI(t, "load", "--db", db, "../../data/sample"); code != exitOK {
		t.Fatal(errs)
	}
	before := statusOf(t, db).DataVersion
	code, out, errs := runCLI(t, "tokens", "add", "--db", db, "--role", "admin", "--name", "Amministrazione")
	if code != exitOK {
		t.Fatal(errs)
	}
	tok := strings.TrimSpace(out)
	cfg := writeFile(t, dir, "osservatorio.yaml", "backup_schedule: \"off\"\nas_of: 2025-12-31\nthreads: 2\nmemory_limit: 1GB\nlog_format: json\n")
	base, logs, stop := serveInProcess(t, "--config", cfg, "--db", db, "--listen", "127.0.0.1:0",
		"--inbox", filepath.Join(dir, "inbox"), "--no-sample")
	if v := metric(get(t, base+"/metrics"), "osservatorio_data_version"); v != float64(before) {
		t.Fatalf("published data version before the upload = %v, want %d", v, before)
	}

	// The whole request, then the connection closed without reading a byte.
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", "organisations.csv")
	fmt.Fprint(fw, "org_id,name,category\nUP1,Comune di Caricamento,institutional\n")
	mw.Close()
	u, _ := url.Parse(base)
	conn, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(conn, "POST /api/loads HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n",
		u.Host, tok, mw.FormDataContentType(), body.Len())
	conn.Write(body.Bytes())
	conn.Close()

	var published float64
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		if published = metric(get(t, base+"/metrics"), "osservatorio_data_version"); published == float64(before+1) {
			break
		}
	}
	if published != float64(before+1) {
		t.Errorf("published data version after the upload = %v, want %d\n%s", published, before+1, logs.String())
	}
	if s := get(t, base+"/api/status"); !strings.Contains(s, fmt.Sprintf(`"data_version":%d`, before+1)) {
		t.Errorf("status after the upload: %.300s", s)
	}

	stop()
	// Its audit entry too, written after the load with the same context.
	_, out, _ = runCLI(t, "query", "--db", db, "--format", "csv", "--sql",
		"SELECT action, target, data_version FROM audit WHERE action = 'load.upload'")
	if want := fmt.Sprintf("load.upload,organisations.csv,%d", before+1); !strings.Contains(out, want) {
		t.Errorf("audit of the upload: %q, want %q", out, want)
	}
}
