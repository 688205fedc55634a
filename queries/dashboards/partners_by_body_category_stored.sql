-- partners_by_body_category.sql's table from the stored C01 (partners by
-- category, the same count) of each body of the filter's scope: the
-- snapshot's body scopes are one range of indicator_values (sorted by
-- scope), so no membership is read. Used when the filters select a single
-- scope.
SELECT b.body_id AS id_organismo, b.name AS organismo, v.category AS categoria, CAST(v.value AS BIGINT) AS partner
FROM bodies_at($data_version) b
JOIN indicator_values v ON v.scope = 'body:' || b.body_id
WHERE v.data_version = $data_version AND v.as_of = CAST($as_of AS DATE) AND v.indicator = 'C01'
  AND v.period = $period AND v.scope >= 'body:' AND v.scope < 'body;'
  AND v.category <> '' AND v.value > 0
  AND body_match(b.cycle, b.programme, b.type, b.nuts, b.body_id, $cycle, $programme, $body_type, $nuts, $body)
ORDER BY organismo, id_organismo, categoria
LIMIT 2000
