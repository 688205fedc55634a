-- network_edges.sql's table from the ties the refresh stores
-- (indicator_network_ties) for the scopes all, cycle, body type and region.
-- Used when the filters select one scope; bodies and programmes find no row
-- here and read the records.
SELECT t.org_a AS da, t.org_b AS a, t.meetings AS riunioni,
       ox.name AS da_nome, ox.category AS da_categoria, oy.name AS a_nome, oy.category AS a_categoria
FROM indicator_network_ties t
JOIN organisations_at($data_version) ox ON ox.org_id = t.org_a
JOIN organisations_at($data_version) oy ON oy.org_id = t.org_b
WHERE t.data_version = $data_version AND t.as_of = CAST($as_of AS DATE) AND t.scope = $scope AND t.period = $period
ORDER BY da, a
