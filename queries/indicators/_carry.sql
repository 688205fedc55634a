-- Incremental refresh: copy the cells that were not recomputed from the base
-- snapshot (see _changes.sql). Named statements; parameters: the new data
-- version, the new as_of. The copies keep the base's computed_at and say
-- carried = true.

-- name: carry_cells
-- The cells of the new grid that are not recomputed.
CREATE OR REPLACE TEMP TABLE ind_carry AS
SELECT a.scope, a.period FROM ind_grid_all a
ANTI JOIN ind_grid g ON g.s = a.s AND g.p = a.p

-- name: carry_values
INSERT INTO indicator_values BY NAME
SELECT v.* EXCLUDE (data_version, as_of, carried),
       CAST(? AS BIGINT) AS data_version, CAST(? AS DATE) AS as_of, true AS carried
FROM indicator_values v
SEMI JOIN ind_carry c ON c.scope = v.scope AND c.period = v.period
WHERE v.data_version = getvariable('base_version') AND v.as_of = getvariable('base_as_of')

-- name: carry_brokers
INSERT INTO indicator_brokers BY NAME
SELECT b.* EXCLUDE (data_version, as_of, carried),
       CAST(? AS BIGINT) AS data_version, CAST(? AS DATE) AS as_of, true AS carried
FROM indicator_brokers b
SEMI JOIN ind_carry c ON c.scope = b.scope AND c.period = b.period
WHERE b.data_version = getvariable('base_version') AND b.as_of = getvariable('base_as_of')
