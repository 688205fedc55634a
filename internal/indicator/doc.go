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
// data version in one writer transaction. _prepare.sql builds temp tables
// (keys, scopes, periods, members at each date); two grouping steps run in
// Go because DuckDB does them badly at scale: the attendance pass
// (attendance.go: every attendance row once, by meeting) and the rollups
// (rollup.go, prepared.go: body-level rows added up per scope and period).
// The network step builds the co-participation graphs and runs their exact
// betweenness (network_brandes.go) beside the SQL indicators, or above the
// limits its sampling estimate (network_sample.go): network.go drives it,
// network_input.go reads its inputs, network_union.go builds the graphs
// (graph.go: their compact form), network_betweenness.go runs N03 within its
// budget and network_rows.go makes the N01, N03, N05 rows. Each indicator
// file is inserted into indicator_values. indicator_brokers keeps N03's top 10 and
// indicator_runs one row per (data_version, as_of); a refresh for a pair
// already there is a no-op, and older versions stay. The order of the steps
// is in queries/indicators/README.md.
//
// Values, Brokers and Snapshots read the snapshots back.
//
// The package uses the DuckDB Arrow API: build with -tags duckdb_arrow.
package indicator
