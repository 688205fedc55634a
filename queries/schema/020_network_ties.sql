-- The co-participation ties the Rete page draws, for every cell (scope,
-- period) of a snapshot whose scope is all, a cycle, a body type or a NUTS 2
-- region: the 400 strongest ties (meetings shared, org_a < org_b) among the
-- 120 organisations present at most meetings, as
-- queries/dashboards/network_edges.sql computes them from the records. The
-- refresh's network step fills it (internal/indicator/network_ties.go);
-- bodies and programmes are small enough to read from the records, and would
-- need tens of millions of rows here. Carried as in indicator_values.
CREATE TABLE indicator_network_ties (
    data_version BIGINT NOT NULL,
    as_of        DATE NOT NULL,
    scope        VARCHAR NOT NULL,
    period       VARCHAR NOT NULL,
    org_a        VARCHAR NOT NULL,
    org_b        VARCHAR NOT NULL,
    meetings     BIGINT NOT NULL,
    carried      BOOLEAN DEFAULT false
);
