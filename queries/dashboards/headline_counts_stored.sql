-- Panoramica: headline_counts.sql's table from the refresh's stored counts
-- (indicator_counts) of one scope and period: used when the filters select
-- a single scope (the panel's stored_query option).
WITH c AS (
    SELECT * FROM indicator_counts
    WHERE data_version = $data_version AND as_of = CAST($as_of AS DATE) AND scope = $scope AND period = $period
)
SELECT label AS indicatore, year::VARCHAR AS anno, v0 AS valore, prev_year::VARCHAR AS anno_precedente,
       v1 AS valore_precedente
FROM (
    SELECT 'partners' AS label, 1 AS o, year, partners AS v0, prev_year, prev_partners AS v1 FROM c
    UNION ALL SELECT 'bodies', 2, year, bodies, prev_year, prev_bodies FROM c
    UNION ALL SELECT 'meetings', 3, year, meetings, prev_year, prev_meetings FROM c
) t
ORDER BY o
