-- Rete: organisations shared by two bodies (members of both at the end of the
-- selected year or at the reference date), for the 25 bodies with most members.
WITH m AS (
    SELECT DISTINCT b.body_id, b.name, ms.org_id
    FROM memberships_at($data_version) ms JOIN bodies_at($data_version) b USING (body_id)
    WHERE body_match(b.cycle, b.programme, b.type, b.nuts, b.body_id, $cycle, $programme, $body_type, $nuts, $body)
      AND ms.start <= period_end($year, $as_of) AND (ms."end" IS NULL OR ms."end" >= period_end($year, $as_of))
), top AS (
    SELECT body_id FROM m GROUP BY 1 ORDER BY count(*) DESC, body_id LIMIT 25
)
SELECT x.body_id AS id_organismo_a, x.name AS organismo_a, y.body_id AS id_organismo_b, y.name AS organismo_b, count(*) AS partner_condivisi
FROM m x JOIN m y ON x.org_id = y.org_id AND x.body_id < y.body_id
WHERE x.body_id IN (SELECT body_id FROM top) AND y.body_id IN (SELECT body_id FROM top)
GROUP BY ALL
ORDER BY partner_condivisi DESC, organismo_a, organismo_b, id_organismo_a, id_organismo_b
