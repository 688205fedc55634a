-- id: Q08
-- name_it: Tasso di accoglimento
-- name_en: Uptake rate
-- family: process
-- unit: share
-- source: Reg. (UE) 240/2014, art. 5, par. 1, lett. c-d
-- higher_is_better: true
-- small_cell: none (counts contributions)
-- what_it: Quanta parte dei contributi valutati è stata accolta, in tutto o in parte.
-- what_en: How many of the assessed contributions were taken up, fully or partly.
-- formula_it: Contributi con esito "accolto" o "parzialmente accolto", diviso i contributi con
--   esito accolto, parzialmente accolto o respinto (quelli non valutati o in attesa restano fuori).
-- formula_en: Contributions with outcome "accepted" or "partially accepted", divided by the
--   contributions with outcome accepted, partially accepted or rejected (not assessed and pending
--   are left out).
-- why_it: Indica se il confronto con i partner cambia effettivamente i documenti: è la misura più
--   diretta dell'influenza dei partner.
-- why_en: Shows whether the exchange with partners actually changes the documents: the most direct
--   measure of partners' influence.
-- read_it: Da 0 a 1. Va letto con Q07: un accoglimento alto su pochi contributi valutati dice poco.
-- read_en: From 0 to 1. Read it with Q07: high uptake on few assessed contributions says little.
-- caveats_it: Un contributo respinto può essere fondato ma non pertinente; l'esito è registrato
--   dall'amministrazione stessa.
-- caveats_en: A rejected contribution may be sound but out of scope; the outcome is recorded by the
--   administration itself.

SELECT 'Q08' AS indicator, g.scope, g.period, '' AS category,
       CAST(coalesce(sp.uptake_num, 0) AS DOUBLE) / NULLIF(coalesce(sp.uptake_den, 0), 0) AS value,
       CAST(coalesce(sp.uptake_num, 0) AS DOUBLE) AS numerator,
       CAST(coalesce(sp.uptake_den, 0) AS DOUBLE) AS denominator
FROM ind_grid g
LEFT JOIN ind_sp sp ON sp.s = g.s AND sp.p = g.p
