-- women_by_body.sql's table from the stored E01 of each body of the scope
-- (its numerator and denominator are the distinct people present with
-- gender F, and F or M) for the selected period. Used when the filters
-- select a single scope.
WITH e AS (
    SELECT substr(scope, 6) AS body_id, numerator AS donne, denominator AS persone
    FROM indicator_values
    WHERE data_version = $data_version AND as_of = CAST($as_of AS DATE) AND indicator = 'E01'
      AND period = $period AND starts_with(scope, 'body:')
)
SELECT b.body_id AS id_organismo, b.name AS organismo,
       CAST(e.donne AS BIGINT) AS donne, CAST(e.persone AS BIGINT) AS persone,
       donne / nullif(persone, 0) AS quota_donne
FROM e JOIN bodies_at($data_version) b USING (body_id)
WHERE e.persone > 0
  AND body_match(b.cycle, b.programme, b.type, b.nuts, b.body_id, $cycle, $programme, $body_type, $nuts, $body)
ORDER BY quota_donne DESC NULLS LAST, organismo, id_organismo
LIMIT 40
