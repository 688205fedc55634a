-- id: C02
-- name_it: Copertura categorie
-- name_en: Category coverage
-- family: composition
-- unit: share
-- source: Reg. (UE) 240/2014, artt. 3-4; Reg. (UE) 2021/1060, art. 8
-- higher_is_better: true
-- small_cell: none (counts categories)
-- what_it: Quante delle sei categorie di partner previste dal Codice sono rappresentate da almeno
--   un'organizzazione membro degli organismi dell'ambito.
-- what_en: How many of the Code's six partner categories are represented by at least one member
--   organisation of the bodies in scope.
-- formula_it: Categorie con almeno un'organizzazione membro alla data t, diviso 6. Numeratore = le
--   categorie coperte; denominatore = 6. Senza membri vale 0.
-- formula_en: Categories with at least one member organisation at date t, divided by 6. Numerator =
--   the categories covered; denominator = 6. With no members it is 0.
-- why_it: Un partenariato conforme al Codice non si limita alle istituzioni: le sei categorie
--   riflettono gli attori che gli artt. 3-4 chiedono di coinvolgere.
-- why_en: A partnership in line with the Code is not limited to institutions: the six categories
--   mirror the actors that arts. 3-4 ask to involve.
-- read_it: 1 = tutte le categorie presenti; 0,5 = tre su sei. Non dice quanto pesa ciascuna: per
--   questo si vedano C01, C05 e C06.
-- read_en: 1 = every category present; 0.5 = three of six. It does not say how much each weighs:
--   see C01, C05 and C06 for that.
-- caveats_it: Un solo membro basta a coprire una categoria. Alcuni organismi (es. gruppi tecnici)
--   possono legittimamente non prevedere tutte le categorie.
-- caveats_en: A single member is enough to cover a category. Some bodies (e.g. technical groups)
--   may legitimately not provide for every category.

WITH k AS (
    SELECT s, p, count(*) AS cats FROM ind_comp_cat GROUP BY s, p
)
SELECT 'C02' AS indicator, g.scope, g.period, '' AS category,
       CAST(coalesce(k.cats, 0) AS DOUBLE) / 6 AS value,
       CAST(coalesce(k.cats, 0) AS DOUBLE) AS numerator,
       CAST(6 AS DOUBLE) AS denominator
FROM ind_grid g
LEFT JOIN k ON k.s = g.s AND k.p = g.p
