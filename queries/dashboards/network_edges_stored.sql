-- network_edges.sql's table from the ties the refresh stores
-- (indicator_network_ties) for the scopes all, cycle, body type and region.
-- Used when the filters select one scope; bodies and programmes find no row
-- here and read the records. The panel's `names` add the names.
SELECT org_a AS da, org_b AS a, meetings AS riunioni
FROM indicator_network_ties
WHERE data_version = $data_version AND as_of = CAST($as_of AS DATE) AND scope = $scope AND period = $period
ORDER BY da, a
