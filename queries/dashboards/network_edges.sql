-- Rete: the 400 strongest co-participation ties (meetings shared) among the
-- 120 organisations present at most meetings (present or delegated, invited
-- or not). Limited so that the picture stays readable. The panel's `names`
-- add each end's name and category (da_nome, da_categoria, a_nome,
-- a_categoria) to the 400 ties.
WITH p AS (
    SELECT DISTINCT a.meeting_id, a.org_id
    FROM attendance_at($data_version) a JOIN meetings_at($data_version) m USING (meeting_id) JOIN bodies_at($data_version) b ON b.body_id = m.body_id
    WHERE (a.present OR a.delegated)
      AND body_match(b.cycle, b.programme, b.type, b.nuts, b.body_id, $cycle, $programme, $body_type, $nuts, $body)
      AND year_match(m.date, $year)
), top AS (
    SELECT org_id FROM p GROUP BY 1 ORDER BY count(*) DESC, org_id LIMIT 120
), pt AS (
    SELECT * FROM p WHERE org_id IN (SELECT org_id FROM top)
), ties AS (
    SELECT x.org_id AS da, y.org_id AS a, count(*) AS riunioni
    FROM pt x JOIN pt y ON x.meeting_id = y.meeting_id AND x.org_id < y.org_id
    GROUP BY x.org_id, y.org_id
    QUALIFY row_number() OVER (ORDER BY riunioni DESC, da, a) <= 400
)
SELECT da, a, riunioni FROM ties
ORDER BY da, a
