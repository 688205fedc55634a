-- Incremental refresh: copy the cells that were not recomputed from the base
-- snapshot (see _changes.sql). Named statements; parameters: the new data
-- version, the new as_of. The copies keep the base's computed_at and say
-- carried = true.

-- name: carry_cells
-- The base's cells not to copy: those recomputed, and those the new grid no
-- longer has (a year without meetings now, a scope without bodies). A small
-- set, so the copies below are a scan of the base with a tiny hash table.
CREATE OR REPLACE TEMP TABLE ind_skip AS
SELECT scope, period FROM ind_grid
UNION ALL
SELECT b.scope, b.period FROM ind_base_cell b
ANTI JOIN ind_grid_all a ON a.scope = b.scope AND a.period = b.period

-- name: carry_values
INSERT INTO indicator_values BY NAME
SELECT v.* EXCLUDE (data_version, as_of, carried),
       CAST(? AS BIGINT) AS data_version, CAST(? AS DATE) AS as_of, true AS carried
FROM indicator_values v
ANTI JOIN ind_skip c ON c.scope = v.scope AND c.period = v.period
WHERE v.data_version = getvariable('base_version') AND v.as_of = getvariable('base_as_of')

-- name: carry_brokers
INSERT INTO indicator_brokers BY NAME
SELECT b.* EXCLUDE (data_version, as_of, carried),
       CAST(? AS BIGINT) AS data_version, CAST(? AS DATE) AS as_of, true AS carried
FROM indicator_brokers b
ANTI JOIN ind_skip c ON c.scope = b.scope AND c.period = b.period
WHERE b.data_version = getvariable('base_version') AND b.as_of = getvariable('base_as_of')

-- name: carry_keys
INSERT INTO indicator_graph_keys BY NAME
SELECT k.* EXCLUDE (data_version, as_of, carried),
       CAST(? AS BIGINT) AS data_version, CAST(? AS DATE) AS as_of, true AS carried
FROM indicator_graph_keys k
ANTI JOIN ind_skip c ON c.scope = k.scope AND c.period = k.period
WHERE k.data_version = getvariable('base_version') AND k.as_of = getvariable('base_as_of')

-- name: carry_counts
INSERT INTO indicator_counts BY NAME
SELECT k.* EXCLUDE (data_version, as_of, carried),
       CAST(? AS BIGINT) AS data_version, CAST(? AS DATE) AS as_of, true AS carried
FROM indicator_counts k
ANTI JOIN ind_skip c ON c.scope = k.scope AND c.period = k.period
WHERE k.data_version = getvariable('base_version') AND k.as_of = getvariable('base_as_of')

-- name: carry_attendance_category
INSERT INTO indicator_attendance_category BY NAME
SELECT k.* EXCLUDE (data_version, as_of, carried),
       CAST(? AS BIGINT) AS data_version, CAST(? AS DATE) AS as_of, true AS carried
FROM indicator_attendance_category k
ANTI JOIN ind_skip c ON c.scope = k.scope AND c.period = k.period
WHERE k.data_version = getvariable('base_version') AND k.as_of = getvariable('base_as_of')
