-- id: N05
-- name_it: Componenti
-- name_en: Components
-- family: network
-- unit: count
-- source: Reg. (UE) 240/2014, considerando 2 e art. 18
-- higher_is_better: false
-- small_cell: none (describes organisations)
-- compute: go
-- what_it: In quanti gruppi separati si divide la rete di co-partecipazione, e quanto è grande il
--   gruppo principale.
-- what_en: How many separate groups the co-participation network splits into, and how large the
--   main group is.
-- formula_it: Nella rete di N01: numero di componenti connesse (categoria vuota; un'organizzazione
--   isolata è una componente; 0 se non c'è nessuno), senza numeratore né denominatore; e, come
--   categoria "largest_share", dimensione della componente più grande diviso N (numeratore = la
--   dimensione, denominatore = N; vuoto se N = 0).
-- formula_en: In the network of N01: number of connected components (empty category; an isolated
--   organisation is a component; 0 when there is nobody), with no numerator or denominator; and,
--   as category "largest_share", the size of the largest component divided by N (numerator = the
--   size, denominator = N; empty when N = 0).
-- why_it: Gruppi che non si incontrano mai non si scambiano esperienze: un partenariato
--   frammentato perde il valore della rete.
-- why_en: Groups that never meet do not exchange experience: a fragmented partnership loses the
--   value of the network.
-- read_it: 1 componente con largest_share = 1: tutti collegati, direttamente o indirettamente. Un
--   ambito con più organismi separati ha naturalmente più componenti.
-- read_en: 1 component with largest_share = 1: everyone linked, directly or not. A scope with
--   several separate bodies naturally has more components.
-- caveats_it: Calcolato in Go (internal/indicator/network.go). Ogni organizzazione presente da sola
--   a una riunione, senza altre occasioni di incontro, è una componente a sé.
-- caveats_en: Computed in Go (internal/indicator/network.go). An organisation that was present alone
--   at a meeting, with no other occasion to meet, is a component of its own.

SELECT 'N05' AS indicator, g.scope, g.period, c.category, n.value, n.numerator, n.denominator
FROM ind_grid g
CROSS JOIN (VALUES (''), ('largest_share')) c(category)
LEFT JOIN ind_network n ON n.s = g.s AND n.p = g.p AND n.indicator = 'N05' AND n.category = c.category
