package sandbox

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// ResearchTables are the tables research SQL may read: the records, their
// history, the load log and the indicators. Not tokens, the audit log, job
// state or migrations; rejects only where their values may be seen (admin).
var ResearchTables = []string{
	"organisations", "bodies", "memberships", "meetings", "attendance", "contributions",
	"organisations_history", "bodies_history", "memberships_history", "meetings_history",
	"attendance_history", "contributions_history", "guideline_adoptions", "guideline_adoptions_history",
	"loads", "data_versions", "indicator_values", "indicator_brokers", "indicator_runs",
	"indicator_published", "indicator_catalogue", "calendar_it",
}

// AdminTables are the tables an administrator's SQL may read: the research
// tables, the rejects (with their values) and the audit log.
var AdminTables = append(append([]string{}, ResearchTables...), "rejects", "audit")

// tableFunctions are the table functions research SQL may call: row
// generators and the record-at-a-version macros. Every other one (read_*,
// glob, query, query_table, duckdb_*, pragma_*, parquet_*, sniff_csv, …)
// reaches outside the tables.
var tableFunctions = map[string]bool{
	"range": true, "generate_series": true, "unnest": true,
	"organisations_at": true, "bodies_at": true, "memberships_at": true, "meetings_at": true,
	"attendance_at": true, "contributions_at": true, "guideline_adoptions_at": true,
}

// deniedFunctions reach files, settings, secrets or run SQL built from
// strings; deniedPrefixes cover their families.
var (
	deniedFunctions = map[string]bool{
		"glob": true, "query": true, "query_table": true, "sniff_csv": true, "current_setting": true,
		"getenv": true, "which_secret": true, "getvariable": true, "json_execute_serialized_sql": true,
		"json_serialize_sql": true, "json_deserialize_sql": true, "json_serialize_plan": true,
	}
	deniedPrefixes = []string{"read_", "parquet_", "duckdb_", "pragma_", "sql_auto_complete", "icu_", "checkpoint", "force_checkpoint"}
)

// deniedRefs are FROM items that are not tables: SHOW and DESCRIBE (they
// name any table), and the planner's internal ones.
var deniedRefs = map[string]bool{"SHOW_REF": true, "COLUMN_DATA": true, "DELIM_GET": true}

// Refusal is a statement the gate refuses, with the reason shown to the user.
type Refusal struct{ Reason string }

func (r *Refusal) Error() string { return "refused: " + r.Reason }

// walk checks every node of a statement serialized by json_serialize_sql:
// every table it names, every function it calls, at any depth (CTEs,
// subqueries, arguments).
func walk(stmt json.RawMessage, tables map[string]bool) error {
	var tree any
	if err := json.Unmarshal(stmt, &tree); err != nil {
		return err
	}
	ctes := map[string]bool{}
	collectCTEs(tree, ctes)
	return check(tree, tables, ctes)
}

func collectCTEs(n any, ctes map[string]bool) {
	switch v := n.(type) {
	case map[string]any:
		if m, ok := v["cte_map"].(map[string]any); ok {
			if list, ok := m["map"].([]any); ok {
				for _, e := range list {
					if kv, ok := e.(map[string]any); ok {
						if k, ok := kv["key"].(string); ok {
							ctes[strings.ToLower(k)] = true
						}
					}
				}
			}
		}
		for _, c := range v {
			collectCTEs(c, ctes)
		}
	case []any:
		for _, c := range v {
			collectCTEs(c, ctes)
		}
	}
}

func check(n any, tables, ctes map[string]bool) error {
	switch v := n.(type) {
	case map[string]any:
		typ, _ := v["type"].(string)
		class, _ := v["class"].(string)
		switch {
		case typ == "BASE_TABLE":
			if err := checkTable(v, tables, ctes); err != nil {
				return err
			}
		case typ == "TABLE_FUNCTION":
			fn, _ := v["function"].(map[string]any)
			name, _ := fn["function_name"].(string)
			if !tableFunctions[strings.ToLower(name)] {
				return &Refusal{fmt.Sprintf("the table function %s is not allowed (only range, generate_series, unnest and the <kind>_at(version) macros)", name)}
			}
		case class == "FUNCTION":
			name, _ := v["function_name"].(string)
			if err := checkFunction(name); err != nil {
				return err
			}
		case class == "" && deniedRefs[typ]:
			return &Refusal{"this kind of FROM item is not allowed: " + strings.ToLower(typ)}
		}
		for _, c := range v {
			if err := check(c, tables, ctes); err != nil {
				return err
			}
		}
	case []any:
		for _, c := range v {
			if err := check(c, tables, ctes); err != nil {
				return err
			}
		}
	}
	return nil
}

func checkTable(v map[string]any, tables, ctes map[string]bool) error {
	name := strings.ToLower(fmt.Sprint(v["table_name"]))
	schema := strings.ToLower(fmt.Sprint(v["schema_name"]))
	catalog := fmt.Sprint(v["catalog_name"])
	if catalog == "" && schema == "" && ctes[name] {
		return nil
	}
	if catalog != "" || (schema != "" && schema != "main") {
		return &Refusal{fmt.Sprintf("only the tables of the Osservatorio can be read, not %s.%s", schema, name)}
	}
	if !tables[name] {
		if strings.ContainsAny(name, "/.\\:") {
			return &Refusal{fmt.Sprintf("files cannot be read (%q): only the tables of the Osservatorio", name)}
		}
		return &Refusal{fmt.Sprintf("no table %q: the tables are %s", name, strings.Join(sortedKeys(tables), ", "))}
	}
	return nil
}

func checkFunction(name string) error {
	n := strings.ToLower(name)
	if deniedFunctions[n] {
		return &Refusal{fmt.Sprintf("the function %s is not allowed (it reaches files, settings or builds SQL from text)", name)}
	}
	for _, p := range deniedPrefixes {
		if strings.HasPrefix(n, p) {
			return &Refusal{fmt.Sprintf("the function %s is not allowed (it reaches files, settings or the database's internals)", name)}
		}
	}
	return nil
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
