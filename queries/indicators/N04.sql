-- id: N04
-- name_it: Appartenenza multipla
-- name_en: Multi-membership
-- family: network
-- unit: share
-- source: Reg. (UE) 240/2014, art. 2 (rappresentatività) e art. 10, par. 1 (continuità tra preparazione e sorveglianza)
-- higher_is_better: none
-- small_cell: none (counts organisations)
-- what_it: Quanta parte delle organizzazioni membri siede in più di un organismo dell'ambito.
-- what_en: How many member organisations sit on more than one body in scope.
-- formula_it: Organizzazioni membri di almeno 2 organismi dell'ambito alla data t, diviso le
--   organizzazioni membri alla data t. Per un ambito di un solo organismo vale 0.
-- formula_en: Organisations that are members of 2 or more bodies in scope at date t, divided by the
--   member organisations at date t. For a one-body scope it is 0.
-- why_it: Le appartenenze multiple collegano gli organismi e fanno circolare le informazioni, ma
--   possono anche concentrare la rappresentanza in pochi soggetti.
-- why_en: Multiple memberships link bodies and carry information across them, but they can also
--   concentrate representation in a few actors.
-- read_it: Da 0 a 1. Va letto con C01 e C03: chi sono le organizzazioni presenti ovunque?
-- read_en: From 0 to 1. Read it with C01 and C03: who are the organisations that are everywhere?
-- caveats_it: Conta le organizzazioni, non le persone: un'organizzazione grande può essere in molti
--   organismi con persone diverse.
-- caveats_en: Counts organisations, not people: a large organisation can sit on many bodies through
--   different people.

WITH k AS (
    SELECT s, p, count(*) AS orgs, count(*) FILTER (WHERE n_bodies >= 2) AS multi
    FROM ind_scope_member GROUP BY s, p
)
SELECT 'N04' AS indicator, g.scope, g.period, '' AS category,
       CAST(coalesce(k.multi, 0) AS DOUBLE) / NULLIF(coalesce(k.orgs, 0), 0) AS value,
       CAST(coalesce(k.multi, 0) AS DOUBLE) AS numerator,
       CAST(coalesce(k.orgs, 0) AS DOUBLE) AS denominator
FROM ind_grid g
LEFT JOIN k ON k.s = g.s AND k.p = g.p
