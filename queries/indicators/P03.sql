-- id: P03
-- name_it: Partecipazione attiva
-- name_en: Active participation
-- family: participation
-- unit: share
-- source: Reg. (UE) 240/2014, art. 5, par. 1, lett. c (canali per porre domande e fornire contributi)
-- higher_is_better: true
-- small_cell: none (counts organisations)
-- what_it: Quanta parte delle organizzazioni invitate ha presentato almeno un contributo (scritto,
--   orale, emendamento).
-- what_en: How many of the invited organisations submitted at least one contribution (written, oral,
--   amendment).
-- formula_it: Organizzazioni invitate (almeno una riga con invito = vero in una riunione
--   dell'ambito e del periodo) con almeno un contributo nell'ambito e nel periodo, diviso le
--   organizzazioni invitate distinte. Un contributo appartiene all'organismo della sua riunione (o
--   al suo body_id se non ha riunione) e all'anno di invio. Chi contribuisce senza essere mai
--   stato invitato non conta: la quota non supera 1.
-- formula_en: Invited organisations (at least one row with invited = true at a meeting of the scope
--   and period) with at least one contribution in the scope and period, divided by the distinct
--   invited organisations. A contribution belongs to its meeting's body (or its body_id when it has
--   no meeting) and to the year it was submitted. A contributor never invited is not counted: the
--   share never exceeds 1.
-- why_it: Il Codice distingue la presenza dal contributo: i partner devono poter incidere sui
--   documenti, non solo assistere.
-- why_en: The Code distinguishes attending from contributing: partners must be able to shape the
--   documents, not just attend.
-- read_it: Da 0 a 1: 0,4 = quattro organizzazioni invitate su dieci hanno contribuito almeno una
--   volta. P07 dice quanto i contributi sono concentrati.
-- read_en: From 0 to 1: 0.4 = four invited organisations in ten contributed at least once. P07 says
--   how concentrated the contributions are.
-- caveats_it: Dipende dalla completezza del registro dei contributi; gli interventi orali non
--   verbalizzati sfuggono.
-- caveats_en: Depends on the contributions register being complete; oral remarks not minuted are
--   missed.

WITH k AS (
    SELECT s, p, sum(n) AS invited, coalesce(sum(n) FILTER (WHERE contribs > 0), 0) AS active
    FROM ind_sp_org GROUP BY s, p
)
SELECT 'P03' AS indicator, g.scope, g.period, '' AS category,
       CAST(coalesce(k.active, 0) AS DOUBLE) / NULLIF(coalesce(k.invited, 0), 0) AS value,
       CAST(coalesce(k.active, 0) AS DOUBLE) AS numerator,
       CAST(coalesce(k.invited, 0) AS DOUBLE) AS denominator
FROM ind_grid g
LEFT JOIN k ON k.s = g.s AND k.p = g.p
