-- id: P04
-- name_it: Intensità contributiva
-- name_en: Contributions per meeting
-- family: participation
-- unit: ratio
-- source: Reg. (UE) 240/2014, art. 5, par. 1, lett. c
-- higher_is_better: true
-- small_cell: none (counts contributions and meetings)
-- what_it: Quanti contributi dei partner arrivano, in media, per ogni riunione.
-- what_en: How many partner contributions arrive, on average, per meeting.
-- formula_it: Contributi dell'ambito e del periodo (organismo della riunione o body_id; anno di
--   invio) diviso le riunioni dell'ambito e del periodo (anno della data). Vuoto se non ci sono
--   riunioni.
-- formula_en: Contributions of the scope and period (meeting's body or body_id; year submitted)
--   divided by the meetings of the scope and period (year of the date). Empty when there is no
--   meeting.
-- why_it: Misura quanto il confronto con i partner produce apporti concreti, al di là della
--   presenza.
-- why_en: Measures how much the exchange with partners produces concrete input, beyond attendance.
-- read_it: Un rapporto: 2,5 = due contributi e mezzo per riunione. Confrontare organismi dello
--   stesso tipo.
-- read_en: A ratio: 2.5 = two and a half contributions per meeting. Compare bodies of the same type.
-- caveats_it: Contano anche i contributi senza riunione (consultazioni scritte), attribuiti
--   all'anno di invio: un contributo di dicembre su una riunione di gennaio cade in anni diversi.
-- caveats_en: Contributions without a meeting (written consultations) count too, in the year they
--   were submitted: a December contribution on a January meeting falls in different years.

SELECT 'P04' AS indicator, g.scope, g.period, '' AS category,
       CAST(coalesce(sp.contribs, 0) AS DOUBLE) / NULLIF(coalesce(sp.meetings, 0), 0) AS value,
       CAST(coalesce(sp.contribs, 0) AS DOUBLE) AS numerator,
       CAST(coalesce(sp.meetings, 0) AS DOUBLE) AS denominator
FROM ind_grid g
LEFT JOIN ind_sp sp ON sp.s = g.s AND sp.p = g.p
