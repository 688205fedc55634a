-- The headline counts of every cell (scope, period) of a snapshot, computed
-- by the refresh (queries/indicators/_counts.sql) so that Panoramica's
-- figures come from one row instead of scans of the records: for the year
-- (the period's, or for 'all' the scope's latest year with a meeting) and
-- the year before, the member organisations and the bodies with members at
-- 31 December, and the meetings held. carried as in indicator_values.
CREATE TABLE indicator_counts (
    data_version  BIGINT NOT NULL,
    as_of         DATE NOT NULL,
    scope         VARCHAR NOT NULL,
    period        VARCHAR NOT NULL,
    year          INTEGER,
    partners      BIGINT NOT NULL,
    bodies        BIGINT NOT NULL,
    meetings      BIGINT NOT NULL,
    prev_year     INTEGER,
    prev_partners BIGINT NOT NULL,
    prev_bodies   BIGINT NOT NULL,
    prev_meetings BIGINT NOT NULL,
    carried       BOOLEAN DEFAULT false
);
