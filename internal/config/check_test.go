package config

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func writeConfig(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "osservatorio.yaml")
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDefaultsAndAGoodFilePass(t *testing.T) {
	dir := t.TempDir()
	if ps := Check(Defaults()); len(ps) != 0 {
		t.Errorf("defaults: %v", ps)
	}
	c, err := Load(writeConfig(t, `
listen: "0.0.0.0:http"
public_url: https://osservatorio.example.it
require_login: true
rate_per_second: -1
rate_burst: 10
sql_timeout: 45s
db: `+dir+`/not/yet/made/o.duckdb
inbox: `+dir+`/inbox
inbox_schedule: "*/5 * * * *"
as_of: 2025-12-31
memory_limit: 1.5 GiB
threads: 2
backup_schedule: "@daily"
backup_keep: 3
log_format: json
log_level: debug
sources:
  - name: presenze
    url: https://example.org/open/presenze_2025.csv
  - name: orgs
    url: https://example.org/organisations.parquet?token=1
    schedule: "@every 30m"
`), false)
	if err != nil {
		t.Fatal(err)
	}
	if ps := Check(c); len(ps) != 0 {
		t.Errorf("a good file: %v", ps)
	}
	if c.Backups() != dir+"/not/yet/made/backups" {
		t.Errorf("backups beside the database: %s", c.Backups())
	}
	if _, err := os.Stat(dir + "/not"); err == nil {
		t.Error("Check created a folder")
	}
}

func TestCheckNamesEveryBadField(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a-file")
	os.WriteFile(file, nil, 0o644)
	c, err := Load(writeConfig(t, `
listen: "localhost"
public_url: "osservatorio.example.it"
rate_burst: -5
sql_timeout: 30
sql_concurrency: -1
db: `+dir+`
inbox: `+file+`/inbox
inbox_schedule: "every minute"
as_of: 31/12/2025
memory_limit: lots
threads: -1
backup_schedule: "0 3 * *"
backup_dir: `+file+`
backup_keep: 0
log_format: xml
log_level: verbose
sources:
  - name: a
    url: ftp://example.org/organisations.csv
  - name: a
    url: https://example.org/download?id=3
    schedule: hourly
  - url: https://example.org/riunioni.csv
`), false)
	if err != nil {
		t.Fatal(err)
	}
	var fields []string
	for _, p := range Check(c) {
		fields = append(fields, p.Field)
		if p.Msg == "" {
			t.Errorf("%s: no message", p.Field)
		}
	}
	want := []string{"listen", "public_url", "rate_burst", "sql_concurrency", "sql_timeout", "db", "inbox", "inbox_schedule", "as_of", "memory_limit", "threads",
		"backup_schedule", "backup_dir", "backup_keep", "log_format", "log_level",
		"sources[1].url", "sources[2].name", "sources[2].url", "sources[2].schedule", "sources[3].name"}
	if !slices.Equal(fields, want) {
		t.Errorf("problems in\n %v\nwant\n %v", fields, want)
	}
}

func TestBackupsOffAndUnknownKeys(t *testing.T) {
	c := Defaults()
	c.BackupSchedule = BackupsOff
	if ps := Check(c); len(ps) != 0 {
		t.Errorf("backups off: %v", ps)
	}
	if _, err := Load(writeConfig(t, "backup_kepp: 3\n"), false); err == nil || !strings.Contains(err.Error(), "backup_kepp") {
		t.Errorf("an unknown key: %v", err)
	}
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{
		"400MiB": 400 << 20, "4GB": 4_000_000_000, "1.5 GiB": 3 << 29, "512mb": 512_000_000,
		"2 kilobytes": 2000, "10 bytes": 10, "3TiB": 3 << 40,
	} {
		if got, err := ParseSize(in); err != nil || got != want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "lots", "4 GBs", "-1GB", "GB"} {
		if _, err := ParseSize(bad); err == nil {
			t.Errorf("ParseSize(%q) accepted", bad)
		}
	}
}
