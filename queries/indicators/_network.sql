-- Inputs and outputs of the network step (N01, N03, N05), run after
-- _prepare.sql. Named statements: each starts with a line "-- name: <name>"
-- and runs to the next one. The Go side (internal/indicator/network.go) reads
-- the inputs once for all scopes and periods (the present pairs come from the
-- attendance pass, _attendance.sql) and builds the co-participation graphs itself, in time linear in the present (meeting, organisation) pairs
-- for bounded meeting sizes: no SQL self-join of attendance.

-- name: sizes
-- The number of organisations, bodies and scopes (the dense keys run 1..n).
SELECT (SELECT count(*) FROM ind_org) AS orgs,
       (SELECT count(*) FROM ind_body) AS bodies,
       (SELECT count(*) FROM ind_scope) AS scopes,
       (SELECT count(*) FROM ind_meeting) AS meetings

-- name: periods
-- The periods of the grid (every period; in an incremental refresh, those
-- with a cell to compute, see _changes.sql).
SELECT DISTINCT p FROM ind_grid ORDER BY p

-- name: meetings
-- Each meeting's body and year.
SELECT mt, b, y FROM ind_meeting

-- name: scope_bodies
SELECT s, b FROM ind_scope_body

-- name: org_ids
SELECT o, org_id FROM ind_org

-- name: scopes
-- Scope names, to order the betweenness work (see indicator.NetworkOptions).
SELECT s, scope FROM ind_scope

-- name: store_brokers
-- N03's top 10 per scope and period, with the keys turned back into names;
-- estimates flagged, with their bound and sample; in cell order, as pages
-- read them (see storeValues). Parameters: data version, as_of.
INSERT INTO indicator_brokers (data_version, as_of, scope, period, rank, org_id, betweenness, normalised,
                               estimate, error_bound, sample_paths)
SELECT CAST(? AS BIGINT), CAST(? AS DATE), g.scope, g.period, t.rank, og.org_id, t.betweenness, t.normalised,
       t.error_bound IS NOT NULL, t.error_bound, t.sample_paths
FROM ind_broker_top t
JOIN ind_grid g ON g.s = t.s AND g.p = t.p
JOIN ind_org og ON og.o = t.o
ORDER BY g.scope, g.period, t.rank

-- name: store_ties
-- The Rete page's ties (network_ties.go) with the keys turned back into
-- org_ids, in cell order. Parameters: data version, as_of.
INSERT INTO indicator_network_ties (data_version, as_of, scope, period, org_a, org_b, meetings)
SELECT CAST(? AS BIGINT), CAST(? AS DATE), g.scope, g.period, oa.org_id, ob.org_id, t.n
FROM ind_ties t
JOIN ind_grid g ON g.s = t.s AND g.p = t.p
JOIN ind_org oa ON oa.o = t.a
JOIN ind_org ob ON ob.o = t.b
ORDER BY g.scope, g.period, oa.org_id, ob.org_id

-- name: store_estimates
-- Flags N03's estimated values in ind_values (inserted by N03.sql like
-- every indicator, estimate false). Parameters: data version, as_of.
UPDATE ind_values v SET estimate = true, error_bound = n.error_bound
FROM ind_network n JOIN ind_grid g ON g.s = n.s AND g.p = n.p
WHERE n.indicator = 'N03' AND n.error_bound IS NOT NULL
  AND v.data_version = CAST(? AS BIGINT) AND v.as_of = CAST(? AS DATE)
  AND v.indicator = 'N03' AND v.scope = g.scope AND v.period = g.period AND v.category = ''

-- name: base_keys
-- Incremental refresh: the base's graph keys of the cells to compute.
SELECT g.s, g.p, k.graph_key
FROM ind_grid g
JOIN indicator_graph_keys k ON k.scope = g.scope AND k.period = g.period
WHERE k.data_version = getvariable('base_version') AND k.as_of = getvariable('base_as_of')

-- name: base_unit_keys
-- Incremental refresh: the base's keys of the bodies' graphs (units) in
-- the periods to compute.
SELECT bo.b, pe.p, k.graph_key
FROM indicator_graph_keys k
JOIN ind_body bo ON k.scope = 'body:' || bo.body_id
JOIN ind_period pe ON pe.period = k.period
WHERE k.data_version = getvariable('base_version') AND k.as_of = getvariable('base_as_of')
  AND pe.p IN (SELECT p FROM ind_grid)

-- name: touched_bodies
-- Incremental refresh: the bodies whose records changed (_changes.sql).
SELECT DISTINCT bo.b FROM ind_touch t JOIN ind_body bo ON bo.body_id = t.body_id

-- name: reuse_rows
-- The network rows of the cells whose graph is the base's, from the base.
INSERT INTO ind_network
SELECT g.s, g.p, v.indicator, v.category, v.value, v.numerator, v.denominator, v.error_bound
FROM ind_reused r
JOIN ind_grid g ON g.s = r.s AND g.p = r.p
JOIN indicator_values v ON v.scope = g.scope AND v.period = g.period
WHERE v.data_version = getvariable('base_version') AND v.as_of = getvariable('base_as_of')
  AND v.indicator IN ('N01', 'N03', 'N05')

-- name: reuse_brokers
INSERT INTO ind_broker_top
SELECT g.s, g.p, b.rank, og.o, b.betweenness, b.normalised, b.error_bound, b.sample_paths
FROM ind_reused r
JOIN ind_grid g ON g.s = r.s AND g.p = r.p
JOIN indicator_brokers b ON b.scope = g.scope AND b.period = g.period
JOIN ind_org og ON og.org_id = b.org_id
WHERE b.data_version = getvariable('base_version') AND b.as_of = getvariable('base_as_of')

-- name: store_keys
-- Parameters: data version, as_of.
INSERT INTO indicator_graph_keys (data_version, as_of, scope, period, graph_key)
SELECT CAST(? AS BIGINT), CAST(? AS DATE), g.scope, g.period, k.graph_key
FROM ind_graph_key k JOIN ind_grid g ON g.s = k.s AND g.p = k.p
