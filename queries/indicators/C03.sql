-- id: C03
-- name_it: Quota non istituzionali
-- name_en: Non-institutional share
-- family: composition
-- unit: share
-- source: Reg. (UE) 240/2014, artt. 3-4 e considerando 3-4
-- higher_is_better: true
-- small_cell: none (counts organisations)
-- what_it: Quanta parte delle organizzazioni membri degli organismi dell'ambito non è
--   un'istituzione pubblica.
-- what_en: How much of the member organisations of the bodies in scope are not public institutions.
-- formula_it: Organizzazioni membri alla data t con categoria diversa da "istituzionale", diviso
--   tutte le organizzazioni membri alla data t (ciascuna contata una volta). Vuoto se non ci sono
--   membri.
-- formula_en: Member organisations at date t whose category is not "institutional", divided by all
--   member organisations at date t (each counted once). Empty when there are no members.
-- why_it: Il principio di partenariato porta negli organismi le parti economiche e sociali e la
--   società civile accanto alle amministrazioni; una quota bassa indica un organismo
--   essenzialmente interistituzionale.
-- why_en: The partnership principle brings economic and social partners and civil society into the
--   bodies beside the administrations; a low share points to an essentially inter-institutional
--   body.
-- read_it: Da 0 (solo istituzioni) a 1 (nessuna istituzione). Valori intorno a 0,5 indicano un
--   equilibrio numerico, non di potere: il voto è misurato da C04.
-- read_en: From 0 (institutions only) to 1 (no institution). Values around 0.5 mean a balance in
--   numbers, not in power: voting is measured by C04.
-- caveats_it: Conta le organizzazioni, non i seggi né il diritto di voto.
-- caveats_en: Counts organisations, not seats or voting rights.

WITH k AS (
    SELECT s, p, sum(n) AS orgs,
           coalesce(sum(n) FILTER (WHERE category <> 'institutional'), 0) AS non_inst
    FROM ind_comp_cat GROUP BY s, p
)
SELECT 'C03' AS indicator, g.scope, g.period, '' AS category,
       CAST(coalesce(k.non_inst, 0) AS DOUBLE) / NULLIF(coalesce(k.orgs, 0), 0) AS value,
       CAST(coalesce(k.non_inst, 0) AS DOUBLE) AS numerator,
       CAST(coalesce(k.orgs, 0) AS DOUBLE) AS denominator
FROM ind_grid g
LEFT JOIN k ON k.s = g.s AND k.p = g.p
