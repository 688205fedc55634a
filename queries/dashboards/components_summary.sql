-- Rete: N05 from the snapshot, by year: the number of connected components
-- and the share of organisations in the largest one.
SELECT period AS anno,
       max(value) FILTER (WHERE coalesce(category, '') = '') AS componenti,
       max(value) FILTER (WHERE category = 'largest_share') AS quota_componente_maggiore
FROM indicator_values
WHERE indicator = 'N05' AND scope = $scope AND data_version = $data_version AND as_of = $as_of::DATE
GROUP BY period
ORDER BY period = 'all', period
