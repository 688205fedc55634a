-- id: Q04
-- name_it: Verbali pubblicati
-- name_en: Minutes published
-- family: process
-- unit: share
-- source: Reg. (UE) 240/2014, art. 11, lett. d (adozione, pubblicazione e accessibilità dei verbali); art. 5, par. 1, lett. d
-- higher_is_better: true
-- small_cell: none (counts meetings)
-- what_it: Quanta parte delle riunioni ha un verbale pubblicato.
-- what_en: How many meetings have published minutes.
-- formula_it: Riunioni con una data di pubblicazione del verbale, diviso le riunioni dell'ambito e
--   del periodo.
-- formula_en: Meetings with a minutes publication date, divided by the meetings of the scope and
--   period.
-- why_it: La pubblicità dei verbali rende verificabile come si è deciso e come si è tenuto conto
--   dei contributi dei partner.
-- why_en: Published minutes make it verifiable how decisions were taken and how partners' input was
--   considered.
-- read_it: Da 0 a 1. Per le riunioni recenti un valore basso può solo indicare verbali non ancora
--   pubblicati.
-- read_en: From 0 to 1. For recent meetings a low value may only mean minutes not yet published.
-- caveats_it: Non controlla il ritardo di pubblicazione né se il verbale pubblicato è completo.
-- caveats_en: Does not check the publication delay or whether the published minutes are complete.

SELECT 'Q04' AS indicator, g.scope, g.period, '' AS category,
       CAST(coalesce(sp.minutes, 0) AS DOUBLE) / NULLIF(coalesce(sp.meetings, 0), 0) AS value,
       CAST(coalesce(sp.minutes, 0) AS DOUBLE) AS numerator,
       CAST(coalesce(sp.meetings, 0) AS DOUBLE) AS denominator
FROM ind_grid g
LEFT JOIN ind_sp sp ON sp.s = g.s AND sp.p = g.p
