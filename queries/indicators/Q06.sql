-- id: Q06
-- name_it: Temi art. 8
-- name_en: Art. 8 topics
-- family: process
-- unit: share
-- source: Reg. (UE) 240/2014, art. 8 (coinvolgimento nella preparazione dei programmi)
-- higher_is_better: true
-- small_cell: none (counts topics)
-- what_it: Quanti dei sei temi su cui l'art. 8 chiede di coinvolgere i partner sono stati trattati
--   nelle riunioni.
-- what_en: How many of the six topics on which art. 8 asks to involve partners were dealt with in
--   the meetings.
-- formula_it: Temi distinti tra i temi delle riunioni dell'ambito e del periodo, tra i sei dell'art.
--   8 (analisi dei fabbisogni, priorità, allocazione delle risorse, indicatori, principi
--   orizzontali, composizione del comitato), diviso 6. Vuoto (anche numeratore e denominatore) se
--   non ci sono riunioni; 0 se ci sono riunioni senza temi.
-- formula_en: Distinct topics among the meetings' topics of the scope and period, out of the six of
--   art. 8 (needs analysis, priorities, allocation of funding, indicators, horizontal principles,
--   committee composition), divided by 6. Empty (numerator and denominator too) when there is no
--   meeting; 0 when there are meetings without topics.
-- why_it: L'art. 8 elenca le materie su cui i partner devono poter incidere: un partenariato
--   consultato solo su alcune di esse è parziale.
-- why_en: Art. 8 lists the matters partners must be able to shape: a partnership consulted only on
--   some of them is partial.
-- read_it: 1 = tutti e sei i temi trattati almeno una volta.
-- read_en: 1 = all six topics dealt with at least once.
-- caveats_it: Un tema registrato non dice quanto il confronto sia stato approfondito.
-- caveats_en: A recorded topic does not say how deep the discussion went.

WITH tb AS (
    SELECT DISTINCT b, y, topic
    FROM (SELECT b, y, unnest(topics) AS topic FROM ind_meeting)
    WHERE topic IN (SELECT topic FROM ind_art8_topics)
),
k AS (
    SELECT sb.s, yp.p, count(DISTINCT tb.topic) AS n
    FROM tb
    JOIN ind_yp yp ON yp.y = tb.y
    JOIN ind_scope_body sb ON sb.b = tb.b
    GROUP BY sb.s, yp.p
)
SELECT 'Q06' AS indicator, g.scope, g.period, '' AS category,
       CASE WHEN sp.meetings > 0 THEN CAST(coalesce(k.n, 0) AS DOUBLE) / 6 END AS value,
       CASE WHEN sp.meetings > 0 THEN CAST(coalesce(k.n, 0) AS DOUBLE) END AS numerator,
       CASE WHEN sp.meetings > 0 THEN CAST(6 AS DOUBLE) END AS denominator
FROM ind_grid g
LEFT JOIN ind_sp sp ON sp.s = g.s AND sp.p = g.p
LEFT JOIN k ON k.s = g.s AND k.p = g.p
