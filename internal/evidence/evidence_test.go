package evidence

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"osservatorio/internal/annotation"
	"osservatorio/internal/indicator"
	"osservatorio/internal/ingest"
	"osservatorio/internal/store"
)

// The fixture is the guideline package's hand-worked one
// (internal/guideline/testdata/README.md has the working).
const fixture = "../guideline/testdata"

func openStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), store.Options{Path: filepath.Join(t.TempDir(), "e.duckdb"), Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func load(t *testing.T, st *store.Store, files ...string) {
	t.Helper()
	res, err := ingest.Load(context.Background(), st, files, ingest.Options{Source: "test"})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if r.Outcome != ingest.Loaded || r.RowsRejected != 0 {
			t.Fatalf("%s: %s %s, %d rejected", r.File, r.Outcome, r.Message, r.RowsRejected)
		}
	}
}

func refresh(t *testing.T, st *store.Store) indicator.Snapshot {
	t.Helper()
	sum, err := indicator.Refresh(context.Background(), st, time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC), indicator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return indicator.Snapshot{DataVersion: sum.DataVersion, AsOf: sum.AsOf}
}

func value(t *testing.T, p *Pack, ind, scope, period string) indicator.Value {
	t.Helper()
	for _, it := range p.Items {
		if it.Kind == KindIndicator && it.Indicator == ind && it.Scope == scope && it.Period == period {
			if len(it.Values) != 1 {
				t.Fatalf("%s %s %s: %d values", ind, scope, period, len(it.Values))
			}
			return it.Values[0]
		}
	}
	t.Fatalf("no item %s %s %s", ind, scope, period)
	return indicator.Value{}
}

func checkValue(t *testing.T, v indicator.Value, want, num, den float64) {
	t.Helper()
	if v.Value == nil || *v.Value != want || *v.Numerator != num || *v.Denominator != den {
		t.Fatalf("%s %s %s = %v (%v/%v), want %v (%v/%v)", v.Indicator, v.Scope, v.Period, p(v.Value), p(v.Numerator), p(v.Denominator), want, num, den)
	}
}

func p(f *float64) any {
	if f == nil {
		return nil
	}
	return *f
}

var env = Env{Service: "test", BaseURL: "https://osservatorio.example", Script: []byte("window.echarts={init:function(){return{setOption:function(){}}}};")}

