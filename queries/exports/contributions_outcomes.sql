-- id: contributions_outcomes
-- title_it: Contributi e loro esito
-- title_en: Contributions with their outcomes
-- description_it: Ogni contributo con l'organizzazione (nome e categoria), l'organismo e la riunione
--   (se indicata), la data di invio, il tipo, l'esito e i giorni tra invio e riscontro (vuoto
--   senza riscontro). L'organismo è quello del contributo o, se vuoto, quello della riunione.
--   Filtri facoltativi: organismo, organizzazione, anno di invio.
-- description_en: Every contribution with its organisation (name and category), the body and the
--   meeting (when given), the date submitted, the kind, the outcome and the days from submission
--   to response (empty without a response). The body is the contribution's or, when empty, its
--   meeting's. Optional filters: body, organisation, year submitted.
-- param: body_id text optional
-- param: org_id text optional
-- param: year int optional

SELECT c.contribution_id, c.org_id, o.name AS org_name, o.category,
       coalesce(c.body_id, m.body_id) AS body_id, b.name AS body_name,
       c.meeting_id, m.date AS meeting_date, c.submitted, c.kind, c.outcome, c.response_date,
       c.response_date - c.submitted AS response_days
FROM contributions c
LEFT JOIN meetings m ON m.meeting_id = c.meeting_id
LEFT JOIN organisations o ON o.org_id = c.org_id
LEFT JOIN bodies b ON b.body_id = coalesce(c.body_id, m.body_id)
WHERE ($body_id IS NULL OR coalesce(c.body_id, m.body_id) = $body_id)
  AND ($org_id IS NULL OR c.org_id = $org_id)
  AND ($year IS NULL OR year(c.submitted) = $year)
ORDER BY c.contribution_id
