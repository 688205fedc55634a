package sandbox

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
)

// recordTables are the tables a query at a past data version reads through
// their <table>_at(version) macros.
var recordTables = map[string]bool{"organisations": true, "bodies": true, "memberships": true,
	"meetings": true, "attendance": true, "contributions": true, "guideline_adoptions": true}

// AtVersion rewrites a checked statement so that every record table it reads
// is read as it was at data version v (the <table>_at(v) macros over the
// current and history tables), by editing DuckDB's own parse tree and
// turning it back into SQL: no text substitution.
func AtVersion(ctx context.Context, db *sql.DB, query string, v int64) (string, error) {
	var out string
	if err := db.QueryRowContext(ctx, "SELECT json_serialize_sql(?::VARCHAR)::VARCHAR", query).Scan(&out); err != nil {
		return "", err
	}
	var tree map[string]any
	dec := json.NewDecoder(strings.NewReader(out))
	dec.UseNumber() // query locations are uint64: keep every number exact
	if err := dec.Decode(&tree); err != nil {
		return "", err
	}
	ctes := map[string]bool{}
	collectCTEs(tree, ctes)
	rewriteTables(tree, v, ctes)
	b, err := json.Marshal(tree)
	if err != nil {
		return "", err
	}
	var rewritten sql.NullString
	if err := db.QueryRowContext(ctx, "SELECT json_deserialize_sql(?::JSON)", string(b)).Scan(&rewritten); err != nil {
		return "", fmt.Errorf("sandbox: time travel: %w", err)
	}
	return rewritten.String, nil
}

// rewriteTables replaces, in place, every BASE_TABLE node naming a record
// table with a call of its _at macro (an unqualified name that a CTE
// defines is the CTE, and is left alone).
func rewriteTables(n any, v int64, ctes map[string]bool) {
	switch x := n.(type) {
	case map[string]any:
		for k, c := range x {
			if name, ok := recordRef(c, ctes); ok {
				x[k] = atCall(name, fmt.Sprint(c.(map[string]any)["alias"]), v)
				continue
			}
			rewriteTables(c, v, ctes)
		}
	case []any:
		for i, c := range x {
			if name, ok := recordRef(c, ctes); ok {
				x[i] = atCall(name, fmt.Sprint(c.(map[string]any)["alias"]), v)
				continue
			}
			rewriteTables(c, v, ctes)
		}
	}
}

// recordRef reports whether a node reads a record table, and which.
func recordRef(n any, ctes map[string]bool) (string, bool) {
	m, ok := n.(map[string]any)
	if !ok || m["type"] != "BASE_TABLE" || fmt.Sprint(m["catalog_name"]) != "" {
		return "", false
	}
	name := strings.ToLower(fmt.Sprint(m["table_name"]))
	switch strings.ToLower(fmt.Sprint(m["schema_name"])) {
	case "main":
		return name, recordTables[name]
	case "":
		return name, recordTables[name] && !ctes[name]
	}
	return "", false
}

// atCall is the serialized form of "<table>_at(v) AS <alias or table>", as
// json_serialize_sql writes it, so that column references keep resolving.
func atCall(table, alias string, v int64) map[string]any {
	if alias == "" {
		alias = table
	}
	return map[string]any{
		"type": "TABLE_FUNCTION", "alias": alias, "column_name_alias": []any{}, "query_location": 0,
		"sample": nil, "with_ordinality": "WITHOUT_ORDINALITY",
		"function": map[string]any{
			"class": "FUNCTION", "type": "FUNCTION", "alias": "", "catalog": "", "schema": "",
			"function_name": table + "_at", "distinct": false, "export_state": false, "filter": nil,
			"is_operator": false, "query_location": 0,
			"order_bys": map[string]any{"orders": []any{}, "type": "ORDER_MODIFIER"},
			"children": []any{map[string]any{"class": "CONSTANT", "type": "VALUE_CONSTANT", "alias": "", "query_location": 0,
				"value": map[string]any{"is_null": false, "type": map[string]any{"id": "BIGINT", "type_info": nil}, "value": v}}},
		},
	}
}
