-- id: P05
-- name_it: Regolarità
-- name_en: Regularity
-- family: participation
-- unit: share
-- source: Reg. (UE) 240/2014, art. 5 e artt. 15-16 (coinvolgimento continuativo); art. 17
-- higher_is_better: true
-- small_cell: none (counts organisations)
-- what_it: Quanta parte delle organizzazioni invitate partecipa con continuità, cioè ad almeno tre
--   riunioni su quattro tra quelle a cui è invitata.
-- what_en: How many of the invited organisations take part steadily, i.e. in at least three of the
--   four meetings they are invited to.
-- formula_it: Organizzazioni invitate presenti ad almeno il 75 % delle riunioni a cui sono state
--   invitate (nell'ambito e nel periodo), diviso le organizzazioni invitate. Si conta per
--   riunione: un'organizzazione è presente a una riunione se almeno una delle sue righe con invito
--   lì è presente (presente o con delega).
-- formula_en: Invited organisations present at 75 % or more of the meetings they were invited to
--   (in the scope and period), divided by the invited organisations. Counted per meeting: an
--   organisation is present at a meeting when any of its invited rows there is present (present or
--   delegated).
-- why_it: La continuità è condizione di un contributo informato: chi partecipa saltuariamente
--   difficilmente incide sulle decisioni.
-- why_en: Continuity is a condition of informed input: those who attend now and then rarely shape
--   decisions.
-- read_it: Da 0 a 1. Un P01 alto con P05 basso indica presenze concentrate su poche organizzazioni.
-- read_en: From 0 to 1. A high P01 with a low P05 means attendance concentrated in few
--   organisations.
-- caveats_it: Un'organizzazione invitata a una sola riunione è regolare se c'era: con poche riunioni
--   la misura è poco discriminante.
-- caveats_en: An organisation invited to one meeting is regular if it came: with few meetings the
--   measure discriminates little.

WITH k AS (
    SELECT s, p, sum(n) AS invited,
           coalesce(sum(n) FILTER (WHERE 4 * inv_meetings_present >= 3 * inv_meetings), 0) AS regular
    FROM ind_sp_org GROUP BY s, p
)
SELECT 'P05' AS indicator, g.scope, g.period, '' AS category,
       CAST(coalesce(k.regular, 0) AS DOUBLE) / NULLIF(coalesce(k.invited, 0), 0) AS value,
       CAST(coalesce(k.regular, 0) AS DOUBLE) AS numerator,
       CAST(coalesce(k.invited, 0) AS DOUBLE) AS denominator
FROM ind_grid g
LEFT JOIN k ON k.s = g.s AND k.p = g.p
