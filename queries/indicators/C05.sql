-- id: C05
-- name_it: Indice di Blau
-- name_en: Blau index
-- family: composition
-- unit: index
-- source: Reg. (UE) 240/2014, artt. 3-4 e considerando 3-4 (partenariato rappresentativo e plurale)
-- higher_is_better: true
-- small_cell: none (counts organisations)
-- what_it: Quanto è varia la composizione per categoria: la probabilità che due organizzazioni
--   membri prese a caso appartengano a categorie diverse.
-- what_en: How varied the composition by category is: the probability that two member
--   organisations drawn at random belong to different categories.
-- formula_it: 1 meno la somma dei quadrati delle quote p_k, dove p_k = organizzazioni membri della
--   categoria k alla data t diviso tutte le organizzazioni membri. Vuoto se non ci sono membri.
--   Nessun numeratore o denominatore.
-- formula_en: 1 minus the sum of the squared shares p_k, where p_k = member organisations of
--   category k at date t divided by all member organisations. Empty when there are no members. No
--   numerator or denominator.
-- why_it: Un partenariato in cui una sola categoria domina è meno plurale di quanto il Codice
--   richieda, anche se tutte le categorie sono formalmente presenti.
-- why_en: A partnership dominated by one category is less plural than the Code asks for, even when
--   every category is formally present.
-- read_it: 0 = tutte le organizzazioni nella stessa categoria; il massimo con sei categorie
--   ugualmente rappresentate è 5/6 = 0,833.
-- read_en: 0 = all organisations in one category; the maximum, with six equally represented
--   categories, is 5/6 = 0.833.
-- caveats_it: Sensibile alla classificazione delle organizzazioni; con pochi membri varia molto per
--   un solo ingresso o uscita.
-- caveats_en: Sensitive to how organisations are classified; with few members it moves a lot with
--   a single entry or exit.

WITH k AS (
    SELECT s, p, sum(n) AS orgs, sum(n * n) AS sq FROM ind_comp_cat GROUP BY s, p
)
SELECT 'C05' AS indicator, g.scope, g.period, '' AS category,
       CASE WHEN k.orgs > 0 THEN 1 - CAST(k.sq AS DOUBLE) / (CAST(k.orgs AS DOUBLE) * CAST(k.orgs AS DOUBLE)) END AS value,
       CAST(NULL AS DOUBLE) AS numerator,
       CAST(NULL AS DOUBLE) AS denominator
FROM ind_grid g
LEFT JOIN k ON k.s = g.s AND k.p = g.p
