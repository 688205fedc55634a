-- notice_distribution.sql's table from the refresh's stored counts
-- (indicator_document_lead) of one scope and period: every day from 0 to
-- 30, the last "30+". Used when the filters select a single scope.
WITH c AS (
    SELECT days, meetings FROM indicator_document_lead
    WHERE data_version = $data_version AND as_of = CAST($as_of AS DATE) AND scope = $scope AND period = $period
)
SELECT CASE WHEN d.day = 30 THEN '30+' ELSE d.day::VARCHAR END AS giorni_lavorativi, coalesce(c.meetings, 0) AS riunioni
FROM range(0, 31) d(day) LEFT JOIN c ON c.days = d.day
WHERE EXISTS (SELECT 1 FROM c)
ORDER BY d.day
