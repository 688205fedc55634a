-- partners_by_region.sql's table from the refresh's stored counts
-- (indicator_partners_region) of one scope and period. Used when the
-- filters select a single scope.
SELECT nuts2_region(nuts2) AS regione, CAST(sum(partners) AS BIGINT) AS partner
FROM indicator_partners_region
WHERE data_version = $data_version AND as_of = CAST($as_of AS DATE) AND scope = $scope AND period = $period
  AND nuts2_region(nuts2) IS NOT NULL
GROUP BY ALL
ORDER BY partner DESC, regione
