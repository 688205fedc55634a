-- top_contributors.sql's table from the refresh's stored top contributors
-- (indicator_top_contributors) of one scope and period. Used when the
-- filters select a single scope.
SELECT o.org_id AS id_organizzazione, o.name AS organizzazione, o.category AS categoria,
       t.contributions AS contributi, t.accepted AS accolti
FROM indicator_top_contributors t
JOIN organisations_at($data_version) o ON o.org_id = t.org_id
WHERE t.data_version = $data_version AND t.as_of = CAST($as_of AS DATE) AND t.scope = $scope AND t.period = $period
ORDER BY contributi DESC, organizzazione, id_organizzazione
LIMIT 15
