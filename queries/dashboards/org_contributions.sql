-- Organizzazione: contributions by year and outcome.
SELECT year(c.submitted)::VARCHAR AS anno, c.outcome AS esito, count(*) AS contributi
FROM contributions_at($data_version) c
WHERE c.org_id = $org
GROUP BY ALL
ORDER BY anno, esito
