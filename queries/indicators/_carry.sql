-- Incremental refresh: copy the cells that were not recomputed from the base
-- snapshot (see _changes.sql). Named statements; parameters: the new data
-- version, the new as_of. The copies keep every column but the snapshot's
-- (computed_at stays the base's) and say carried = true.

-- name: carry_cells
-- The base's cells not to copy: those recomputed, and those the new grid no
-- longer has (a year without meetings now, a scope without bodies). A small
-- set, so the copies below are a scan of the base with a tiny hash table.
CREATE OR REPLACE TEMP TABLE ind_skip AS
SELECT scope, period FROM ind_grid
UNION ALL
SELECT b.scope, b.period FROM ind_base_cell b
ANTI JOIN ind_grid_all a ON a.scope = b.scope AND a.period = b.period

-- name: carry_table
-- Copies a snapshot table's rows of the carried cells (run for each table
-- of indicator.snapshotTables, named in place of {table}), in the base's
-- order: sorted already (storeValues), so they are not sorted
-- again.
INSERT INTO {table} BY NAME
SELECT k.* EXCLUDE (data_version, as_of, carried),
       CAST(? AS BIGINT) AS data_version, CAST(? AS DATE) AS as_of, true AS carried
FROM {table} k
ANTI JOIN ind_skip c ON c.scope = k.scope AND c.period = k.period
WHERE k.data_version = getvariable('base_version') AND k.as_of = getvariable('base_as_of')
