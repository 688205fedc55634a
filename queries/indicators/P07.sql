-- id: P07
-- name_it: Gini dei contributi
-- name_en: Contribution Gini
-- family: participation
-- unit: index
-- source: Reg. (UE) 240/2014, art. 5, par. 1, lett. c; considerando 4 (attenzione ai gruppi che faticano a incidere)
-- higher_is_better: false
-- small_cell: none (counts contributions)
-- what_it: Quanto i contributi sono concentrati in poche organizzazioni invitate.
-- what_en: How concentrated the contributions are among a few invited organisations.
-- formula_it: Indice di Gini sul numero di contributi (nell'ambito e nel periodo) di ciascuna
--   organizzazione invitata, zeri compresi: Σ_i Σ_j |x_i - x_j| / (2 n² x̄). Numeratore = Σ_i Σ_j
--   |x_i - x_j|, denominatore = 2 n² x̄ = 2 n Σ x. Vuoto se nessuna organizzazione invitata ha
--   contribuito.
-- formula_en: Gini index of the number of contributions (in the scope and period) of each invited
--   organisation, zeros included: Σ_i Σ_j |x_i - x_j| / (2 n² x̄). Numerator = Σ_i Σ_j |x_i - x_j|,
--   denominator = 2 n² x̄ = 2 n Σ x. Empty when no invited organisation contributed.
-- why_it: Un partenariato in cui parlano sempre gli stessi non dà voce effettiva a tutti: il Codice
--   chiede attenzione a chi fatica a far sentire la propria voce.
-- why_en: A partnership where the same few always speak does not give everyone an effective voice:
--   the Code asks for attention to those who find it hard to be heard.
-- read_it: 0 = tutti contribuiscono allo stesso modo; vicino a 1 = pochissimi producono quasi tutti
--   i contributi. Con n organizzazioni il massimo è 1 - 1/n.
-- read_en: 0 = everyone contributes equally; close to 1 = very few produce almost all
--   contributions. With n organisations the maximum is 1 - 1/n.
-- caveats_it: Conta i contributi, non la loro qualità o il loro esito (si veda Q08).
-- caveats_en: Counts contributions, not their quality or outcome (see Q08).

-- Over the distinct counts v_k (c_k organisations each, ascending):
-- Σ_i Σ_j |x_i - x_j| = 2 Σ_k c_k v_k (C_<k - C_>k), C = organisations below/above.
WITH v AS (
    SELECT s, p, contribs AS x, sum(n) AS c FROM ind_sp_org GROUP BY s, p, contribs
),
r AS (
    SELECT s, p, x, c,
           coalesce(sum(c) OVER (PARTITION BY s, p ORDER BY x ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS below,
           coalesce(sum(c) OVER (PARTITION BY s, p ORDER BY x ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING), 0) AS above
    FROM v
),
k AS (
    SELECT s, p, 2 * sum(c * x * (below - above)) AS absdiff, 2 * sum(c) * sum(c * x) AS den
    FROM r GROUP BY s, p
)
SELECT 'P07' AS indicator, g.scope, g.period, '' AS category,
       CAST(coalesce(k.absdiff, 0) AS DOUBLE) / NULLIF(CAST(coalesce(k.den, 0) AS DOUBLE), 0) AS value,
       CAST(coalesce(k.absdiff, 0) AS DOUBLE) AS numerator,
       CAST(coalesce(k.den, 0) AS DOUBLE) AS denominator
FROM ind_grid g
LEFT JOIN k ON k.s = g.s AND k.p = g.p
