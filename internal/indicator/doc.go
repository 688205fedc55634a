// Package indicator computes the structural partnership indicators of
// the Osservatorio catalogue (queries/indicators) and keeps them as snapshots.
//
// The catalogue is queries/indicators: one .sql file per indicator, with a
// metadata header (names, family, unit, Code of Conduct source, direction,
// small-cell rule, explanations in Italian and English) and one SELECT that
// returns a row for every scope × period (× category). Catalogue parses the
// headers; queries/indicators/README.md documents the format and the choices
// made where the definitions leave room.
//
// Refresh computes every indicator for every scope and period of the current
// data version in one writer transaction: _prepare.sql builds temp tables
// (scopes, periods, members at each date, attendance and contributions per
// scope and period), the network step (network.go) builds the
// co-participation graphs in Go and runs gonum's betweenness, then each
// indicator file is inserted into indicator_values. indicator_brokers keeps
// N03's top 10 and indicator_runs one row per (data_version, as_of); a
// refresh for a pair already there is a no-op, and older versions stay.
//
// Values, Brokers and Snapshots read the snapshots back.
//
// The package uses the DuckDB Arrow API: build with -tags duckdb_arrow.
package indicator
