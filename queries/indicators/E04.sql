-- id: E04
-- name_it: Completezza genere
-- name_en: Gender data completeness
-- family: equality
-- unit: share
-- source: Reg. (UE) 240/2014, art. 10, par. 1 (per verificare la parità serve il dato di genere)
-- higher_is_better: true
-- small_cell: none (describes data quality)
-- what_it: Quanta parte delle presenze di persone identificate ha il genere registrato.
-- what_en: How much of the attendance of identified people has gender recorded.
-- formula_it: Righe di presenza presenti (presente o con delega, invitate o no) con person_id e
--   genere F, M o X, diviso le righe di presenza presenti con person_id.
-- formula_en: Present attendance rows (present or delegated, invited or not) with a person_id and
--   gender F, M or X, divided by the present attendance rows with a person_id.
-- why_it: E01 ed E02 sono affidabili solo se il genere è registrato: questo indicatore dice quanto
--   fidarsi di loro.
-- why_en: E01 and E02 are reliable only when gender is recorded: this indicator says how far to
--   trust them.
-- read_it: Da 0 a 1: sotto 0,8 le quote di genere vanno lette con cautela.
-- read_en: From 0 to 1: below 0.8 the gender shares should be read with caution.
-- caveats_it: Conta righe, non persone: una persona presente spesso pesa di più.
-- caveats_en: Counts rows, not people: a person who attends often weighs more.

SELECT 'E04' AS indicator, g.scope, g.period, '' AS category,
       CAST(coalesce(sp.pid_g_rows, 0) AS DOUBLE) / NULLIF(coalesce(sp.pid_rows, 0), 0) AS value,
       CAST(coalesce(sp.pid_g_rows, 0) AS DOUBLE) AS numerator,
       CAST(coalesce(sp.pid_rows, 0) AS DOUBLE) AS denominator
FROM ind_grid g
LEFT JOIN ind_sp sp ON sp.s = g.s AND sp.p = g.p
