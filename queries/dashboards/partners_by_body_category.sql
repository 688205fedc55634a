-- Composizione: member organisations per body and category at the end of the
-- selected year (or at the reference date).
SELECT b.body_id AS id_organismo, b.name AS organismo, o.category AS categoria, count(DISTINCT ms.org_id) AS partner
FROM memberships_at($data_version) ms
JOIN bodies_at($data_version) b USING (body_id)
JOIN organisations_at($data_version) o USING (org_id)
WHERE body_match(b.cycle, b.programme, b.type, b.nuts, b.body_id, $cycle, $programme, $body_type, $nuts, $body)
  AND ms.start <= period_end($year, $as_of) AND (ms."end" IS NULL OR ms."end" >= period_end($year, $as_of))
GROUP BY ALL
ORDER BY organismo, id_organismo, categoria
LIMIT 2000
