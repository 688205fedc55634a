-- id: P06
-- name_it: Ricambio
-- name_en: Turnover
-- family: participation
-- unit: share
-- source: Reg. (UE) 240/2014, art. 2 (rappresentatività) e art. 10, par. 1 (continuità con i partner coinvolti nella preparazione)
-- higher_is_better: none
-- small_cell: none (counts organisations)
-- what_it: Quanto è cambiata la composizione degli organismi dell'ambito rispetto all'anno prima.
-- what_en: How much the composition of the bodies in scope changed from the year before.
-- formula_it: 1 - |M_t ∩ M_t-1| / |M_t ∪ M_t-1|, dove M_t sono le organizzazioni membri al 31
--   dicembre dell'anno e M_t-1 quelle al 31 dicembre dell'anno precedente. Numeratore = |M_t Δ
--   M_t-1| (entrate più uscite), denominatore = |M_t ∪ M_t-1|. Vuoto per il periodo "all" e quando
--   non ci sono membri in nessuna delle due date.
-- formula_en: 1 - |M_t ∩ M_t-1| / |M_t ∪ M_t-1|, where M_t are the member organisations on 31
--   December of the year and M_t-1 those on 31 December of the year before. Numerator = |M_t Δ
--   M_t-1| (entries plus exits), denominator = |M_t ∪ M_t-1|. Empty for the period "all" and when
--   there are no members at either date.
-- why_it: Un certo ricambio apre a nuovi partner; un ricambio eccessivo disperde competenze e
--   rompe la continuità che l'art. 10 chiede di preservare.
-- why_en: Some turnover opens the door to new partners; too much scatters expertise and breaks the
--   continuity art. 10 asks to preserve.
-- read_it: 0 = stessa composizione; 1 = composizione interamente nuova (o organismo appena
--   costituito o sciolto).
-- read_en: 0 = same composition; 1 = an entirely new composition (or a body just set up or
--   dissolved).
-- caveats_it: Nel primo anno di un organismo vale 1 per costruzione. Misura le organizzazioni, non
--   il cambio dei loro rappresentanti.
-- caveats_en: In a body's first year it is 1 by construction. It measures organisations, not
--   changes of their representatives.

-- |M_t ∪ M_t-1| = |M_t| + |M_t-1| - |M_t ∩ M_t-1|; ind_scope_member holds the
-- members at 31 Dec of every period year and of the year before it, with
-- in_prev = 1 when the organisation was also a member of the scope at p-1.
WITH cnt AS (
    SELECT s, p, count(*) AS n, count(*) FILTER (WHERE in_prev = 1) AS kept
    FROM ind_scope_member GROUP BY s, p
),
k AS (
    SELECT g.s, g.p,
           coalesce(now.n, 0) + coalesce(before.n, 0) - coalesce(now.kept, 0) AS uni,
           coalesce(now.kept, 0) AS inter
    FROM ind_grid g
    LEFT JOIN cnt now ON now.s = g.s AND now.p = g.p
    LEFT JOIN cnt before ON before.s = g.s AND before.p = g.p - 1
    WHERE g.p > 0
)
SELECT 'P06' AS indicator, g.scope, g.period, '' AS category,
       CASE WHEN g.p > 0 THEN CAST(coalesce(k.uni, 0) - coalesce(k.inter, 0) AS DOUBLE) / NULLIF(coalesce(k.uni, 0), 0) END AS value,
       CASE WHEN g.p > 0 THEN CAST(coalesce(k.uni, 0) - coalesce(k.inter, 0) AS DOUBLE) END AS numerator,
       CASE WHEN g.p > 0 THEN CAST(coalesce(k.uni, 0) AS DOUBLE) END AS denominator
FROM ind_grid g
LEFT JOIN k ON k.s = g.s AND k.p = g.p
