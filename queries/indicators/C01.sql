-- id: C01
-- name_it: Partner per categoria
-- name_en: Partners by category
-- family: composition
-- unit: count
-- source: Reg. (UE) 240/2014, artt. 2-4 (rappresentatività e individuazione dei partner pertinenti); Reg. (UE) 2021/1060, art. 8
-- higher_is_better: none
-- small_cell: none (counts organisations, not people)
-- what_it: Quante organizzazioni partner siedono negli organismi dell'ambito, per ciascuna delle
--   sei categorie del Codice: istituzionale, economico-sociale, società civile, ambientale,
--   parità e inclusione, ricerca.
-- what_en: How many partner organisations sit on the bodies in scope, for each of the Code's six
--   categories: institutional, economic and social, civil society, environmental, equality and
--   inclusion, research.
-- formula_it: Per ogni categoria, numero di organizzazioni distinte con almeno un'appartenenza in
--   corso alla data t (inizio <= t e fine vuota o >= t) in un organismo dell'ambito. t = 31
--   dicembre dell'anno, oppure la data di riferimento per il periodo "all". Un'organizzazione
--   presente in più organismi conta una volta.
-- formula_en: For each category, the number of distinct organisations with at least one membership
--   in office at date t (start <= t and end empty or >= t) on a body in scope. t = 31 December
--   of the year, or the reference date for the period "all". An organisation on several bodies
--   counts once.
-- why_it: Il Codice chiede che il partenariato comprenda autorità pubbliche, parti economiche e
--   sociali e organismi della società civile, compresi partner ambientali e organismi per la
--   parità e l'inclusione (artt. 3-4): la distribuzione per categoria mostra chi è al tavolo.
-- why_en: The Code requires the partnership to include public authorities, economic and social
--   partners and civil society bodies, including environmental partners and bodies promoting
--   equality and inclusion (arts. 3-4): the split by category shows who is at the table.
-- read_it: Sei valori, uno per categoria (zero se la categoria non ha membri). Si legge insieme a
--   C02 (quante categorie sono coperte) e C03 (peso dei non istituzionali).
-- read_en: Six values, one per category (zero when the category has no members). Read it with C02
--   (how many categories are covered) and C03 (weight of the non-institutional partners).
-- caveats_it: Conta organizzazioni, non rappresentanti né voti. La categoria è quella registrata
--   nell'anagrafica: una classificazione errata sposta il conteggio.
-- caveats_en: Counts organisations, not representatives or votes. The category is the one in the
--   organisation register: a wrong classification moves the count.

SELECT 'C01' AS indicator, g.scope, g.period, c.category,
       CAST(coalesce(cc.n, 0) AS DOUBLE) AS value,
       CAST(NULL AS DOUBLE) AS numerator,
       CAST(NULL AS DOUBLE) AS denominator
FROM ind_grid g
CROSS JOIN ind_categories c
LEFT JOIN ind_comp_cat cc ON cc.s = g.s AND cc.p = g.p AND cc.category = c.category
