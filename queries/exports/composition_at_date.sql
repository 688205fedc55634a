-- id: composition_at_date
-- title_it: Composizione degli organismi a una data
-- title_en: Composition of the bodies at a date
-- description_it: I componenti in carica alla data indicata (inizio <= data e fine vuota o >= data,
--   la regola di C01), per organismo: organizzazione con categoria, rappresentante (codice
--   pseudonimo), genere, ruolo, diritto di voto, inizio e fine. Filtro facoltativo: organismo.
-- description_en: The members in office at the given date (start <= date and end empty or >= date,
--   C01's rule), by body: organisation with its category, representative (pseudonymous code),
--   gender, role, voting right, start and end. Optional filter: body.
-- param: at date
-- param: body_id text optional

SELECT ms.body_id, b.name AS body_name, b.type AS body_type, ms.org_id, o.name AS org_name, o.category,
       ms.person_id, ms.gender, ms.role, ms.voting, ms.start, ms."end"
FROM memberships ms
JOIN bodies b ON b.body_id = ms.body_id
LEFT JOIN organisations o ON o.org_id = ms.org_id
WHERE ms.start <= CAST($at AS DATE) AND (ms."end" IS NULL OR ms."end" >= CAST($at AS DATE))
  AND ($body_id IS NULL OR ms.body_id = $body_id)
ORDER BY ms.body_id, ms.org_id, ms.person_id, ms.start