// TestPackOutlivesCorrections: a pack is created and frozen; a later load
// corrects a meeting and an adoption, changing the published numbers; the
// pack keeps and downloads its original values, verify recomputes every one
// of them from the retained records and finds them equal, and a ZIP with
// one byte changed fails.
func TestPackOutlivesCorrections(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	var files []string
	for _, n := range []string{"organisations.csv", "bodies.csv", "meetings.csv", "attendance.csv", "contributions.csv", "guideline_adoptions.csv"} {
		files = append(files, filepath.Join(fixture, n))
	}
	load(t, st, files...)
	snap := refresh(t, st)

	id, err := Create(ctx, st, Meta{Title: "Preavviso nei tavoli", Authors: []string{"LRI 2"}, Purpose: "Linee guida, cap. 3"}, snap)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(id, "EP-") || !strings.HasSuffix(id, "-0001") {
		t.Fatalf("id %q", id)
	}
	n, err := AddIndicators(ctx, st, id, []string{"Q01", "P01"}, []string{"body:T1"}, []string{"2023", "all"})
	if err != nil || n != 4 {
		t.Fatalf("added %d: %v", n, err)
	}
	// Adding the same items again adds nothing.
	if n, err := AddIndicators(ctx, st, id, []string{"Q01"}, []string{"body:T1"}, []string{"2023"}); err != nil || n != 0 {
		t.Fatalf("again: %d, %v", n, err)
	}
	if err := AddGuideline(ctx, st, id, "LG-COPROG", 365); err != nil {
		t.Fatal(err)
	}
	if err := AddQuery(ctx, st, id, "attendance_by_org_year", map[string]string{"body_id": "T1"}); err != nil {
		t.Fatal(err)
	}
	var in *InputError
	if err := AddQuery(ctx, st, id, "indicator_history", nil); !errors.As(err, &in) || in.Field != "query" {
		t.Fatalf("a query over the snapshots, which grow: %v", err)
	}
	if err := AddQuery(ctx, st, id, "load_rejects", map[string]string{"load_id": "1"}); !errors.As(err, &in) {
		t.Fatalf("an administrators' query: %v", err)
	}
	if _, err := AddIndicators(ctx, st, id, []string{"Z99"}, []string{"all"}, []string{"all"}); !errors.As(err, &in) || in.Field != "indicators" {
		t.Fatalf("unknown indicator: %v", err)
	}
	if _, err := AddIndicators(ctx, st, id, []string{"Q01"}, []string{"body:T1"}, []string{"1999"}); !errors.As(err, &in) {
		t.Fatalf("period without a value: %v", err)
	}
	if _, err := ZIP(ctx, st.DB(), id); !errors.Is(err, ErrDraft) {
		t.Fatalf("zip of a draft: %v", err)
	}
	if _, err := annotation.Add(ctx, st, annotation.Draft{Target: annotation.Pack(id), Text: "Il preavviso migliora dopo la linea guida", Author: "cli"}); err != nil {
		t.Fatal(err)
	}
	frozen, err := Freeze(ctx, st, id, env)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Freeze(ctx, st, id, env); !errors.Is(err, ErrFrozen) {
		t.Fatalf("second freeze: %v", err)
	}
	if _, err := AddIndicators(ctx, st, id, []string{"P04"}, []string{"all"}, []string{"all"}); !errors.Is(err, ErrFrozen) {
		t.Fatalf("add to a frozen pack: %v", err)
	}
	// By hand (fixture README): T1 in 2023 held T1-2 (written: Q01 leaves
	// it out) and T1-3 (notice 14, documents 10 working days: compliant):
	// Q01 = 1/1. P01: T1-2 3 rows, T1-3 3 rows, all present: 6/6.
	checkValue(t, value(t, frozen, "Q01", "body:T1", "2023"), 1, 1, 1)
	checkValue(t, value(t, frozen, "P01", "body:T1", "2023"), 1, 6, 6)
	// LG-COPROG before the correction: T1 adopted 2024-12-10, too recent
	// (L 22); T3's case B has Q01's difference in differences 0.
	var sawB, sawT1 bool
	for _, it := range frozen.Items {
		for _, e := range it.Effects {
			if e.BodyID == "T3" && e.Indicator == "Q01" {
				sawB = e.DiD != nil && *e.DiD == 0
			}
			if e.BodyID == "T1" {
				sawT1 = e.Reason == "window_under_30_days"
			}
		}
	}
	if !sawB || !sawT1 {
		t.Fatalf("guideline rows: case B Q01 DiD 0 %v, T1 too recent %v", sawB, sawT1)
	}
	zip1, err := ZIP(ctx, st.DB(), id)
	if err != nil {
		t.Fatal(err)
	}
	inZip, err := unzip(zip1)
	if err != nil || !bytes.Contains(inZip[id+"/report.html"], []byte("Il preavviso migliora dopo la linea guida")) {
		t.Fatalf("the report lacks the pack's note (%v)", err)
	}

	// A later file moves T1-3's notice to two days before: not compliant.
	// Another corrects T1's adoption date.
	dir := t.TempDir()
	fix := filepath.Join(dir, "meetings_correction.csv")
	if err := os.WriteFile(fix, []byte("meeting_id,body_id,date,phase,mode,notice_date,documents_date,minutes_published\n"+
		"T1-3,T1,2023-07-01,monitoring,hybrid,2023-06-28,2023-06-16,2023-07-20\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// And O4 came to T1-3 as well: the attendance by organisation changes.
	att := filepath.Join(dir, "attendance_correction.csv")
	if err := os.WriteFile(att, []byte("meeting_id,org_id,person_id,gender,invited,present,delegated\nT1-3,O4,P9,M,true,true,false\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	load(t, st, fix, att, filepath.Join(fixture, "adozioni_correzione.csv"))
	now := refresh(t, st)
	if now.DataVersion <= snap.DataVersion {
		t.Fatalf("no new data version: %d", now.DataVersion)
	}
	vals, err := indicator.SnapshotValues(ctx, st.DB(), now, indicator.Filter{Indicator: "Q01", Scope: "body:T1", Period: "2023", WithCounts: true})
	if err != nil || len(vals) != 1 {
		t.Fatal(vals, err)
	}
	checkValue(t, vals[0], 0, 0, 1) // the published figure changed

	again, err := Get(ctx, st.DB(), id)
	if err != nil {
		t.Fatal(err)
	}
	checkValue(t, value(t, again, "Q01", "body:T1", "2023"), 1, 1, 1)
	zip2, err := ZIP(ctx, st.DB(), id)
	if err != nil || !bytes.Equal(zip1, zip2) {
		t.Fatalf("the ZIP changed after a load (%v)", err)
	}

	rep, err := Verify(ctx, st, id)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() {
		t.Fatalf("verify: %+v", rep)
	}
	if len(rep.Values) < 4 || len(rep.Effects) == 0 || len(rep.Queries) != 1 {
		t.Fatalf("verify checked %d values, %d comparison rows, %d queries", len(rep.Values), len(rep.Effects), len(rep.Queries))
	}
	// The same query now, on the corrected records, gives other rows.
	q, _ := namedQuery("attendance_by_org_year")
	args, _, _ := q.Bind(map[string]string{"body_id": "T1"})
	cur, _ := st.DataVersion(ctx)
	if _, now, err := runQuery(ctx, st.DB(), q, args, cur); err != nil || now == rep.Queries[0].StoredSHA256 {
		t.Fatalf("the query's rows did not change with the correction (%v)", err)
	}

	if r := CheckZip(ctx, st.DB(), zip1); !r.OK() {
		t.Fatalf("the downloaded ZIP: %+v", r)
	}
	for _, at := range []int{0, 40, len(zip1) / 3, len(zip1) / 2, len(zip1) - 30} {
		bad := bytes.Clone(zip1)
		bad[at] ^= 0x01
		if r := CheckZip(ctx, st.DB(), bad); r.OK() {
			t.Fatalf("a ZIP with byte %d changed passed", at)
		}
	}
	// A stored value altered behind the package's back is reported.
	if _, err := st.DB().ExecContext(ctx, "UPDATE evidence_values SET value = 0.5 WHERE pack_id = ? AND seq = 1 AND NOT trend", id); err != nil {
		t.Fatal(err)
	}
	rep, err = Verify(ctx, st, id)
	if err != nil {
		t.Fatal(err)
	}
	bad := 0
	for _, c := range rep.Values {
		if !c.Match {
			bad++
			if c.Item != 1 || *c.Stored != 0.5 || *c.Recomputed != 1 {
				t.Fatalf("mismatch reported as %+v", c)
			}
		}
	}
	if rep.OK() || bad != 1 {
		t.Fatalf("altered value: OK %v, %d mismatches", rep.OK(), bad)
	}
	// Offline, the manifest alone still catches a changed file.
	if r := VerifyZip(tamper(t, zip1)); r.OK() {
		t.Fatalf("a ZIP with a changed values.csv passed its manifest: %+v", r)
	}
}

// tamper rewrites values.csv inside the ZIP, keeping it a valid ZIP.
func tamper(t *testing.T, data []byte) []byte {
	t.Helper()
	files, err := unzip(data)
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range files {
		if strings.HasSuffix(name, "/values.csv") {
			files[name] = bytes.Replace(b, []byte("body:T1"), []byte("body:T2"), 1)
		}
	}
	return rezip(t, files)
}

func rezip(t *testing.T, files map[string][]byte) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for name, body := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(body)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// Public withholds what the indicators' small-cell rules withhold: E01's
// value about 2 people goes, Q01's stays.
func TestPublicWithholdsSmallCells(t *testing.T) {
	one, two, half := 1.0, 2.0, 0.5
	p := &Pack{Items: []Item{
		{Kind: KindIndicator, Indicator: "E01", Values: []indicator.Value{{Indicator: "E01", Value: &half, Numerator: &one, Denominator: &two}}},
		{Kind: KindIndicator, Indicator: "Q01", Values: []indicator.Value{{Indicator: "Q01", Value: &half, Numerator: &one, Denominator: &two}}},
	}}
	pub := p.Public()
	if e := pub.Items[0].Values[0]; !e.Suppressed || e.Value != nil || e.Numerator != nil || e.Denominator != nil {
		t.Fatalf("E01 about 2 people: %+v", e)
	}
	if q := pub.Items[1].Values[0]; q.Suppressed || q.Value == nil {
		t.Fatalf("Q01: %+v", q)
	}
	if p.Items[0].Values[0].Value == nil {
		t.Fatal("Public changed the pack itself")
	}
}
