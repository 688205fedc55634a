-- Panoramica: partners (member organisations at the end of the year), bodies
-- with members, meetings held; for the selected year (or the latest) and the
-- year before.
WITH years AS (
    SELECT DISTINCT year(m.date) AS y FROM meetings_at($data_version) m JOIN bodies_at($data_version) b USING (body_id)
    WHERE body_match(b.cycle, b.programme, b.type, b.nuts, b.body_id, $cycle, $programme, $body_type, $nuts, $body)
), sel AS (
    SELECT coalesce(TRY_CAST(nullif($year, '') AS INTEGER), (SELECT max(y) FROM years)) AS y
), per_year AS (
    SELECT s.y + k AS y, k FROM sel s, (VALUES (0), (-1)) v(k)
), counts AS (
    SELECT p.k,
        p.y,
        (SELECT count(DISTINCT ms.org_id) FROM memberships_at($data_version) ms JOIN bodies_at($data_version) b USING (body_id)
          WHERE body_match(b.cycle, b.programme, b.type, b.nuts, b.body_id, $cycle, $programme, $body_type, $nuts, $body)
            AND ms.start <= make_date(p.y, 12, 31) AND (ms."end" IS NULL OR ms."end" >= make_date(p.y, 12, 31))) AS partners,
        (SELECT count(DISTINCT ms.body_id) FROM memberships_at($data_version) ms JOIN bodies_at($data_version) b USING (body_id)
          WHERE body_match(b.cycle, b.programme, b.type, b.nuts, b.body_id, $cycle, $programme, $body_type, $nuts, $body)
            AND ms.start <= make_date(p.y, 12, 31) AND (ms."end" IS NULL OR ms."end" >= make_date(p.y, 12, 31))) AS bodies,
        (SELECT count(*) FROM meetings_at($data_version) m JOIN bodies_at($data_version) b USING (body_id)
          WHERE body_match(b.cycle, b.programme, b.type, b.nuts, b.body_id, $cycle, $programme, $body_type, $nuts, $body)
            AND year(m.date) = p.y) AS meetings
    FROM per_year p
)
SELECT label AS indicatore, c0.y::VARCHAR AS anno, v0 AS valore, c1.y::VARCHAR AS anno_precedente, v1 AS valore_precedente
FROM (
    SELECT 'partners' AS label, 1 AS o, (SELECT partners FROM counts WHERE k = 0) v0, (SELECT partners FROM counts WHERE k = -1) v1
    UNION ALL SELECT 'bodies', 2, (SELECT bodies FROM counts WHERE k = 0), (SELECT bodies FROM counts WHERE k = -1)
    UNION ALL SELECT 'meetings', 3, (SELECT meetings FROM counts WHERE k = 0), (SELECT meetings FROM counts WHERE k = -1)
) t, (SELECT y FROM counts WHERE k = 0) c0, (SELECT y FROM counts WHERE k = -1) c1
ORDER BY o
