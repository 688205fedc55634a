-- Organizzazione: the organisation's memberships, with role and voting right.
SELECT b.body_id AS id_organismo, b.name AS organismo, b.type AS tipo, ms.role AS ruolo, ms.voting AS voto,
       ms.start AS dal, ms."end" AS al
FROM memberships_at($data_version) ms JOIN bodies_at($data_version) b USING (body_id)
WHERE ms.org_id = $org
ORDER BY dal, organismo
