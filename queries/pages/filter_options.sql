-- The choices of the filter forms, from the records of the data version a
-- page shows: (filter, value, label). Labels of codes are translated by the
-- web layer; a NUTS 2 code carries its region's name.
SELECT * FROM (
SELECT 'cycle' AS filter, cycle AS value, cycle AS label, 1 AS o FROM bodies_at($data_version) WHERE cycle IS NOT NULL GROUP BY ALL
UNION ALL
SELECT 'programme', programme, programme, 2 FROM bodies_at($data_version) WHERE programme IS NOT NULL GROUP BY ALL
UNION ALL
SELECT 'body_type', type, type, 3 FROM bodies_at($data_version) GROUP BY ALL
UNION ALL
SELECT 'nuts', left(nuts, 4), left(nuts, 4) || ' ' || coalesce(nuts2_region(nuts), ''), 4
FROM bodies_at($data_version) WHERE length(nuts) >= 4 GROUP BY ALL
UNION ALL
SELECT 'year', year(date)::VARCHAR, year(date)::VARCHAR, 5 FROM meetings_at($data_version) GROUP BY ALL
UNION ALL
SELECT 'body', body_id, name, 6 FROM bodies_at($data_version)
)
ORDER BY o, CASE WHEN filter = 'year' THEN -TRY_CAST(value AS INTEGER) END, CASE WHEN filter = 'body' THEN label END, value
