-- The Rete page's "partners shared between bodies", for every cell (scope,
-- period) of a snapshot whose scope is not a body: among the 25 bodies of
-- the scope with most member organisations at the period's date (31
-- December, or as_of for 'all'; ties by body_id), each pair (body_a <
-- body_b) with the organisations members of both, as
-- queries/dashboards/multi_membership.sql counts them from the records. The
-- refresh fills it (queries/indicators/_counts.sql); carried as in
-- indicator_values.
CREATE TABLE indicator_shared_partners (
    data_version BIGINT NOT NULL,
    as_of        DATE NOT NULL,
    scope        VARCHAR NOT NULL,
    period       VARCHAR NOT NULL,
    body_a       VARCHAR NOT NULL,
    body_b       VARCHAR NOT NULL,
    partners     BIGINT NOT NULL,
    carried      BOOLEAN DEFAULT false
);
