package main

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestCacheStamp(t *testing.T) {
	dir := t.TempDir()
	p := genParams{Orgs: 15000, Bodies: 1000, Years: 6, EndYear: 2025, Seed: 1}
	if _, ok, _ := cached(dir, p); ok {
		t.Fatal("an empty folder is not a cached set")
	}
	for _, f := range generatedFiles {
		if err := os.WriteFile(filepath.Join(dir, f), []byte("h\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, ok, why := cached(dir, p); ok || why != "no stamp" {
		t.Fatalf("files without a stamp (an interrupted generate) are not a cached set: %v %q", ok, why)
	}
	s := stamp{Generator: p, Counts: map[string]int64{"attendance": 1020910}, Written: time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC), Seconds: 1.5}
	if err := writeStamp(dir, s); err != nil {
		t.Fatal(err)
	}
	got, ok, why := cached(dir, p)
	if !ok || got.Counts["attendance"] != 1020910 || !got.Written.Equal(s.Written) {
		t.Fatalf("cached = %+v %v %q", got, ok, why)
	}
	for name, other := range map[string]genParams{
		"orgs":     {Orgs: 150000, Bodies: 1000, Years: 6, EndYear: 2025, Seed: 1},
		"bodies":   {Orgs: 15000, Bodies: 10000, Years: 6, EndYear: 2025, Seed: 1},
		"years":    {Orgs: 15000, Bodies: 1000, Years: 3, EndYear: 2025, Seed: 1},
		"end year": {Orgs: 15000, Bodies: 1000, Years: 6, EndYear: 2024, Seed: 1},
		"seed":     {Orgs: 15000, Bodies: 1000, Years: 6, EndYear: 2025, Seed: 2},
	} {
		if _, ok, _ := cached(dir, other); ok {
			t.Errorf("another %s reuses the cache", name)
		}
	}
	os.Remove(filepath.Join(dir, "attendance.csv"))
	if _, ok, _ := cached(dir, p); ok {
		t.Error("a set with a file missing reuses the cache")
	}
	os.WriteFile(filepath.Join(dir, stampFile), []byte("{not json"), 0o644)
	if _, ok, _ := cached(dir, p); ok {
		t.Error("a broken stamp reuses the cache")
	}
}

func TestParseCounts(t *testing.T) {
	out := "organisations  15000\nbodies         1000\nattendance     1020910\nwritten to x in 1.2s\n"
	c := parseCounts([]byte(out))
	if c["organisations"] != 15000 || c["bodies"] != 1000 || c["attendance"] != 1020910 || len(c) != 3 {
		t.Errorf("parseCounts = %v", c)
	}
}

func TestGenParamsArgs(t *testing.T) {
	got := genParams{Orgs: 15000, Bodies: 1000, Years: 6, EndYear: 2025, Seed: 1}.args()
	want := []string{"--orgs", "15000", "--bodies", "1000", "--years", "6", "--end-year", "2025", "--seed", "1"}
	if len(got) != len(want) {
		t.Fatalf("%v", got)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("%v, want %v", got, want)
		}
	}
}
