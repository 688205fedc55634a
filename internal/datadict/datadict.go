// Package datadict is the data dictionary of the research tables: every
// table and column with its DuckDB type (read from the database, so it
// cannot drift from the schema) and its meaning in Italian and English
// (descriptions.go). GET /api/schema serves it and docs/SCHEMA.md is
// generated from it; a test fails when a column has no description.
package datadict

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"strings"
)

// Column is one column of a table.
type Column struct {
	Name          string `json:"name"`
	Type          string `json:"type"`
	DescriptionIT string `json:"description_it"`
	DescriptionEN string `json:"description_en"`
}

// Table is one table with its columns in their order.
type Table struct {
	Name          string   `json:"name"`
	DescriptionIT string   `json:"description_it"`
	DescriptionEN string   `json:"description_en"`
	Columns       []Column `json:"columns"`
}

// Describe reads the columns and types of the named tables from the
// database, in the order given, with their descriptions (empty where there
// is none: Undescribed lists them).
func Describe(ctx context.Context, db *sql.DB, names []string) ([]Table, error) {
	rows, err := db.QueryContext(ctx, `SELECT table_name, column_name, data_type FROM information_schema.columns
		WHERE table_schema = 'main' ORDER BY table_name, ordinal_position`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols := map[string][]Column{}
	for rows.Next() {
		var t string
		var c Column
		if err := rows.Scan(&t, &c.Name, &c.Type); err != nil {
			return nil, err
		}
		d, _ := describe(t, c.Name)
		c.DescriptionIT, c.DescriptionEN = d.IT, d.EN
		cols[t] = append(cols[t], c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]Table, 0, len(names))
	for _, n := range names {
		if len(cols[n]) == 0 {
			return nil, fmt.Errorf("datadict: no table %s in the database", n)
		}
		d, _ := describeTable(n)
		out = append(out, Table{Name: n, DescriptionIT: d.IT, DescriptionEN: d.EN, Columns: cols[n]})
	}
	return out, nil
}

// Undescribed lists the tables and columns (table.column) without a
// description in either language, and the descriptions of columns the
// tables do not have.
func Undescribed(ts []Table) []string {
	var out []string
	for _, t := range ts {
		if d, ok := describeTable(t.Name); !ok || d.IT == "" || d.EN == "" {
			out = append(out, t.Name)
		}
		have := map[string]bool{}
		for _, c := range t.Columns {
			have[c.Name] = true
			if d, ok := describe(t.Name, c.Name); !ok || d.IT == "" || d.EN == "" {
				out = append(out, t.Name+"."+c.Name)
			}
		}
		for c := range columns[t.Name] {
			if !have[c] {
				out = append(out, t.Name+"."+c+" (described, not in the table)")
			}
		}
	}
	return out
}

// Markdown writes the dictionary as docs/SCHEMA.md holds it.
func Markdown(w io.Writer, ts []Table) error {
	var b strings.Builder
	b.WriteString("# Schema: the research tables / Le tabelle per la ricerca\n\n")
	b.WriteString("<!-- Generated from internal/datadict by `go test -tags duckdb_arrow ./internal/datadict -update`: do not edit. -->\n\n")
	b.WriteString("Every table research SQL (`POST /api/sql`), the named exports and the dataset read, with each column's\n")
	b.WriteString("DuckDB type and meaning. The same dictionary is served as JSON by `GET /api/schema`.\n\n")
	b.WriteString("Ogni tabella che l'SQL di ricerca, le esportazioni con nome e il dataset leggono, con il tipo DuckDB e il\n")
	b.WriteString("significato di ogni colonna. Lo stesso dizionario è servito in JSON da `GET /api/schema`.\n\n")
	for _, t := range ts {
		fmt.Fprintf(&b, "- [%s](#%s)\n", t.Name, t.Name)
	}
	for _, t := range ts {
		fmt.Fprintf(&b, "\n## %s\n\n%s\n\n*%s*\n\n| column | type | descrizione | description |\n|---|---|---|---|\n", t.Name, t.DescriptionEN, t.DescriptionIT)
		for _, c := range t.Columns {
			fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", c.Name, c.Type, cell(c.DescriptionIT), cell(c.DescriptionEN))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func cell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
