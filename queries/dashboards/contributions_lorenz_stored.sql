-- contributions_lorenz.sql's curve from the refresh's stored histogram
-- (indicator_contribution_lorenz) of one scope and period; no rows when the
-- snapshot has no histogram there (the records are read then). Used when the
-- filters select a single scope.
WITH histogram AS (
    SELECT contribs, orgs FROM indicator_contribution_lorenz
    WHERE data_version = $data_version AND as_of = CAST($as_of AS DATE) AND scope = $scope
      AND period = $period
), ranked AS (
    SELECT sum(orgs) OVER w AS r, sum(orgs) OVER () AS total,
           sum(contribs * orgs) OVER w AS cum, sum(contribs * orgs) OVER () AS all_n
    FROM histogram
    WINDOW w AS (ORDER BY contribs ROWS UNBOUNDED PRECEDING)
)
SELECT 0.0 AS quota_organizzazioni, 0.0 AS quota_contributi WHERE EXISTS (FROM ranked)
UNION ALL
SELECT round(r / total, 4), round(CASE WHEN all_n = 0 THEN 0 ELSE cum / all_n END, 4) FROM ranked
ORDER BY 1, 2
