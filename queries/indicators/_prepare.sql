-- Preparation for one refresh: temp tables (prefix ind_) that every indicator
-- file reads. Run on the refresh's own connection, with
--     SET VARIABLE as_of = DATE 'YYYY-MM-DD';
-- (the reference date: never the clock). The runner drops the ind_ tables
-- when the refresh ends. Statements end with a line ending in ';'.
--
-- Keys are dense integers so that the big joins and groupings stay cheap:
--   o  organisation (numbered in org_id order, so "ties by org_id" = by o)
--   b  body, s scope, mt meeting,
--   p  period: the year (2021) or 0 for the period 'all',
--   y  the calendar year of a meeting (its date) or contribution (submitted).

CREATE OR REPLACE TEMP TABLE ind_params AS
SELECT CAST(getvariable('as_of') AS DATE) AS as_of;

CREATE OR REPLACE TEMP TABLE ind_categories AS
SELECT * FROM (VALUES
    ('institutional'), ('economic_social'), ('civil_society'),
    ('environmental'), ('equality_inclusion'), ('research')) t(category);

CREATE OR REPLACE TEMP TABLE ind_art8_topics AS
SELECT * FROM (VALUES
    ('needs_analysis'), ('priorities'), ('allocation'), ('indicators'),
    ('horizontal_principles'), ('committee_composition')) t(topic);

CREATE OR REPLACE TEMP TABLE ind_org AS
SELECT CAST(row_number() OVER (ORDER BY org_id) AS INTEGER) AS o,
       org_id, category,
       left(nuts, 4) AS nuts2            -- NUTS 2 = first 4 characters; NULL stays NULL
FROM organisations;

CREATE OR REPLACE TEMP TABLE ind_body AS
SELECT CAST(row_number() OVER (ORDER BY body_id) AS INTEGER) AS b,
       body_id, type, programme, cycle, nuts
FROM bodies;

-- Scopes and the bodies they hold. nuts:<code> holds the bodies whose nuts
-- starts with that 4-character NUTS 2 code (bodies with a shorter or no nuts
-- are in no nuts scope). 'all' exists even when there is no body.
CREATE OR REPLACE TEMP TABLE ind_scope_named AS
SELECT 'all' AS scope, b FROM ind_body
UNION ALL SELECT 'body:' || body_id, b FROM ind_body
UNION ALL SELECT 'body_type:' || type, b FROM ind_body
UNION ALL SELECT 'programme:' || programme, b FROM ind_body WHERE programme IS NOT NULL
UNION ALL SELECT 'cycle:' || cycle, b FROM ind_body WHERE cycle IS NOT NULL
UNION ALL SELECT 'nuts:' || left(nuts, 4), b FROM ind_body WHERE length(nuts) >= 4;

CREATE OR REPLACE TEMP TABLE ind_scope AS
SELECT CAST(row_number() OVER (ORDER BY scope) AS INTEGER) AS s, scope
FROM (SELECT scope FROM ind_scope_named UNION SELECT 'all');

-- lvl = the kind of scope (0 all, 1 body, 2 body_type, 3 programme, 4 cycle,
-- 5 nuts): within one kind every body is in at most one scope, so the big
-- per-scope aggregations below run kind by kind, on smaller hash tables.
CREATE OR REPLACE TEMP TABLE ind_scope_body AS
SELECT DISTINCT sc.s, n.b,
       CASE WHEN sc.scope = 'all' THEN 0
            WHEN starts_with(sc.scope, 'body:') THEN 1
            WHEN starts_with(sc.scope, 'body_type:') THEN 2
            WHEN starts_with(sc.scope, 'programme:') THEN 3
            WHEN starts_with(sc.scope, 'cycle:') THEN 4
            ELSE 5 END AS lvl
FROM ind_scope_named n JOIN ind_scope sc USING (scope);

DROP TABLE ind_scope_named;

-- Periods: every year with at least one meeting, plus 'all' (p = 0).
-- t is the composition date: 31 Dec of the year, or as_of for 'all'.
CREATE OR REPLACE TEMP TABLE ind_period AS
SELECT 0 AS p, 'all' AS period, (SELECT as_of FROM ind_params) AS t
UNION ALL
SELECT y, CAST(y AS VARCHAR), make_date(y, 12, 31)
FROM (SELECT DISTINCT CAST(year(date) AS INTEGER) AS y FROM meetings);

-- The grid every indicator covers: each scope x each period.
CREATE OR REPLACE TEMP TABLE ind_grid AS
SELECT sc.s, pe.p, sc.scope, pe.period, pe.t
FROM ind_scope sc CROSS JOIN ind_period pe;

-- Composition dates: the periods' t, plus 31 Dec of the year before each
-- year period (P06 compares the members at t and at t-1).
CREATE OR REPLACE TEMP TABLE ind_tdate AS
SELECT p, t FROM ind_period
UNION
SELECT p - 1, make_date(p - 1, 12, 31) FROM ind_period WHERE p > 0;

