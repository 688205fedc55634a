-- id: C06
-- name_it: Equiripartizione di Shannon
-- name_en: Shannon evenness
-- family: composition
-- unit: index
-- source: Reg. (UE) 240/2014, artt. 3-4 e considerando 3-4 (partenariato rappresentativo e plurale)
-- higher_is_better: true
-- small_cell: none (counts organisations)
-- what_it: Quanto le organizzazioni membri sono distribuite in modo uniforme tra le sei categorie.
-- what_en: How evenly the member organisations are spread over the six categories.
-- formula_it: Entropia di Shannon H = -Σ p_k ln p_k (somma sulle categorie con membri, p_k = quota
--   della categoria k alla data t) divisa per ln 6, il suo massimo. Numeratore = H, denominatore =
--   ln 6. Senza membri valore, numeratore e denominatore sono vuoti.
-- formula_en: Shannon entropy H = -Σ p_k ln p_k (over the categories with members, p_k = share of
--   category k at date t) divided by ln 6, its maximum. Numerator = H, denominator = ln 6. With no
--   members value, numerator and denominator are empty.
-- why_it: Come C05 misura il pluralismo della composizione, ma pesa di più le categorie piccole:
--   segnala quando una categoria è presente solo simbolicamente.
-- why_en: Like C05 it measures how plural the composition is, but it weighs small categories more:
--   it shows when a category is there only as a token.
-- read_it: Da 0 (una sola categoria) a 1 (sei categorie con lo stesso numero di organizzazioni).
-- read_en: From 0 (a single category) to 1 (six categories with the same number of organisations).
-- caveats_it: Confronta con un ideale di sei categorie uguali, che non è sempre l'obiettivo di ogni
--   organismo.
-- caveats_en: Compares with an ideal of six equal categories, which is not always every body's aim.

WITH tot AS (
    SELECT s, p, sum(n) AS orgs FROM ind_comp_cat GROUP BY s, p
),
h AS (
    -- Summed in category order: a sum of doubles in whatever order the
    -- threads meet them can differ in the last bits from run to run.
    SELECT c.s, c.p,
           0.0 - list_sum(list((CAST(c.n AS DOUBLE) / t.orgs) * ln(CAST(c.n AS DOUBLE) / t.orgs) ORDER BY c.category)) AS h
    FROM ind_comp_cat c JOIN tot t ON t.s = c.s AND t.p = c.p
    GROUP BY c.s, c.p
)
SELECT 'C06' AS indicator, g.scope, g.period, '' AS category,
       h.h / ln(6) AS value,
       h.h AS numerator,
       CASE WHEN h.h IS NOT NULL THEN ln(6) END AS denominator
FROM ind_grid g
LEFT JOIN h ON h.s = g.s AND h.p = g.p
