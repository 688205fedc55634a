-- Inputs of the rollups, run after _prepare.sql. The Go side
-- (internal/indicator/rollup.go, prepared.go) adds each input's rows up over
-- the bodies of every scope, period by period, and writes the result as a
-- temp table; _scoped.sql and the indicator files read those tables.
-- Named statements: each starts with a line "-- name: <name>".
--
-- Output tables (every key met in the scope and period, once):
--   ind_sp_org(s, p, inv_meetings, inv_meetings_present, contribs, n)
--       the invited organisations of each scope and period, as a histogram:
--       n organisations were invited to inv_meetings meetings there, present
--       at inv_meetings_present of them, and made contribs contributions
--       there; organisations never invited there are left out
--       (sum(inv_meetings) > 0). A histogram, not a row per organisation:
--       the indicators only count organisations by these numbers.
--   ind_scope_member(s, p, o, n_bodies, in_prev)
--       member organisations of each scope at each composition date (p, incl.
--       the years before the year periods, for P06), with the number of the
--       scope's bodies they sit in, and in_prev = 1 when the organisation was
--       also a member of the scope at p-1 (for a year p).
--   ind_att_people_sp(s, p, f, fm)   for E01: people present at the meetings
--   ind_voters_sp(s, p, f, fm)       for E02: voting members in office at t
--       fm = distinct person_ids with gender F or M, f = those with gender F
--       (a person recorded both F and M counts in both).

-- name: sp_org
-- b, y, o, then the measures. Year rows: each counts in its year and in 'all'.
SELECT b, y, o, inv_meetings, inv_meetings_present, contribs FROM ind_bo

-- name: scope_member
-- b, p, o, then the measure: one row per membership of an organisation in a
-- body at a composition date.
SELECT b, p, o, 1 AS n_bodies FROM ind_member_pbo

-- name: att_people
-- b, y, person, f. Year rows.
SELECT b, y, person_id, f FROM ind_att_people

-- name: voters
-- b, p, person, f: voting members with gender F or M in office at the
-- periods' composition dates (one row per membership row: the rollup counts
-- a person once and f when any of their rows says F).
SELECT b, p, person_id, gender = 'F' AS f
FROM ind_member
WHERE voting AND person_id IS NOT NULL AND gender IN ('F', 'M')
  AND p IN (SELECT p FROM ind_period)
