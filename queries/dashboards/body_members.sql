-- Organismo: member organisations at the end of the selected year (or at the
-- reference date), with their representatives' roles.
SELECT o.org_id AS id_organizzazione, o.name AS organizzazione, o.category AS categoria, count(*) AS rappresentanti,
       count_if(ms.voting) AS con_voto, list(DISTINCT ms.role ORDER BY ms.role) AS ruoli
FROM memberships_at($data_version) ms JOIN organisations_at($data_version) o USING (org_id)
WHERE ms.body_id = $body
  AND ms.start <= period_end($year, $as_of) AND (ms."end" IS NULL OR ms."end" >= period_end($year, $as_of))
GROUP BY ALL
ORDER BY categoria, organizzazione
