-- Cerca: the organisations and bodies of the data version shown whose name
-- or id holds every word of $q, ignoring case and accents ("citta" finds
-- "Città"). Exact ids first, then names starting with $q, then by name;
-- $limit rows at most.
WITH words AS (
    SELECT DISTINCT w FROM unnest(string_split(strip_accents(lower($q)), ' ')) t(w) WHERE w <> ''
), records AS (
    SELECT 'org' AS kind, org_id AS id, name, category::VARCHAR AS detail FROM organisations_at($data_version)
    UNION ALL
    SELECT 'body', body_id, name, type::VARCHAR FROM bodies_at($data_version)
), keyed AS (
    SELECT *, strip_accents(lower(name)) AS n, strip_accents(lower(id)) AS i FROM records
)
SELECT kind, id, name, detail
FROM keyed
WHERE NOT EXISTS (SELECT 1 FROM words WHERE NOT contains(n, w) AND NOT contains(i, w))
ORDER BY i = strip_accents(lower(trim($q))) DESC, starts_with(n, strip_accents(lower(trim($q)))) DESC, name, kind, id
LIMIT $limit
