-- id: Q01
-- name_it: Preavviso conforme
-- name_en: Notice compliance
-- family: process
-- unit: share
-- source: Reg. (UE) 240/2014, art. 11, lett. b (convocazione e invio dei documenti di norma non meno di 10 giorni lavorativi prima); art. 5, par. 1, lett. a-b
-- higher_is_better: true
-- small_cell: none (counts meetings)
-- what_it: Quanta parte delle riunioni (non in procedura scritta) è stata convocata e documentata
--   con almeno 10 giorni lavorativi di anticipo.
-- what_en: How many meetings (other than written procedures) were called, and their documents sent,
--   at least 10 working days ahead.
-- formula_it: Riunioni con modalità diversa da "procedura scritta" (una modalità vuota conta) in cui
--   sia la data di convocazione sia la data di invio dei documenti precedono la riunione di almeno
--   10 giorni lavorativi, diviso quelle riunioni. Giorni lavorativi = lunedì-venerdì esclusi i
--   festivi nazionali (1/1, 6/1, lunedì dell'Angelo, 25/4, 1/5, 2/6, 15/8, 1/11, 8/12, 25/12,
--   26/12), contati dal giorno dopo l'invio fino al giorno prima della riunione. Una data mancante
--   rende la riunione non conforme.
-- formula_en: Meetings whose mode is not "written" (an empty mode counts) where both the notice date
--   and the documents date are at least 10 working days before the meeting, divided by those
--   meetings. Working days = Monday to Friday minus the national holidays (1/1, 6/1, Easter Monday,
--   25/4, 1/5, 2/6, 15/8, 1/11, 8/12, 25/12, 26/12), counted from the day after the dispatch to the
--   day before the meeting. A missing date makes the meeting non-compliant.
-- why_it: Il Codice fissa come regola generale un preavviso di almeno 10 giorni lavorativi perché i
--   partner possano analizzare i documenti e consultare le proprie basi.
-- why_en: The Code sets as a general rule a notice of at least 10 working days so that partners can
--   study the documents and consult their members.
-- read_it: Da 0 a 1: 0,8 = otto riunioni su dieci rispettano il preavviso. Q02 dice di quanto.
-- read_en: From 0 to 1: 0.8 = eight meetings in ten meet the notice rule. Q02 says by how much.
-- caveats_it: Le procedure scritte sono escluse (hanno tempi propri). Festività locali (santo
--   patrono) non sono considerate.
-- caveats_en: Written procedures are left out (they have their own timing). Local holidays (patron
--   saints) are not considered.

SELECT 'Q01' AS indicator, g.scope, g.period, '' AS category,
       CAST(coalesce(sp.q01_num, 0) AS DOUBLE) / NULLIF(coalesce(sp.q01_den, 0), 0) AS value,
       CAST(coalesce(sp.q01_num, 0) AS DOUBLE) AS numerator,
       CAST(coalesce(sp.q01_den, 0) AS DOUBLE) AS denominator
FROM ind_grid g
LEFT JOIN ind_sp sp ON sp.s = g.s AND sp.p = g.p
