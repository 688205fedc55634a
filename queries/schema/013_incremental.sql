-- Incremental refresh (internal/indicator/incremental.go): a snapshot may
-- recompute only the cells (scope, period) whose inputs changed since an
-- earlier snapshot, its base, and copy the others from it.
--   carried: the row was copied from the base snapshot, not recomputed
--            (computed_at keeps the time of the refresh that computed it).
--   mode: 'full' or 'incremental'; base_version and base_as_of name the
--         base of an incremental refresh; cells_computed and cells_carried
--         count the (scope, period) cells of each kind.
--   compute_sha: SHA-256 of the indicator files and of the program that
--         computed the snapshot; a snapshot is a base only for a refresh by
--         the same files and program.
ALTER TABLE indicator_values ADD COLUMN carried BOOLEAN DEFAULT false;
ALTER TABLE indicator_brokers ADD COLUMN carried BOOLEAN DEFAULT false;
ALTER TABLE indicator_runs ADD COLUMN mode VARCHAR DEFAULT 'full';
ALTER TABLE indicator_runs ADD COLUMN base_version BIGINT;
ALTER TABLE indicator_runs ADD COLUMN base_as_of DATE;
ALTER TABLE indicator_runs ADD COLUMN cells_computed BIGINT;
ALTER TABLE indicator_runs ADD COLUMN cells_carried BIGINT;
ALTER TABLE indicator_runs ADD COLUMN compute_sha VARCHAR;
