package ingest

import (
	"context"
	"testing"
)

// Guideline adoptions, the seventh kind (testdata/adoptions): English and
// Italian files, every row-level reason the kind can meet, a correction that
// replaces an adoption date (kept in history), and a file only its header
// names.
func TestContractGuidelineAdoptions(t *testing.T) {
	st := ctStore(t)
	db := st.DB()

	// Offered out of order: bodies first, then the adoptions by base name
	// ("adozioni_…" before "guideline_…").
	res := ctLoad(t, st, ctPath("adoptions", "guideline_adoptions_2024.csv"), ctPath("adoptions", "adozioni_linee_guida.csv"),
		ctPath("adoptions", "bodies.csv"))
	if got := ctFiles(res); len(got) != 3 || got[0] != "bodies.csv" || got[1] != "adozioni_linee_guida.csv" {
		t.Fatalf("applied in order %v", got)
	}
	ctCheckResult(t, res[1], wantFile{
		file: "adozioni_linee_guida.csv", kind: "guideline_adoptions", format: "csv", encoding: "utf-8",
		read: 1, loaded: 1, dropped: []string{"nome"},
	})
	ctCheckResult(t, res[2], wantFile{
		file: "guideline_adoptions_2024.csv", kind: "guideline_adoptions", format: "csv", encoding: "utf-8",
		read: 6, loaded: 2, rejected: 4, ignored: []string{"note"},
		rejects: []wantReject{
			{4, "body_id", "body_id", "B9", "unknown_reference"},
			{5, "adopted", "adopted", "", "missing_required"},
			{6, "body_id+guideline_id", "body_id+guideline_id", "B2|LG-COPROG", "duplicate_key"}, // line 3 stands
			{7, "adopted", "adopted", "2024-13-01", "bad_date"},
		},
	})
	ctRow(t, db, "guideline_adoptions", "body_id = 'B1' AND guideline_id = 'PROT-REG'", map[string]string{
		"guideline_version": "2", "title": "Protocollo regionale di partenariato", "adopted": "2024-02-01",
		"act": "DGR 45/2024", "source": "BUR n. 7", "data_version": "2", "line": "2"})
	ctRow(t, db, "guideline_adoptions", "body_id = 'B1' AND guideline_id = 'LG-COPROG'", map[string]string{
		"guideline_version": "1.0", "adopted": "2024-03-15", "act": "DD 123/2024", "data_version": "3"})
	ctRow(t, db, "guideline_adoptions", "body_id = 'B2' AND guideline_id = 'LG-COPROG'", map[string]string{
		"guideline_version": "1.0", "adopted": "2024-04-15", "act": "NULL", "source": "NULL", "line": "3"})
	if found := ctFindAnywhere(t, db, []string{"Maria", "Bianchi"}); len(found) > 0 {
		t.Errorf("personal data stored: %v", found)
	}

	// A later file with the same (body_id, guideline_id) replaces the row:
	// the new date (and version) is in force, the old row is in history.
	r := ctLoad1(t, st, ctPath("adoptions", "adozioni_2025.csv"))
	ctCheckResult(t, r, wantFile{file: "adozioni_2025.csv", kind: "guideline_adoptions", format: "csv", encoding: "utf-8", read: 1, loaded: 1})
	if n := ctCount(t, db, "SELECT count(*) FROM guideline_adoptions"); n != 3 {
		t.Errorf("guideline_adoptions: %d rows, want 3 (B1/LG-COPROG replaced, not added)", n)
	}
	ctRow(t, db, "guideline_adoptions", "body_id = 'B1' AND guideline_id = 'LG-COPROG'", map[string]string{
		"guideline_version": "1.1", "adopted": "2024-09-01", "act": "DD 210/2024", "title": "NULL", "data_version": "4"})
	ctRow(t, db, "guideline_adoptions_history", "body_id = 'B1' AND guideline_id = 'LG-COPROG'", map[string]string{
		"adopted": "2024-03-15", "data_version": "3", "replaced_in": "4"})
	// Time travel sees the date in force at each version.
	ctRow(t, db, "guideline_adoptions_at(3)", "body_id = 'B1' AND guideline_id = 'LG-COPROG'", map[string]string{"adopted": "2024-03-15"})
	ctRow(t, db, "guideline_adoptions_at(4)", "body_id = 'B1' AND guideline_id = 'LG-COPROG'", map[string]string{"adopted": "2024-09-01"})

	// A name that says nothing: body_id, guideline_id and adopted (trimmed,
	// any case) make it an adoptions file; so do the Italian aliases.
	r = ctLoad1(t, st, ctPath("adoptions", "elenco_lg.csv"))
	ctCheckResult(t, r, wantFile{file: "elenco_lg.csv", kind: "guideline_adoptions", format: "csv", encoding: "utf-8", read: 1, loaded: 1})
	ctRow(t, db, "guideline_adoptions", "body_id = 'B2' AND guideline_id = 'PROT-REG'", map[string]string{"adopted": "2024-07-01"})
	if k := kindByHeader([]string{"id_organismo", "id_linea_guida", "data_adozione"}); k == nil || k.Name != "guideline_adoptions" {
		t.Errorf("Italian header taken for %v", k)
	}
	for _, name := range []string{"guideline_adoptions.jsonl", "Adozioni_Linee_Guida_2024.xlsx", "adozioni.csv"} {
		if k := kindByName(name); k == nil || k.Name != "guideline_adoptions" {
			t.Errorf("%s taken for %v", name, k)
		}
	}
	// Dependency order: after bodies, before memberships and meetings.
	a := KindByName("guideline_adoptions").Order()
	if a <= KindByName("bodies").Order() || a >= KindByName("memberships").Order() || a >= KindByName("meetings").Order() {
		t.Errorf("guideline adoptions at position %d of the dependency order", a)
	}
	ctNoEmptyText(t, db)
}

// AllOrNothing (the adoptions API): a file with one rejected row changes
// nothing at all — no row, no reject, no load record, no data version — and
// its result lists the rejects; a clean file loads as usual.
func TestAllOrNothing(t *testing.T) {
	st := ctStore(t)
	ctLoad(t, st, ctPath("adoptions", "bodies.csv"))
	before := ctSnapshot(t, st)
	strict := Options{Source: "api", AllOrNothing: true}
	res, err := Load(context.Background(), st, []string{ctPath("adoptions", "guideline_adoptions_2024.csv")}, strict)
	if err != nil {
		t.Fatal(err)
	}
	r := res[0]
	if r.Outcome != Refused || r.Reason != RowsRejected || r.RowsLoaded != 0 || r.RowsRejected != 4 || r.DataVersion != 0 || r.LoadID != 0 {
		t.Errorf("result: %+v", r)
	}
	ctCheckRejects(t, "strict", r.Rejects, []wantReject{
		{4, "body_id", "body_id", "B9", "unknown_reference"},
		{5, "adopted", "adopted", "", "missing_required"},
		{6, "body_id+guideline_id", "body_id+guideline_id", "B2|LG-COPROG", "duplicate_key"},
		{7, "adopted", "adopted", "2024-13-01", "bad_date"},
	})
	ctSameSnapshot(t, "a strict load with rejects", before, ctSnapshot(t, st))

	res, err = Load(context.Background(), st, []string{ctPath("adoptions", "adozioni_linee_guida.csv")}, strict)
	if err != nil || res[0].Outcome != Loaded || res[0].RowsLoaded != 1 || res[0].DataVersion != 2 {
		t.Errorf("a clean strict load: %+v %v", res, err)
	}
}
