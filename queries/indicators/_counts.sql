-- The headline counts of every cell of the grid (indicator_counts, schema
-- 015), run after _scoped.sql. They are what queries/dashboards/
-- headline_counts.sql computes from the records for one scope: the year
-- (the period's; for 'all' the scope's latest year with a meeting), the
-- member organisations and the bodies with members at 31 December of that
-- year and of the year before, and the meetings of both years. Named
-- statement; parameters: data version, as_of.

-- name: store_counts
INSERT INTO indicator_counts (data_version, as_of, scope, period, year, partners, bodies, meetings,
                              prev_year, prev_partners, prev_bodies, prev_meetings)
WITH my AS (
    SELECT sb.s, m.y, count(*) AS n
    FROM ind_meeting m JOIN ind_scope_body sb ON sb.b = m.b
    GROUP BY sb.s, m.y
),
latest AS (SELECT s, max(y) AS y FROM my GROUP BY s),
cell AS (
    SELECT g.s, g.scope, g.period, CASE WHEN g.p > 0 THEN g.p ELSE l.y END AS y
    FROM ind_grid g LEFT JOIN latest l ON l.s = g.s
),
-- ind_scope_member and ind_member_pbo hold every year period's 31 December
-- and the one before it (ind_tdate): the cells' years and the years before.
pc AS (SELECT s, p, count(*) AS n FROM ind_scope_member GROUP BY s, p),
bc AS (
    SELECT sb.s, x.p, count(*) AS n
    FROM (SELECT DISTINCT p, b FROM ind_member_pbo WHERE p > 0) x JOIN ind_scope_body sb ON sb.b = x.b
    GROUP BY sb.s, x.p
)
SELECT CAST(? AS BIGINT), CAST(? AS DATE), c.scope, c.period, c.y,
       coalesce(p0.n, 0), coalesce(b0.n, 0), coalesce(m0.n, 0),
       c.y - 1, coalesce(p1.n, 0), coalesce(b1.n, 0), coalesce(m1.n, 0)
FROM cell c
LEFT JOIN pc p0 ON p0.s = c.s AND p0.p = c.y
LEFT JOIN bc b0 ON b0.s = c.s AND b0.p = c.y
LEFT JOIN my m0 ON m0.s = c.s AND m0.y = c.y
LEFT JOIN pc p1 ON p1.s = c.s AND p1.p = c.y - 1
LEFT JOIN bc b1 ON b1.s = c.s AND b1.p = c.y - 1
LEFT JOIN my m1 ON m1.s = c.s AND m1.y = c.y - 1

-- name: store_attendance_category
-- Invited attendance rows and those present or delegated, per cell of a
-- year and category of the organisation (categories with invited rows):
-- what queries/dashboards/attendance_by_category.sql computes for a scope.
INSERT INTO indicator_attendance_category (data_version, as_of, scope, period, category, invited, present)
SELECT CAST(? AS BIGINT), CAST(? AS DATE), g.scope, g.period, x.category, sum(x.inv_rows), sum(x.inv_present_rows)
FROM ind_grid g
JOIN ind_scope_body sb ON sb.s = g.s
JOIN ind_by_cat x ON x.b = sb.b AND x.y = g.p
WHERE g.p > 0
GROUP BY g.scope, g.period, x.category
ORDER BY g.scope, g.period, x.category

-- name: store_contribution_lorenz
-- The invited organisations of each cell by their number of contributions
-- there (P07's histogram): what queries/dashboards/contributions_lorenz.sql
-- draws for a scope, one point per distinct number.
INSERT INTO indicator_contribution_lorenz (data_version, as_of, scope, period, contribs, orgs)
SELECT CAST(? AS BIGINT), CAST(? AS DATE), g.scope, g.period, x.contribs, sum(x.n)
FROM ind_grid g
JOIN ind_sp_org x ON x.s = g.s AND x.p = g.p
GROUP BY g.scope, g.period, x.contribs
ORDER BY g.scope, g.period, x.contribs

-- name: store_top_contributors
-- Each cell's organisations by contributions there (accepted or partially
-- accepted among them), the first 15 and their ties: what
-- queries/dashboards/top_contributors.sql lists for a scope.
INSERT INTO indicator_top_contributors (data_version, as_of, scope, period, org_id, contributions, accepted)
WITH bo AS (
    SELECT b, y, o, count(*) AS n, count_if(outcome IN ('accepted', 'partially_accepted')) AS accepted
    FROM ind_contrib GROUP BY b, y, o
),
sp AS (
    SELECT g.scope, g.period, x.o, sum(x.n) AS n, sum(x.accepted) AS accepted
    FROM ind_grid g
    JOIN ind_scope_body sb ON sb.s = g.s
    JOIN ind_yp yp ON yp.p = g.p
    JOIN bo x ON x.b = sb.b AND x.y = yp.y
    GROUP BY g.scope, g.period, x.o
)
SELECT CAST(? AS BIGINT), CAST(? AS DATE), sp.scope, sp.period, og.org_id, sp.n, sp.accepted
FROM sp JOIN ind_org og ON og.o = sp.o
QUALIFY rank() OVER (PARTITION BY sp.scope, sp.period ORDER BY sp.n DESC) <= 15
ORDER BY sp.scope, sp.period, og.org_id

-- name: store_partners_region
-- Each cell's member organisations by NUTS 2 code (organisations with one):
-- what queries/dashboards/partners_by_region.sql counts for a scope.
INSERT INTO indicator_partners_region (data_version, as_of, scope, period, nuts2, partners)
SELECT CAST(? AS BIGINT), CAST(? AS DATE), g.scope, g.period, og.nuts2, count(*)
FROM ind_grid g
JOIN ind_scope_member m ON m.s = g.s AND m.p = g.p
JOIN ind_org og ON og.o = m.o
WHERE og.nuts2 IS NOT NULL
GROUP BY g.scope, g.period, og.nuts2
ORDER BY g.scope, g.period, og.nuts2

