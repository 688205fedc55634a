-- id: N01
-- name_it: Densità
-- name_en: Density
-- family: network
-- unit: index
-- source: Reg. (UE) 240/2014, considerando 2 (stretta cooperazione tra i partner) e art. 18 (scambio di esperienze)
-- higher_is_better: true
-- small_cell: none (describes organisations)
-- compute: go
-- what_it: Quanto le organizzazioni che partecipano alle riunioni dell'ambito si incontrano tra
--   loro: la quota di coppie di organizzazioni che hanno condiviso almeno una riunione.
-- what_en: How much the organisations attending the meetings in scope meet one another: the share
--   of pairs of organisations that shared at least one meeting.
-- formula_it: Rete di co-partecipazione: nodi = organizzazioni presenti (presente o con delega,
--   invitate o no) ad almeno una riunione dell'ambito e del periodo; due organizzazioni sono
--   collegate se erano entrambe presenti alla stessa riunione. Densità = 2E / (N(N-1)), E = coppie
--   collegate distinte. Numeratore = 2E, denominatore = N(N-1); vuoto con meno di due
--   organizzazioni.
-- formula_en: Co-participation network: nodes = organisations present (present or delegated,
--   invited or not) at one or more meetings of the scope and period; two organisations are linked
--   when both were present at the same meeting. Density = 2E / (N(N-1)), E = distinct linked pairs.
--   Numerator = 2E, denominator = N(N-1); empty with fewer than two organisations.
-- why_it: Il partenariato è anche relazione tra i partner: una rete densa favorisce scambio e
--   apprendimento reciproco, che il Codice promuove.
-- why_en: Partnership is also a relation among partners: a dense network favours the exchange and
--   mutual learning the Code promotes.
-- read_it: Da 0 a 1. Un singolo organismo ha di norma densità vicina a 1 (tutti si incontrano);
--   negli ambiti ampi conta quanto gli organismi si sovrappongono.
-- read_en: From 0 to 1. A single body usually has a density close to 1 (everyone meets); in wide
--   scopes what matters is how much the bodies overlap.
-- caveats_it: Calcolato in Go (internal/indicator/network.go), che riempie la tabella temporanea
--   ind_network letta da questo file; gli ingressi sono in _network.sql. Essere nella stessa
--   riunione non implica collaborare.
-- caveats_en: Computed in Go (internal/indicator/network.go), which fills the temp table
--   ind_network this file reads; the inputs are pulled by _network.sql. Being at the same meeting
--   does not imply working together.

SELECT 'N01' AS indicator, g.scope, g.period, '' AS category, n.value, n.numerator, n.denominator
FROM ind_grid g
LEFT JOIN ind_network n ON n.s = g.s AND n.p = g.p AND n.indicator = 'N01'
