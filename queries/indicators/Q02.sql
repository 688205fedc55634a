-- id: Q02
-- name_it: Anticipo mediano
-- name_en: Median notice
-- family: process
-- unit: days
-- source: Reg. (UE) 240/2014, art. 5, par. 1, lett. b (tempo sufficiente per analizzare e commentare) e art. 11, lett. b
-- higher_is_better: true
-- small_cell: none (describes meetings)
-- what_it: Con quanti giorni lavorativi di anticipo, tipicamente, i partner ricevono i documenti.
-- what_en: How many working days ahead partners typically receive the documents.
-- formula_it: Mediana dei giorni lavorativi tra la data di invio dei documenti e la riunione, sulle
--   riunioni che hanno la data di invio (procedure scritte comprese). Con un numero pari di
--   riunioni è la media dei due valori centrali. 0 se i documenti arrivano il giorno stesso o
--   dopo. Nessun numeratore o denominatore.
-- formula_en: Median of the working days between the documents date and the meeting, over the
--   meetings that have a documents date (written procedures included). With an even count it is
--   the mean of the two middle values. 0 when the documents arrive on the day or later. No
--   numerator or denominator.
-- why_it: Il tempo per leggere i documenti è la condizione pratica di un contributo informato: il
--   Codice parla di "tempo sufficiente".
-- why_en: Time to read the documents is the practical condition of informed input: the Code speaks
--   of "sufficient time".
-- read_it: In giorni lavorativi: 10 o più è in linea con la regola dell'art. 11. La mediana non
--   risente di pochi casi estremi.
-- read_en: In working days: 10 or more is in line with the art. 11 rule. The median is not swayed by
--   a few extreme cases.
-- caveats_it: Le riunioni senza data di invio sono escluse, e possono essere proprio le peggiori
--   (vedi Q01, che le conta come non conformi).
-- caveats_en: Meetings without a documents date are left out, and they may be the worst ones (see
--   Q01, which counts them as non-compliant).

WITH k AS (
    SELECT sb.s, yp.p, median(m.documents_wd) AS med
    FROM ind_meeting m
    JOIN ind_yp yp ON yp.y = m.y
    JOIN ind_scope_body sb ON sb.b = m.b
    WHERE m.documents_date IS NOT NULL
    GROUP BY sb.s, yp.p
)
SELECT 'Q02' AS indicator, g.scope, g.period, '' AS category,
       CAST(k.med AS DOUBLE) AS value,
       CAST(NULL AS DOUBLE) AS numerator,
       CAST(NULL AS DOUBLE) AS denominator
FROM ind_grid g
LEFT JOIN k ON k.s = g.s AND k.p = g.p
