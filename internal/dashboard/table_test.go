package dashboard

import (
	"context"
	"path/filepath"
	"testing"

	"osservatorio/internal/store"
)

// Every integer and decimal type DuckDB returns is a number to the charts:
// HUGEINT (count_if) once came back as *big.Int and drew an empty series.
func TestEveryNumericTypeIsANumber(t *testing.T) {
	st, err := store.Open(context.Background(), store.Options{Path: filepath.Join(t.TempDir(), "t.duckdb")})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rows, err := st.DB().Query(`SELECT 7::TINYINT, 7::SMALLINT, 7::INTEGER, 7::BIGINT, 7::HUGEINT, 7::UTINYINT,
		7::USMALLINT, 7::UINTEGER, 7::UBIGINT, 7::UHUGEINT, 7::DECIMAL(4,1), 7::DECIMAL(18,3), 7::DECIMAL(38,10),
		7::FLOAT, 7::DOUBLE, count_if(true), 170141183460469231731687303715884105727::HUGEINT`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	tab, err := readTable(rows)
	if err != nil || len(tab.Rows) != 1 {
		t.Fatalf("%v %v", tab, err)
	}
	for i, v := range tab.Rows[0] {
		f, ok := Number(v)
		want := 7.0
		if i == 15 {
			want = 1
		}
		if i == 16 {
			want = 1.7014118346046923e38
		}
		if !ok || f != want {
			t.Errorf("column %d (%T %v): %v %v, want %v", i, v, v, f, ok, want)
		}
	}
	if _, ok := Number(Suppressed{}); ok {
		t.Error("a withheld cell reads as a number")
	}
}

// The definition check refuses at start-up what the pages cannot draw.
func TestCheckRefusesWhatCannotBeDrawn(t *testing.T) {
	base := func(p Panel) Dashboard {
		return Dashboard{ID: "x", Title: Text{IT: "X"}, Panels: []Panel{p}}
	}
	for name, p := range map[string]Panel{
		"sankey":            {ID: "a", Chart: "sankey", Indicator: "P01"},
		"unknown view":      {ID: "a", Chart: "line", Indicator: "P01", View: "headline"},
		"kpis without ids":  {ID: "a", Chart: "kpis"},
		"map without x":     {ID: "a", Chart: "map", Query: "partners_by_region"},
		"small cell on ind": {ID: "a", Chart: "line", Indicator: "E01", SmallCell: &SmallCell{Count: "n", Below: 3, Columns: []string{"v"}}},
		"unknown query":     {ID: "a", Chart: "bar", Query: "nope"},
		"link on indicator": {ID: "a", Chart: "line", Indicator: "P01", Links: map[string]Link{"categoria": {To: "org", ID: "id"}}},
		"link to nowhere":   {ID: "a", Chart: "table", Query: "brokers", Links: map[string]Link{"organizzazione": {To: "person", ID: "id_organizzazione"}}},
		"link without id":   {ID: "a", Chart: "table", Query: "brokers", Links: map[string]Link{"organizzazione": {To: "org"}}},
	} {
		d := base(p)
		if err := d.check("x.yaml"); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	ok := base(Panel{ID: "a", Chart: "line", Indicator: "P01", View: "series"})
	if err := ok.check("x.yaml"); err != nil {
		t.Errorf("a valid panel: %v", err)
	}
	if _, err := All(); err != nil {
		t.Errorf("the shipped dashboards: %v", err)
	}
}

// The small-cell rule of a query panel withholds the declared columns of rows
// with 1 or 2 people, and only those.
func TestQueryPanelSmallCell(t *testing.T) {
	tab := Table{Columns: []string{"organismo", "donne", "persone", "quota_donne"}, Rows: [][]any{
		{"A", int64(1), int64(2), 0.5}, {"B", int64(0), int64(0), nil}, {"C", int64(2), int64(3), 2.0 / 3},
	}}
	r := &SmallCell{Count: "persone", Below: 3, Columns: []string{"donne", "persone", "quota_donne"}}
	r.apply(tab)
	if !AnySuppressed(tab.Rows[0]) || tab.Rows[0][0] != "A" {
		t.Errorf("2 people not withheld: %v", tab.Rows[0])
	}
	for _, i := range []int{1, 2} {
		if AnySuppressed(tab.Rows[i]) {
			t.Errorf("row %d withheld: %v", i, tab.Rows[i])
		}
	}
}
