-- id: Q05
-- name_it: Copertura fasi
-- name_en: Phase coverage
-- family: process
-- unit: share
-- source: Reg. (UE) 240/2014, considerando 2 (l'intero ciclo: preparazione, attuazione, sorveglianza, valutazione); artt. 8, 15, 16
-- higher_is_better: true
-- small_cell: none (counts phases)
-- what_it: In quante delle quattro fasi del ciclo (programmazione, attuazione, sorveglianza,
--   valutazione) i partner sono stati riuniti.
-- what_en: In how many of the four phases of the cycle (programming, implementation, monitoring,
--   evaluation) the partners were convened.
-- formula_it: Fasi distinte tra le riunioni dell'ambito e del periodo, diviso 4. Numeratore = fasi
--   distinte, denominatore = 4. Vuoto (anche numeratore e denominatore) se non ci sono riunioni.
-- formula_en: Distinct phases among the meetings of the scope and period, divided by 4. Numerator =
--   distinct phases, denominator = 4. Empty (numerator and denominator too) when there is no
--   meeting.
-- why_it: Il Codice chiede il coinvolgimento dei partner in tutte le fasi, non solo nella
--   programmazione iniziale.
-- why_en: The Code asks for partners to be involved in every phase, not only in the initial
--   programming.
-- read_it: 1 = riunioni in tutte e quattro le fasi; 0,25 = una sola fase.
-- read_en: 1 = meetings in all four phases; 0.25 = a single phase.
-- caveats_it: In un singolo anno è normale che alcune fasi manchino (la valutazione non è annuale):
--   il periodo "all" è più significativo.
-- caveats_en: In a single year some phases are naturally missing (evaluation is not yearly): the
--   period "all" is more telling.

WITH k AS (
    SELECT sb.s, yp.p, count(DISTINCT m.phase) AS phases
    FROM ind_meeting m
    JOIN ind_yp yp ON yp.y = m.y
    JOIN ind_scope_body sb ON sb.b = m.b
    GROUP BY sb.s, yp.p
)
SELECT 'Q05' AS indicator, g.scope, g.period, '' AS category,
       CAST(k.phases AS DOUBLE) / 4 AS value,
       CAST(k.phases AS DOUBLE) AS numerator,
       CASE WHEN k.phases IS NOT NULL THEN CAST(4 AS DOUBLE) END AS denominator
FROM ind_grid g
LEFT JOIN k ON k.s = g.s AND k.p = g.p
