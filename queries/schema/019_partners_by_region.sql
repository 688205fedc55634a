-- The member organisations of every cell (scope, period) of a snapshot by
-- their NUTS 2 code, at the period's composition date (31 December, or
-- as_of for 'all'). The refresh fills it (queries/indicators/_counts.sql)
-- for the "partners by region" panel; carried as in indicator_values.
CREATE TABLE indicator_partners_region (
    data_version BIGINT NOT NULL,
    as_of        DATE NOT NULL,
    scope        VARCHAR NOT NULL,
    period       VARCHAR NOT NULL,
    nuts2        VARCHAR NOT NULL,
    partners     BIGINT NOT NULL,
    carried      BOOLEAN DEFAULT false
);
