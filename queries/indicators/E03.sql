-- id: E03
-- name_it: Organismi di parità
-- name_en: Equality bodies present
-- family: equality
-- unit: share
-- source: Reg. (UE) 240/2014, art. 4, par. 1, lett. c (organismi per la promozione dell'inclusione sociale, della parità di genere e della non discriminazione) e art. 10, par. 1
-- higher_is_better: true
-- small_cell: none (counts bodies)
-- what_it: In quanti organismi dell'ambito siede almeno un'organizzazione per la parità e
--   l'inclusione.
-- what_en: On how many bodies in scope at least one equality and inclusion organisation sits.
-- formula_it: Organismi dell'ambito con almeno un'organizzazione membro di categoria "parità e
--   inclusione" alla data t, diviso tutti gli organismi dell'ambito (anche quelli senza membri a
--   quella data).
-- formula_en: Bodies in scope with at least one member organisation of category "equality and
--   inclusion" at date t, divided by every body in scope (including those with no members at that
--   date).
-- why_it: Il Codice include espressamente tra i partner gli organismi che promuovono parità e non
--   discriminazione: la loro assenza lascia senza voce chi è più esposto all'esclusione.
-- why_en: The Code expressly lists bodies promoting equality and non-discrimination among the
--   partners: their absence leaves those most exposed to exclusion without a voice.
-- read_it: Da 0 a 1: 0,5 = metà degli organismi ha un organismo di parità tra i membri.
-- read_en: From 0 to 1: 0.5 = half of the bodies have an equality organisation among their members.
-- caveats_it: Il denominatore comprende anche organismi non ancora costituiti o già sciolti alla
--   data t, che abbassano la quota negli anni di inizio e fine ciclo.
-- caveats_en: The denominator includes bodies not yet set up or already dissolved at date t, which
--   lower the share at the start and end of a cycle.

WITH eb AS (
    SELECT DISTINCT p, b FROM ind_member WHERE category = 'equality_inclusion'
),
k AS (
    SELECT sb.s, eb.p, count(*) AS n
    FROM eb JOIN ind_scope_body sb ON sb.b = eb.b
    GROUP BY sb.s, eb.p
),
nb AS (
    SELECT s, count(*) AS bodies FROM ind_scope_body GROUP BY s
)
SELECT 'E03' AS indicator, g.scope, g.period, '' AS category,
       CAST(coalesce(k.n, 0) AS DOUBLE) / NULLIF(coalesce(nb.bodies, 0), 0) AS value,
       CAST(coalesce(k.n, 0) AS DOUBLE) AS numerator,
       CAST(coalesce(nb.bodies, 0) AS DOUBLE) AS denominator
FROM ind_grid g
LEFT JOIN nb ON nb.s = g.s
LEFT JOIN k ON k.s = g.s AND k.p = g.p
