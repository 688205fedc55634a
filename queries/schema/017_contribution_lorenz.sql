-- The contributions of the invited organisations of every cell (scope,
-- period) of a snapshot, as a histogram: orgs organisations made contribs
-- contributions each (zeros included). The refresh fills it
-- (queries/indicators/_counts.sql) so that the Lorenz curve panel reads a
-- few rows instead of scanning attendance; carried as in indicator_values.
CREATE TABLE indicator_contribution_lorenz (
    data_version BIGINT NOT NULL,
    as_of        DATE NOT NULL,
    scope        VARCHAR NOT NULL,
    period       VARCHAR NOT NULL,
    contribs     BIGINT NOT NULL,
    orgs         BIGINT NOT NULL,
    carried      BOOLEAN DEFAULT false
);
