-- multi_membership.sql's table from the pairs the refresh stores
-- (indicator_shared_partners) for one scope and period. Used when the
-- filters select a single scope.
SELECT t.body_a AS id_organismo_a, ba.name AS organismo_a, t.body_b AS id_organismo_b, bb.name AS organismo_b,
       t.partners AS partner_condivisi
FROM indicator_shared_partners t
JOIN bodies_at($data_version) ba ON ba.body_id = t.body_a
JOIN bodies_at($data_version) bb ON bb.body_id = t.body_b
WHERE t.data_version = $data_version AND t.as_of = CAST($as_of AS DATE) AND t.scope = $scope AND t.period = $period
ORDER BY partner_condivisi DESC, organismo_a, organismo_b, id_organismo_a, id_organismo_b