-- Calendar years of activity -> the periods they belong to: their own year
-- when it is a period, and always 'all'. (A contribution submitted in a year
-- without meetings counts only in 'all'.)
CREATE OR REPLACE TEMP TABLE ind_yp AS
WITH ys AS (
    SELECT DISTINCT CAST(year(date) AS INTEGER) AS y FROM meetings
    UNION
    SELECT DISTINCT CAST(year(submitted) AS INTEGER) FROM contributions
)
SELECT y, 0 AS p FROM ys
UNION ALL
SELECT p AS y, p FROM ind_period WHERE p > 0;

-- Memberships in office at each composition date: start <= t and (end empty
-- or end >= t). One row per membership row.
CREATE OR REPLACE TEMP TABLE ind_member AS
SELECT d.p, bo.b, og.o, og.category, m.voting, m.person_id, m.gender
FROM memberships m
JOIN ind_tdate d ON m.start <= d.t AND (m."end" IS NULL OR m."end" >= d.t)
JOIN ind_body bo ON bo.body_id = m.body_id
JOIN ind_org og ON og.org_id = m.org_id;

-- Organisations in office in each body at each composition date (an
-- organisation counts once per body); rolled up per scope in Go (_rollup.sql).
CREATE OR REPLACE TEMP TABLE ind_member_pbo AS
SELECT DISTINCT p, b, o FROM ind_member;

-- Meetings, with the working days between each dispatch and the meeting
-- (NULL when the date is missing; 0 when it is on or after the meeting).
CREATE OR REPLACE TEMP TABLE ind_meeting AS
SELECT CAST(row_number() OVER (ORDER BY m.meeting_id) AS INTEGER) AS mt,
       m.meeting_id, bo.b, CAST(year(m.date) AS INTEGER) AS y, m.date,
       m.phase, m.mode, m.notice_date, m.documents_date, m.minutes_published, m.topics,
       CASE WHEN m.notice_date IS NULL THEN NULL
            WHEN m.notice_date >= m.date THEN 0
            ELSE cm.cum_before - cn.cum END AS notice_wd,
       CASE WHEN m.documents_date IS NULL THEN NULL
            WHEN m.documents_date >= m.date THEN 0
            ELSE cm.cum_before - cd.cum END AS documents_wd
FROM meetings m
JOIN ind_body bo ON bo.body_id = m.body_id
LEFT JOIN calendar_it cm ON cm.d = m.date
LEFT JOIN calendar_it cn ON cn.d = m.notice_date
LEFT JOIN calendar_it cd ON cd.d = m.documents_date;

-- Contributions with their effective body: the meeting's body, else body_id.
CREATE OR REPLACE TEMP TABLE ind_contrib AS
SELECT coalesce(mt.b, bo.b) AS b, CAST(year(c.submitted) AS INTEGER) AS y, og.o,
       c.response_date IS NOT NULL AS responded, c.outcome
FROM contributions c
JOIN ind_org og ON og.org_id = c.org_id
LEFT JOIN ind_meeting mt ON mt.meeting_id = c.meeting_id
LEFT JOIN ind_body bo ON bo.body_id = c.body_id
WHERE coalesce(mt.b, bo.b) IS NOT NULL;

-- People present at the meetings with gender F or M (for E01), per body and
-- calendar year; f = at least one of their rows says F (a person recorded
-- both F and M counts in both the numerator and the denominator, as
-- "distinct person_ids with gender F" over "with gender F or M" says).
CREATE OR REPLACE TEMP TABLE ind_att_people AS
SELECT m.b, m.y, a.person_id, bool_or(a.gender = 'F') AS f
FROM attendance a
JOIN ind_meeting m ON m.meeting_id = a.meeting_id
WHERE (a.present OR a.delegated) AND a.person_id IS NOT NULL AND a.gender IN ('F', 'M')
GROUP BY m.b, m.y, a.person_id;

-- Filled by the network step in Go (internal/indicator/network.go) before the
-- N files run: N01, N03, N05 per scope and period, and N03's top 10.
-- error_bound (and sample_paths) are set where N03 is a sampling estimate.
CREATE OR REPLACE TEMP TABLE ind_network (
    s INTEGER, p INTEGER, indicator VARCHAR, category VARCHAR,
    value DOUBLE, numerator DOUBLE, denominator DOUBLE, error_bound DOUBLE
);

CREATE OR REPLACE TEMP TABLE ind_broker_top (
    s INTEGER, p INTEGER, rank INTEGER, o INTEGER, betweenness DOUBLE, normalised DOUBLE,
    error_bound DOUBLE, sample_paths INTEGER
);

-- Also from the network step: each cell's graph key, and the cells whose
-- graph is the base's in an incremental refresh (network_keys.go).
CREATE OR REPLACE TEMP TABLE ind_graph_key (s INTEGER, p INTEGER, graph_key VARCHAR);

CREATE OR REPLACE TEMP TABLE ind_reused (s INTEGER, p INTEGER);

-- And the Rete page's ties of the cells whose scope is all, a cycle, a body
-- type or a region (network_ties.go): a < b, n meetings shared.
CREATE OR REPLACE TEMP TABLE ind_ties (s INTEGER, p INTEGER, a INTEGER, b INTEGER, n INTEGER);
