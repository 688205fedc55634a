-- Guideline adoptions: before and after (docs/GUIDELINES.md; the definition
-- is the section "Guideline adoptions: before and after" of indicators.md).
--
-- Parameters (positional, bound by internal/guideline):
--   $1 data version: the records are read as they were then (<kind>_at(v)),
--      so a comparison cited with its version can be redone years later;
--   $2 as_of (DATE), never the clock;
--   $3 the window w in days;
--   $4 a guideline_id, or '' for every guideline.
--
-- One adoption = body b adopted guideline g on day d. L = min(w, as_of - d + 1)
-- days; after = d … d + L - 1, before = d - L … d - 1; open = L < w. An
-- adoption with d > as_of or L < 30 is not compared: it gets one row with its
-- reason and no values.
--
-- The ten indicators are those of queries/indicators/*.sql, computed over the
-- meetings of one window instead of a period (their rules are repeated here,
-- not reused: the indicator files read temp tables that exist only during a
-- refresh). A "cell" is one window of one group: the adopter (grp 'b') or the
-- pooled comparison group (grp 'c').
--
-- Rows: (guideline_id, body_id, indicator, L, open, before, after, before_num,
-- before_den, after_num, after_den, comp_before, comp_after, comp_n_bodies,
-- did, n, reason, the comparison group's numerators and denominators and its
-- bodies as a JSON list, for the pages),
-- then per guideline and indicator the mean across adopters (body_id 'all').
-- E01 values are given with their counts whatever the number
-- of people: the caller withholds small cells where the public sees them.

WITH
adoptions_v AS (
    SELECT body_id, guideline_id, adopted FROM guideline_adoptions_at($1)
),
bodies_v AS (
    SELECT body_id, type FROM bodies_at($1)
),
adoption AS (
    SELECT a.guideline_id, a.body_id, a.adopted AS d, b.type,
           CAST(least($3::INTEGER, $2::DATE - a.adopted + 1) AS INTEGER) AS L
    FROM adoptions_v a JOIN bodies_v b USING (body_id)
    WHERE $4::VARCHAR = '' OR a.guideline_id = $4::VARCHAR
),
compared AS (
    SELECT * FROM adoption WHERE d <= $2::DATE AND L >= 30
),
-- Meetings with the working days from each dispatch to the meeting, as in
-- _prepare.sql (ind_meeting): strictly after the dispatch up to the day
-- before the meeting, 0 when the dispatch is on or after it.
meeting AS (
    SELECT m.meeting_id, m.body_id, m.date, m.mode, m.documents_date, m.minutes_published,
           CASE WHEN m.notice_date IS NULL THEN NULL
                WHEN m.notice_date >= m.date THEN 0
                ELSE cm.cum_before - cn.cum END AS notice_wd,
           CASE WHEN m.documents_date IS NULL THEN NULL
                WHEN m.documents_date >= m.date THEN 0
                ELSE cm.cum_before - cd.cum END AS documents_wd
    FROM meetings_at($1) m
    LEFT JOIN calendar_it cm ON cm.d = m.date
    LEFT JOIN calendar_it cn ON cn.d = m.notice_date
    LEFT JOIN calendar_it cd ON cd.d = m.documents_date
),
-- The two windows of every compared adoption.
win AS (
    SELECT guideline_id, body_id, L, 'before' AS side, d - L AS lo, d - 1 AS hi FROM compared
    UNION ALL
    SELECT guideline_id, body_id, L, 'after', d, d + L - 1 FROM compared
),
-- Comparison group of (g, d, L): the other bodies of b's type that had not
-- adopted g on or before d + L - 1 and held at least one meeting (a written
-- procedure counts) in each window.
comp AS (
    SELECT a.guideline_id, a.body_id, c.body_id AS member
    FROM compared a
    JOIN bodies_v c ON c.type = a.type
    WHERE NOT EXISTS (SELECT 1 FROM adoptions_v x
                      WHERE x.body_id = c.body_id AND x.guideline_id = a.guideline_id AND x.adopted <= a.d + a.L - 1)
      AND EXISTS (SELECT 1 FROM meeting m WHERE m.body_id = c.body_id AND m.date BETWEEN a.d - a.L AND a.d - 1)
      AND EXISTS (SELECT 1 FROM meeting m WHERE m.body_id = c.body_id AND m.date BETWEEN a.d AND a.d + a.L - 1)
),
comp_n AS (
    SELECT guideline_id, body_id, count(*) AS n, to_json(list(member ORDER BY member))::VARCHAR AS members
    FROM comp GROUP BY ALL
),
cell_body AS (
    SELECT guideline_id, body_id, side, 'b' AS grp, body_id AS member, lo, hi FROM win
    UNION ALL
    SELECT w.guideline_id, w.body_id, w.side, 'c', c.member, w.lo, w.hi
    FROM win w JOIN comp c USING (guideline_id, body_id)
),
cell AS (
    SELECT w.guideline_id, w.body_id, w.side, g.grp
    FROM win w CROSS JOIN (VALUES ('b'), ('c')) g(grp)
),
cell_meeting AS (
    SELECT cb.guideline_id, cb.body_id, cb.side, cb.grp, m.*
    FROM cell_body cb JOIN meeting m ON m.body_id = cb.member AND m.date BETWEEN cb.lo AND cb.hi
),
-- Q01 (an empty mode counts; a missing date is non-compliant), Q02 (DuckDB
-- median: the mean of the two middle values), Q04, and P04's denominator.
k_meeting AS (
    SELECT guideline_id, body_id, side, grp,
           count(*) AS meetings,
           count(*) FILTER (WHERE mode IS DISTINCT FROM 'written') AS q01_den,
           count(*) FILTER (WHERE mode IS DISTINCT FROM 'written'
                                  AND coalesce(notice_wd >= 10 AND documents_wd >= 10, false)) AS q01_num,
           count(*) FILTER (WHERE minutes_published IS NOT NULL) AS minutes,
           median(documents_wd) FILTER (WHERE documents_date IS NOT NULL) AS q02
    FROM cell_meeting GROUP BY ALL
),
cell_att AS (
    SELECT cm.guideline_id, cm.body_id, cm.side, cm.grp, a.meeting_id, a.org_id, a.person_id, a.gender,
           a.invited, a.present OR a.delegated AS pres
    FROM cell_meeting cm JOIN attendance_at($1) a ON a.meeting_id = cm.meeting_id
),
-- P01 over invited rows; E04 over every present row with a person_id.
k_att AS (
    SELECT guideline_id, body_id, side, grp,
           count(*) FILTER (WHERE invited) AS inv_rows,
           count(*) FILTER (WHERE invited AND pres) AS inv_present_rows,
           count(*) FILTER (WHERE pres AND person_id IS NOT NULL) AS pid_rows,
           count(*) FILTER (WHERE pres AND person_id IS NOT NULL AND gender IN ('F', 'M', 'X')) AS pid_g_rows
    FROM cell_att GROUP BY ALL
),
-- P05: an organisation is present at a meeting when any of its invited rows
-- there is present; regular = present at >= 75 % of the meetings invited to.
k_org AS (
    SELECT guideline_id, body_id, side, grp,
           count(*) AS invited_orgs,
           count(*) FILTER (WHERE 4 * inv_present >= 3 * inv_meetings) AS regular
    FROM (SELECT guideline_id, body_id, side, grp, org_id,
                 count(DISTINCT meeting_id) AS inv_meetings,
                 count(DISTINCT meeting_id) FILTER (WHERE pres) AS inv_present
          FROM cell_att WHERE invited GROUP BY ALL)
    GROUP BY ALL
),
-- E01: distinct people present (invited or not) with gender F or M; a person
-- recorded both F and M counts in both, as ind_att_people does.
k_people AS (
    SELECT guideline_id, body_id, side, grp, count(*) AS fm, count(*) FILTER (WHERE f) AS f
    FROM (SELECT guideline_id, body_id, side, grp, person_id, bool_or(gender = 'F') AS f
          FROM cell_att WHERE pres AND person_id IS NOT NULL AND gender IN ('F', 'M') GROUP BY ALL)
    GROUP BY ALL
),
-- Contributions of the cell's bodies (effective body: the meeting's, else
-- body_id) submitted in the window, whatever the meeting's date.
contribution AS (
    SELECT coalesce(m.body_id, c.body_id) AS eb, c.submitted, c.response_date IS NOT NULL AS responded, c.outcome
    FROM contributions_at($1) c LEFT JOIN meetings_at($1) m ON m.meeting_id = c.meeting_id
),
k_contrib AS (
    SELECT cb.guideline_id, cb.body_id, cb.side, cb.grp,
           count(*) AS contribs,
           count(*) FILTER (WHERE x.responded) AS responded,
           count(*) FILTER (WHERE x.outcome IN ('accepted', 'partially_accepted')) AS uptake_num,
           count(*) FILTER (WHERE x.outcome IN ('accepted', 'partially_accepted', 'rejected')) AS uptake_den
    FROM cell_body cb JOIN contribution x ON x.eb = cb.member AND x.submitted BETWEEN cb.lo AND cb.hi
    GROUP BY ALL
),
counts AS (
    SELECT c.guideline_id, c.body_id, c.side, c.grp,
           coalesce(m.meetings, 0) AS meetings, coalesce(m.q01_num, 0) AS q01_num, coalesce(m.q01_den, 0) AS q01_den,
           coalesce(m.minutes, 0) AS minutes, m.q02,
           coalesce(a.inv_rows, 0) AS inv_rows, coalesce(a.inv_present_rows, 0) AS inv_present_rows,
           coalesce(a.pid_rows, 0) AS pid_rows, coalesce(a.pid_g_rows, 0) AS pid_g_rows,
           coalesce(o.invited_orgs, 0) AS invited_orgs, coalesce(o.regular, 0) AS regular,
           coalesce(p.fm, 0) AS fm, coalesce(p.f, 0) AS f,
           coalesce(x.contribs, 0) AS contribs, coalesce(x.responded, 0) AS responded,
           coalesce(x.uptake_num, 0) AS uptake_num, coalesce(x.uptake_den, 0) AS uptake_den
    FROM cell c
    LEFT JOIN k_meeting m USING (guideline_id, body_id, side, grp)
    LEFT JOIN k_att a USING (guideline_id, body_id, side, grp)
    LEFT JOIN k_org o USING (guideline_id, body_id, side, grp)
    LEFT JOIN k_people p USING (guideline_id, body_id, side, grp)
    LEFT JOIN k_contrib x USING (guideline_id, body_id, side, grp)
),
-- Every indicator of every cell as (value, numerator, denominator); an empty
-- denominator gives no value. Q02 is a median: no numerator or denominator.
ratio AS (
    SELECT guideline_id, body_id, side, grp, ind, ord, CAST(num AS DOUBLE) AS num, CAST(den AS DOUBLE) AS den,
           CAST(num AS DOUBLE) / NULLIF(den, 0) AS value
    FROM counts,
    LATERAL (VALUES
        ('P01', 1, inv_present_rows, inv_rows),
        ('P04', 2, contribs, meetings),
        ('P05', 3, regular, invited_orgs),
        ('Q01', 4, q01_num, q01_den),
        ('Q04', 6, minutes, meetings),
        ('Q07', 7, responded, contribs),
        ('Q08', 8, uptake_num, uptake_den),
        ('E01', 9, f, fm),
        ('E04', 10, pid_g_rows, pid_rows)
    ) v(ind, ord, num, den)
    UNION ALL
    SELECT guideline_id, body_id, side, grp, 'Q02', 5, NULL, NULL, CAST(q02 AS DOUBLE) FROM counts
),
per_adoption AS (
    SELECT a.guideline_id, a.body_id, r.ind AS indicator, r.ord, a.L, a.L < $3::INTEGER AS open,
           max(r.value) FILTER (WHERE r.grp = 'b' AND r.side = 'before') AS before,
           max(r.value) FILTER (WHERE r.grp = 'b' AND r.side = 'after') AS after,
           max(r.num) FILTER (WHERE r.grp = 'b' AND r.side = 'before') AS before_num,
           max(r.den) FILTER (WHERE r.grp = 'b' AND r.side = 'before') AS before_den,
           max(r.num) FILTER (WHERE r.grp = 'b' AND r.side = 'after') AS after_num,
           max(r.den) FILTER (WHERE r.grp = 'b' AND r.side = 'after') AS after_den,
           max(r.value) FILTER (WHERE r.grp = 'c' AND r.side = 'before') AS comp_before,
           max(r.value) FILTER (WHERE r.grp = 'c' AND r.side = 'after') AS comp_after,
           max(r.num) FILTER (WHERE r.grp = 'c' AND r.side = 'before') AS comp_before_num,
           max(r.den) FILTER (WHERE r.grp = 'c' AND r.side = 'before') AS comp_before_den,
           max(r.num) FILTER (WHERE r.grp = 'c' AND r.side = 'after') AS comp_after_num,
           max(r.den) FILTER (WHERE r.grp = 'c' AND r.side = 'after') AS comp_after_den,
           coalesce(any_value(n.n), 0) AS comp_n_bodies,
           coalesce(any_value(n.members), '[]') AS comp_members
    FROM compared a
    JOIN ratio r USING (guideline_id, body_id)
    LEFT JOIN comp_n n USING (guideline_id, body_id)
    GROUP BY ALL
),
effect AS (
    -- Any null of the four (an empty comparison group, a window without
    -- meetings) leaves the difference null: SQL arithmetic does that.
    SELECT *, (after - before) - (comp_after - comp_before) AS did FROM per_adoption
)
SELECT guideline_id, body_id, indicator, L, open, before, after, before_num, before_den, after_num, after_den,
       comp_before, comp_after, comp_n_bodies, did,
       CAST(did IS NOT NULL AS INTEGER) AS n, CAST(NULL AS VARCHAR) AS reason,
       comp_before_num, comp_before_den, comp_after_num, comp_after_den, comp_members,
       1 AS part, ord
FROM effect
UNION ALL
-- The mean across adopters of g: each adoption weighs the same, open windows
-- included (open = one of them is open), n = adoptions with a value.
SELECT guideline_id, 'all', indicator, NULL, coalesce(bool_or(open) FILTER (WHERE did IS NOT NULL), false),
       NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, avg(did), count(did), NULL,
       NULL, NULL, NULL, NULL, NULL, 2, ord
FROM effect GROUP BY guideline_id, indicator, ord
UNION ALL
-- Adoptions not compared: listed with the reason, no values.
SELECT guideline_id, body_id, NULL, CASE WHEN d <= $2::DATE THEN L END, NULL,
       NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       CASE WHEN d > $2::DATE THEN 'adopted_after_as_of' ELSE 'window_under_30_days' END,
       NULL, NULL, NULL, NULL, NULL, 3, 0
FROM adoption WHERE d > $2::DATE OR L < 30
ORDER BY guideline_id, part, body_id, ord
