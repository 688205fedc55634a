// Package queries embeds the project's SQL: schema migrations, indicator
// definitions, dashboard queries, the guideline comparison and the named
// exports. The SQL lives in plain .sql files so that researchers can read
// exactly what the service computes.
package queries

import "embed"

// FS holds every .sql file under queries/.
//
//go:embed schema/*.sql indicators/*.sql dashboards/*.sql pages/*.sql guidelines/*.sql exports/*.sql
var FS embed.FS