-- name: store_shared_partners
-- Each cell's pairs of bodies among its 25 with most members (ties by
-- body_id; b follows body_id) and the organisations members of both: what
-- queries/dashboards/multi_membership.sql counts for a scope. Scopes that
-- are bodies have no pair.
INSERT INTO indicator_shared_partners (data_version, as_of, scope, period, body_a, body_b, partners)
WITH bm AS (
    SELECT p, b, count(*) AS n FROM ind_member_pbo GROUP BY p, b
),
top AS (
    SELECT g.s, g.p, sb.b
    FROM ind_grid g
    JOIN ind_scope_body sb ON sb.s = g.s AND sb.lvl <> 1
    JOIN bm ON bm.b = sb.b AND bm.p = g.p
    QUALIFY row_number() OVER (PARTITION BY g.s, g.p ORDER BY bm.n DESC, sb.b) <= 25
),
tm AS (
    SELECT t.s, t.p, t.b, m.o
    FROM top t JOIN ind_member_pbo m ON m.p = t.p AND m.b = t.b
),
pairs AS (
    SELECT x.s, x.p, x.b AS ba, y.b AS bb, count(*) AS n
    FROM tm x JOIN tm y ON y.s = x.s AND y.p = x.p AND y.o = x.o AND x.b < y.b
    GROUP BY x.s, x.p, x.b, y.b
)
SELECT CAST(? AS BIGINT), CAST(? AS DATE), g.scope, g.period, ba.body_id, bb.body_id, pr.n
FROM pairs pr
JOIN ind_grid g ON g.s = pr.s AND g.p = pr.p
JOIN ind_body ba ON ba.b = pr.ba
JOIN ind_body bb ON bb.b = pr.bb
ORDER BY g.scope, g.period, ba.body_id, bb.body_id

-- name: store_document_lead
-- Each cell's meetings by working days from the documents' dispatch (as
-- queries/dashboards/notice_distribution.sql counts them: both dates in the
-- calendar, 0 when sent on or after the meeting day, 30 for 30 or more).
INSERT INTO indicator_document_lead (data_version, as_of, scope, period, days, meetings)
WITH lead AS (
    SELECT m.b, m.y, least(CASE WHEN m.documents_date >= m.date THEN 0 ELSE cm.cum_before - cd.cum END, 30) AS days,
           count(*) AS n
    FROM ind_meeting m
    JOIN calendar_it cd ON cd.d = m.documents_date
    JOIN calendar_it cm ON cm.d = m.date
    GROUP BY ALL
)
SELECT CAST(? AS BIGINT), CAST(? AS DATE), g.scope, g.period, x.days, sum(x.n)
FROM ind_grid g
JOIN ind_scope_body sb ON sb.s = g.s
JOIN ind_yp yp ON yp.p = g.p
JOIN lead x ON x.b = sb.b AND x.y = yp.y
GROUP BY g.scope, g.period, x.days
ORDER BY g.scope, g.period, x.days

-- name: store_meeting_phases
-- Each cell's meetings by calendar year and phase
-- (queries/dashboards/meetings_by_phase.sql).
INSERT INTO indicator_meeting_phases (data_version, as_of, scope, period, year, phase, meetings)
WITH bp AS (SELECT b, y, phase, count(*) AS n FROM ind_meeting GROUP BY ALL)
SELECT CAST(? AS BIGINT), CAST(? AS DATE), g.scope, g.period, x.y, x.phase, sum(x.n)
FROM ind_grid g
JOIN ind_scope_body sb ON sb.s = g.s
JOIN ind_yp yp ON yp.p = g.p
JOIN bp x ON x.b = sb.b AND x.y = yp.y
GROUP BY g.scope, g.period, x.y, x.phase
ORDER BY g.scope, g.period, x.y, x.phase

-- name: store_meeting_topics
-- Each cell's meetings that discussed each art. 8 topic, a row for every
-- topic (zeros too) of every cell with a meeting
-- (queries/dashboards/topics_coverage.sql; a topic listed twice by a meeting
-- counts twice there too).
INSERT INTO indicator_meeting_topics (data_version, as_of, scope, period, topic, meetings)
WITH bt AS (
    SELECT b, y, topic, count(*) AS n
    FROM (SELECT b, y, unnest(topics) AS topic FROM ind_meeting)
    WHERE topic IN (SELECT topic FROM ind_art8_topics)
    GROUP BY ALL
),
cell AS (
    SELECT DISTINCT g.s, g.p, g.scope, g.period
    FROM ind_grid g
    JOIN ind_scope_body sb ON sb.s = g.s
    JOIN ind_yp yp ON yp.p = g.p
    JOIN ind_meeting m ON m.b = sb.b AND m.y = yp.y
),
hits AS (
    SELECT g.s, g.p, x.topic, sum(x.n) AS n
    FROM ind_grid g
    JOIN ind_scope_body sb ON sb.s = g.s
    JOIN ind_yp yp ON yp.p = g.p
    JOIN bt x ON x.b = sb.b AND x.y = yp.y
    GROUP BY ALL
)
SELECT CAST(? AS BIGINT), CAST(? AS DATE), c.scope, c.period, k.topic, coalesce(h.n, 0)
FROM cell c
CROSS JOIN ind_art8_topics k
LEFT JOIN hits h ON h.s = c.s AND h.p = c.p AND h.topic = k.topic
ORDER BY c.scope, c.period, k.topic
