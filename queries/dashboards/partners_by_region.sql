-- Composizione: member organisations by region (NUTS 2 of the organisation),
-- at the end of the selected year (or at the reference date).
SELECT nuts2_region(o.nuts) AS regione, count(DISTINCT o.org_id) AS partner
FROM memberships_at($data_version) ms
JOIN bodies_at($data_version) b USING (body_id)
JOIN organisations_at($data_version) o USING (org_id)
WHERE body_match(b.cycle, b.programme, b.type, b.nuts, b.body_id, $cycle, $programme, $body_type, $nuts, $body)
  AND ms.start <= period_end($year, $as_of) AND (ms."end" IS NULL OR ms."end" >= period_end($year, $as_of))
  AND nuts2_region(o.nuts) IS NOT NULL
GROUP BY ALL
ORDER BY partner DESC, regione
