-- Incremental refresh: which cells (scope, period) to recompute, run after
-- _prepare.sql when a base snapshot exists (internal/indicator/incremental.go).
-- Variables: base_version, base_as_of (the base snapshot), as_of.
--
-- A record changed since the base is a row loaded after it (data_version >
-- base_version) or a row it held that was replaced since (in <kind>_history
-- with replaced_in > base_version): both the new and the old state count,
-- so a correction that moves a meeting to another body or year touches both.
-- Each change touches bodies, in one year (y) or in every period (y NULL):
--   meetings         the meeting's body, its year
--   attendance       its meeting's body and year (the meeting now and at the base)
--   contributions    the effective body (the meeting's, else body_id), the year submitted
--                    (also for contributions whose meeting changed)
--   memberships      the body, every period (composition is read at every period's date)
--   organisations    every body the organisation is a member of, attended or
--                    contributed to, now or at the base, every period
--   bodies           the body, every period, in the scopes of its attributes now and at the base
-- The cells to recompute are the touched bodies' scopes (under the body's
-- attributes now and at the base) in the touched years, the years after
-- them (a year's headline counts show the year before, _counts.sql) and
-- 'all'; every
-- cell of a period or scope the base did not have; and every scope's 'all'
-- when as_of changed (as_of is the composition date of 'all' only).

CREATE OR REPLACE TEMP TABLE ind_touch AS
WITH
mt_changed AS (
    SELECT meeting_id, body_id, date FROM meetings WHERE data_version > getvariable('base_version')
    UNION ALL
    SELECT meeting_id, body_id, date FROM meetings_history
    WHERE replaced_in > getvariable('base_version') AND data_version <= getvariable('base_version')
),
mt_both AS (
    SELECT meeting_id, body_id, date FROM meetings
    UNION ALL
    SELECT meeting_id, body_id, date FROM meetings_at(getvariable('base_version'))
),
att_changed AS (
    SELECT DISTINCT meeting_id FROM attendance WHERE data_version > getvariable('base_version')
    UNION
    SELECT meeting_id FROM attendance_history
    WHERE replaced_in > getvariable('base_version') AND data_version <= getvariable('base_version')
),
c_changed AS (
    SELECT meeting_id, body_id, submitted FROM contributions WHERE data_version > getvariable('base_version')
    UNION ALL
    SELECT meeting_id, body_id, submitted FROM contributions_history
    WHERE replaced_in > getvariable('base_version') AND data_version <= getvariable('base_version')
),
c_both AS (
    SELECT org_id, meeting_id, body_id, submitted FROM contributions
    UNION ALL
    SELECT org_id, meeting_id, body_id, submitted FROM contributions_at(getvariable('base_version'))
),
mem_changed AS (
    SELECT body_id FROM memberships WHERE data_version > getvariable('base_version')
    UNION
    SELECT body_id FROM memberships_history
    WHERE replaced_in > getvariable('base_version') AND data_version <= getvariable('base_version')
),
body_changed AS (
    SELECT body_id FROM bodies WHERE data_version > getvariable('base_version')
    UNION
    SELECT body_id FROM bodies_history
    WHERE replaced_in > getvariable('base_version') AND data_version <= getvariable('base_version')
),
org_changed AS (
    SELECT org_id FROM organisations WHERE data_version > getvariable('base_version')
    UNION
    SELECT org_id FROM organisations_history
    WHERE replaced_in > getvariable('base_version') AND data_version <= getvariable('base_version')
)
SELECT body_id, CAST(year(date) AS INTEGER) AS y FROM mt_changed
UNION
SELECT m.body_id, CAST(year(m.date) AS INTEGER) FROM att_changed a JOIN mt_both m USING (meeting_id)
UNION
SELECT coalesce(m.body_id, c.body_id), CAST(year(c.submitted) AS INTEGER)
FROM c_changed c LEFT JOIN mt_both m USING (meeting_id)
UNION
SELECT c.body_id, CAST(year(c.submitted) AS INTEGER) FROM c_changed c WHERE c.body_id IS NOT NULL
UNION
SELECT m.body_id, CAST(year(c.submitted) AS INTEGER) FROM c_both c JOIN mt_changed m USING (meeting_id)
UNION
SELECT body_id, NULL FROM mem_changed
UNION
SELECT body_id, NULL FROM body_changed
UNION
SELECT m.body_id, NULL FROM (
    SELECT body_id, org_id FROM memberships UNION ALL
    SELECT body_id, org_id FROM memberships_at(getvariable('base_version'))
) m SEMI JOIN org_changed o USING (org_id)
UNION
SELECT m.body_id, NULL FROM (
    SELECT meeting_id, org_id FROM attendance UNION ALL
    SELECT meeting_id, org_id FROM attendance_at(getvariable('base_version'))
) a SEMI JOIN org_changed o USING (org_id)
JOIN mt_both m USING (meeting_id)
UNION
SELECT coalesce(m.body_id, c.body_id), NULL FROM c_both c SEMI JOIN org_changed o USING (org_id)
LEFT JOIN mt_both m USING (meeting_id)
UNION
SELECT c.body_id, NULL FROM c_both c SEMI JOIN org_changed o USING (org_id) WHERE c.body_id IS NOT NULL;

-- The scopes each touched body is in, under its attributes now and at the base.
CREATE OR REPLACE TEMP TABLE ind_touch_scope AS
WITH attrs AS (
    SELECT body_id, type, programme, cycle, nuts FROM bodies
    WHERE body_id IN (SELECT body_id FROM ind_touch)
    UNION
    SELECT body_id, type, programme, cycle, nuts FROM bodies_at(getvariable('base_version'))
    WHERE body_id IN (SELECT body_id FROM ind_touch)
)
SELECT DISTINCT body_id, scope FROM (
    SELECT body_id, 'all' AS scope FROM attrs
    UNION ALL SELECT body_id, 'body:' || body_id FROM attrs
    UNION ALL SELECT body_id, 'body_type:' || type FROM attrs
    UNION ALL SELECT body_id, 'programme:' || programme FROM attrs WHERE programme IS NOT NULL
    UNION ALL SELECT body_id, 'cycle:' || cycle FROM attrs WHERE cycle IS NOT NULL
    UNION ALL SELECT body_id, 'nuts:' || left(nuts, 4) FROM attrs WHERE length(nuts) >= 4
);

-- The base snapshot's cells: P01 has exactly one row per cell.
CREATE OR REPLACE TEMP TABLE ind_base_cell AS
SELECT scope, period FROM indicator_values
WHERE data_version = getvariable('base_version') AND as_of = getvariable('base_as_of')
  AND indicator = 'P01' AND category = '';

CREATE OR REPLACE TEMP TABLE ind_cell AS
SELECT g.s, g.p FROM ind_grid g
JOIN ind_touch_scope ts ON ts.scope = g.scope
JOIN ind_touch t ON t.body_id = ts.body_id AND (t.y IS NULL OR g.p IN (t.y, t.y + 1) OR g.p = 0)
UNION
SELECT s, p FROM ind_grid
WHERE p = 0 AND getvariable('as_of') <> getvariable('base_as_of')
UNION
SELECT g.s, g.p FROM ind_grid g ANTI JOIN ind_base_cell b ON b.scope = g.scope AND b.period = g.period;

-- Every cell of the new grid, for the copy of the others; then the grid,
-- the scopes' bodies and so every later step shrink to the cells to compute.
CREATE OR REPLACE TEMP TABLE ind_grid_all AS SELECT s, p, scope, period FROM ind_grid;

DELETE FROM ind_grid g WHERE NOT EXISTS (SELECT 1 FROM ind_cell c WHERE c.s = g.s AND c.p = g.p);

DELETE FROM ind_scope_body sb WHERE NOT EXISTS (SELECT 1 FROM ind_grid g WHERE g.s = sb.s);
