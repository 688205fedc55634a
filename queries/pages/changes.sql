-- Versioni: the loads that produced the data versions after $from up to and
-- including $to, with their rows, so readers see what changed between two
-- citable versions.
SELECT data_version, load_id, file, coalesce(kind, '') AS kind, rows_read, rows_loaded, rows_rejected, finished
FROM loads
WHERE outcome = 'loaded' AND data_version > $from AND data_version <= $to
ORDER BY data_version, load_id
LIMIT 1000
