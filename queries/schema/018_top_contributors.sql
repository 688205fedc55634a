-- The organisations that contributed most in every cell (scope, period) of a
-- snapshot: the first 15 by contributions, with every organisation tied
-- with the 15th (the page breaks ties by name, which may change without a
-- new snapshot). The refresh fills it (queries/indicators/_counts.sql) for
-- the "top contributors" panels; carried as in indicator_values.
CREATE TABLE indicator_top_contributors (
    data_version  BIGINT NOT NULL,
    as_of         DATE NOT NULL,
    scope         VARCHAR NOT NULL,
    period        VARCHAR NOT NULL,
    org_id        VARCHAR NOT NULL,
    contributions BIGINT NOT NULL,
    accepted      BIGINT NOT NULL,
    carried       BOOLEAN DEFAULT false
);
