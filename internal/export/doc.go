// Package export streams query results in the formats researchers' tools
// read: CSV (RFC 4180), CSV for Italian Excel, JSON Lines, a JSON page for a
// console, Parquet, Arrow IPC and XLSX. Every writer takes DuckDB's result
// as Arrow record batches and holds one at a time (the DuckDB driver itself
// materialises a result before its first batch: see docs/BENCHMARKS.md), and
// carries the export's provenance (data version, reference date, SQL and
// its SHA-256, time, service version) in the file where the format has room.
package export
