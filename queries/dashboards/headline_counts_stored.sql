-- Panoramica: headline_counts.sql's table from the refresh's stored counts
-- (indicator_counts) of one scope and period: used when the filters select
-- a single scope (the panel's stored_query option). The one row is unnested
-- into the three, in this order: a UNION of three reads of it cost twice
-- the time.
SELECT unnest(['partners', 'bodies', 'meetings']) AS indicatore, year::VARCHAR AS anno,
       unnest([partners, bodies, meetings]) AS valore, prev_year::VARCHAR AS anno_precedente,
       unnest([prev_partners, prev_bodies, prev_meetings]) AS valore_precedente
FROM indicator_counts
WHERE data_version = $data_version AND as_of = CAST($as_of AS DATE) AND scope = $scope AND period = $period
