-- id: C07
-- name_it: Copertura territoriale
-- name_en: Territorial coverage
-- family: composition
-- unit: count
-- source: Reg. (UE) 240/2014, art. 4, par. 1, lett. a (autorità regionali, locali e urbane) e considerando 2 (livelli nazionale, regionale e locale)
-- higher_is_better: true
-- small_cell: none (counts territories)
-- what_it: Da quante regioni (NUTS 2) provengono le organizzazioni membri degli organismi
--   dell'ambito.
-- what_en: How many regions (NUTS 2) the member organisations of the bodies in scope come from.
-- formula_it: Numero di codici NUTS 2 distinti (i primi 4 caratteri del campo nuts)
--   delle organizzazioni membri alla data t. Le organizzazioni senza nuts non contano. Nessun
--   numeratore o denominatore; senza membri vale 0.
-- formula_en: Number of distinct NUTS 2 codes (the first 4 characters of the nuts field) of the
--   member organisations at date t. Organisations without nuts do not count. No numerator or
--   denominator; with no members it is 0.
-- why_it: Il partenariato coinvolge attori di livello nazionale, regionale e locale: la copertura
--   territoriale mostra se i territori interessati dal programma hanno voce.
-- why_en: The partnership involves actors at national, regional and local level: territorial
--   coverage shows whether the territories a programme affects have a voice.
-- read_it: Un conteggio: per un programma regionale ci si attende 1 (o poche regioni), per un
--   programma nazionale valori più alti.
-- read_en: A count: a regional programme is expected to show 1 (or a few regions), a national one
--   higher values.
-- caveats_it: Le organizzazioni nazionali o europee spesso non hanno codice NUTS e non contano; il
--   codice indica la sede, non l'area d'azione.
-- caveats_en: National or European organisations often have no NUTS code and do not count; the code
--   is the seat, not the area of action.

WITH k AS (
    SELECT sm.s, sm.p, count(DISTINCT og.nuts2) AS n
    FROM ind_scope_member sm JOIN ind_org og ON og.o = sm.o
    GROUP BY sm.s, sm.p
)
SELECT 'C07' AS indicator, g.scope, g.period, '' AS category,
       CAST(coalesce(k.n, 0) AS DOUBLE) AS value,
       CAST(NULL AS DOUBLE) AS numerator,
       CAST(NULL AS DOUBLE) AS denominator
FROM ind_grid g
LEFT JOIN k ON k.s = g.s AND k.p = g.p
