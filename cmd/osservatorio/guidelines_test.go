package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// The CLI over the hand-worked fixture of internal/guideline/testdata
// (values worked out in its README.md).
func TestGuidelinesCLI(t *testing.T) {
	db := filepath.Join(t.TempDir(), "g.duckdb")
	fx := "../../internal/guideline/testdata/"
	if code, out, errs := runCLI(t, "load", "--db", db, fx+"organisations.csv", fx+"bodies.csv", fx+"meetings.csv",
		fx+"attendance.csv", fx+"contributions.csv", fx+"guideline_adoptions.csv"); code != exitOK {
		t.Fatalf("load: exit %d\n%s%s", code, out, errs)
	}
	if code, out, errs := runCLI(t, "load", "--db", db, fx+"adozioni_correzione.csv"); code != exitOK {
		t.Fatalf("load correction: exit %d\n%s%s", code, out, errs)
	}

	code, out, errs := runCLI(t, "guidelines", "effects", "--db", db, "--as-of", "2024-12-31", "--guideline", "LG-COPROG", "--format", "csv")
	if code != exitOK {
		t.Fatalf("effects csv: exit %d\n%s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	for _, want := range []string{
		"guideline_id,body_id,indicator,window_days,L,open,before,after,before_num,before_den,after_num,after_den,comp_before,comp_after,comp_n_bodies,did,n,reason",
		"LG-COPROG,T1,P04,365,365,false,1.5,0.6666666666666666,3,2,2,3,0.5,0.6666666666666666,2,-1,1,",
		"LG-COPROG,T3,Q08,365,306,true,1,,1,1,0,0,,,1,,0,",
		"LG-COPROG,all,Q01,365,,true,,,,,,,,,,0.5,2,",
		"LG-COPROG,L1,,365,17,,,,,,,,,,,,,window_under_30_days",
		"LG-COPROG,L2,,365,,,,,,,,,,,,,,adopted_after_as_of",
	} {
		found := false
		for _, l := range lines {
			found = found || l == want
		}
		if !found {
			t.Errorf("effects csv lacks the line\n%s\n%s", want, out)
		}
	}
	if len(lines) != 43 {
		t.Errorf("effects csv: %d lines, want header + 42", len(lines))
	}

	code, out, _ = runCLI(t, "guidelines", "effects", "--db", db, "--as-of", "2024-12-31", "--guideline", "LG-COPROG", "--format", "json")
	var rows []map[string]any
	if code != exitOK || json.Unmarshal([]byte(out), &rows) != nil || len(rows) != 42 {
		t.Fatalf("effects json: exit %d, %d rows\n%s", code, len(rows), out)
	}
	fields := []string{"guideline_id", "body_id", "indicator", "window_days", "L", "open", "before", "after", "before_num",
		"before_den", "after_num", "after_den", "comp_before", "comp_after", "comp_n_bodies", "did", "n"}
	if len(rows[0]) != len(fields) {
		t.Errorf("a compared row has fields %v, want exactly %v", rows[0], fields)
	}
	for _, f := range fields {
		if _, ok := rows[0][f]; !ok {
			t.Errorf("row lacks %s: %v", f, rows[0])
		}
	}
	if rows[41]["reason"] != "adopted_after_as_of" || rows[41]["did"] != nil {
		t.Errorf("last row %v, want L2 adopted after as_of with no values", rows[41])
	}

	// At the data version before the correction T1 is too recent (L 22).
	code, out, _ = runCLI(t, "guidelines", "effects", "--db", db, "--as-of", "2024-12-31", "--data-version", "6", "--format", "csv")
	if code != exitOK || !strings.Contains(out, "\nLG-COPROG,T1,,365,22,,,,,,,,,,,,,window_under_30_days\n") {
		t.Errorf("effects at version 6: exit %d\n%s", code, out)
	}

	code, out, _ = runCLI(t, "guidelines", "list", "--db", db)
	if code != exitOK || !strings.Contains(out, "T1    partnership_table  1.1      2023-07-01") || !strings.Contains(out, "6 adoption(s), data version 7") {
		t.Errorf("list: exit %d\n%s", code, out)
	}
	for _, bad := range [][]string{
		{"guidelines", "effects", "--db", db, "--window", "0"},
		{"guidelines", "effects", "--db", db, "--as-of", "31/12/2024"},
		{"guidelines", "effects", "--db", db, "--format", "xml"},
		{"guidelines", "effects", "--db", db, "--data-version", "99"},
		{"guidelines", "nope"},
	} {
		if code, _, _ := runCLI(t, bad...); code != exitUsage {
			t.Errorf("%v: exit %d, want %d", bad, code, exitUsage)
		}
	}
}

// guidelines add records one adoption through the loader, all or nothing.
func TestGuidelinesAdd(t *testing.T) {
	db := filepath.Join(t.TempDir(), "g.duckdb")
	fx := "../../internal/guideline/testdata/"
	if code, out, errs := runCLI(t, "load", "--db", db, fx+"organisations.csv", fx+"bodies.csv", fx+"guideline_adoptions.csv"); code != exitOK {
		t.Fatalf("load: exit %d\n%s%s", code, out, errs)
	}
	code, out, errs := runCLI(t, "guidelines", "add", "--db", db, "--body", "T3", "--guideline", "LG-COPROG", "--adopted", "01/04/2024",
		"--version", "1.2", "--act", "DD 9/2024")
	if code != exitOK || out != "T3 adopted LG-COPROG on 01/04/2024: data version 4\n" {
		t.Fatalf("add: exit %d\n%s%s", code, out, errs)
	}
	if code, out, _ := runCLI(t, "guidelines", "list", "--db", db, "--guideline", "LG-COPROG", "--format", "csv"); code != exitOK ||
		!strings.Contains(out, "\nLG-COPROG,T3,partnership_table,1.2,,2024-04-01,DD 9/2024,,4\n") {
		t.Errorf("list after add: exit %d\n%s", code, out)
	}
	code, _, errs = runCLI(t, "guidelines", "add", "--db", db, "--body", "T4", "--guideline", "LG-COPROG", "--adopted", "2024-13-01")
	if code != exitFailed || !strings.Contains(errs, `adopted: bad_date ("2024-13-01")`) || !strings.Contains(errs, "nothing recorded") {
		t.Errorf("bad date: exit %d\n%s", code, errs)
	}
	if _, out, _ := runCLI(t, "guidelines", "list", "--db", db); !strings.Contains(out, "data version 4\n") {
		t.Errorf("a refused add changed the data version:\n%s", out)
	}
	if code, _, _ := runCLI(t, "guidelines", "add", "--db", db, "--body", "T4"); code != exitUsage {
		t.Errorf("add without --guideline and --adopted: exit %d", code)
	}
}
