-- id: Q07
-- name_it: Tasso di riscontro
-- name_en: Feedback rate
-- family: process
-- unit: share
-- source: Reg. (UE) 240/2014, art. 5, par. 1, lett. c-d (informare su come si è tenuto conto delle proposte; diffondere l'esito delle consultazioni)
-- higher_is_better: true
-- small_cell: none (counts contributions)
-- what_it: Quanta parte dei contributi dei partner ha ricevuto un riscontro dall'amministrazione.
-- what_en: How many partner contributions received a response from the administration.
-- formula_it: Contributi con una data di riscontro, diviso i contributi dell'ambito e del periodo
--   (organismo della riunione o body_id; anno di invio).
-- formula_en: Contributions with a response date, divided by the contributions of the scope and
--   period (meeting's body or body_id; year submitted).
-- why_it: Il Codice chiede che i partner siano informati di come le loro proposte sono state prese
--   in considerazione: senza riscontro il contributo resta senza seguito visibile.
-- why_en: The Code asks that partners be told how their proposals were taken into account: without
--   a response, input has no visible follow-up.
-- read_it: Da 0 a 1. I contributi recenti possono essere ancora in attesa di riscontro.
-- read_en: From 0 to 1. Recent contributions may still be awaiting a response.
-- caveats_it: Non misura i tempi né la qualità del riscontro.
-- caveats_en: Does not measure how fast or how good the response was.

SELECT 'Q07' AS indicator, g.scope, g.period, '' AS category,
       CAST(coalesce(sp.responded, 0) AS DOUBLE) / NULLIF(coalesce(sp.contribs, 0), 0) AS value,
       CAST(coalesce(sp.responded, 0) AS DOUBLE) AS numerator,
       CAST(coalesce(sp.contribs, 0) AS DOUBLE) AS denominator
FROM ind_grid g
LEFT JOIN ind_sp sp ON sp.s = g.s AND sp.p = g.p
