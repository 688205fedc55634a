-- Partecipazione: Lorenz curve of contributions over the invited organisations
-- (zeros included), as in P07: cumulative share of organisations (poorest
-- first) against cumulative share of contributions. One point where each
-- number of contributions ends: organisations with the same number lie on
-- the straight segment between two points, so the curve is the same as with
-- a point per organisation, in a few rows.
WITH invited AS (
    SELECT DISTINCT a.org_id
    FROM attendance_at($data_version) a JOIN meetings_at($data_version) m USING (meeting_id) JOIN bodies_at($data_version) b ON b.body_id = m.body_id
    WHERE a.invited
      AND body_match(b.cycle, b.programme, b.type, b.nuts, b.body_id, $cycle, $programme, $body_type, $nuts, $body)
      AND year_match(m.date, $year)
), contribs AS (
    SELECT c.org_id, count(*) AS n
    FROM contributions_at($data_version) c
    LEFT JOIN meetings_at($data_version) m ON m.meeting_id = c.meeting_id
    JOIN bodies_at($data_version) b ON b.body_id = coalesce(m.body_id, c.body_id)
    WHERE body_match(b.cycle, b.programme, b.type, b.nuts, b.body_id, $cycle, $programme, $body_type, $nuts, $body)
      AND year_match(c.submitted, $year)
    GROUP BY 1
), histogram AS (
    SELECT coalesce(c.n, 0) AS contribs, count(*) AS orgs
    FROM invited i LEFT JOIN contribs c USING (org_id)
    GROUP BY 1
), ranked AS (
    SELECT sum(orgs) OVER w AS r, sum(orgs) OVER () AS total,
           sum(contribs * orgs) OVER w AS cum, sum(contribs * orgs) OVER () AS all_n
    FROM histogram
    WINDOW w AS (ORDER BY contribs ROWS UNBOUNDED PRECEDING)
)
SELECT 0.0 AS quota_organizzazioni, 0.0 AS quota_contributi WHERE EXISTS (FROM ranked)
UNION ALL
SELECT round(r / total, 4), round(CASE WHEN all_n = 0 THEN 0 ELSE cum / all_n END, 4) FROM ranked
ORDER BY 1, 2
