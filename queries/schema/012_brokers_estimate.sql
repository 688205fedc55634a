-- N03 (betweenness) above the exact limits is a sampling estimate
-- (internal/indicator/network_sample.go): the values and the brokers say so.
-- error_bound is the estimate's additive error on the normalised
-- betweenness (N03's value, indicator_brokers.normalised), holding for every
-- organisation at once with probability 1 − δ = 0.9; NULL when exact.
-- sample_paths is the number of shortest paths sampled. estimate is false
-- for every exact value (and every other indicator), old rows included.
-- The column with a DEFAULT comes last on each table: DuckDB fails to commit
-- another ALTER of a table after one with a DEFAULT in the same transaction
-- when the table holds rows.
ALTER TABLE indicator_values ADD COLUMN error_bound DOUBLE;
ALTER TABLE indicator_values ADD COLUMN estimate BOOLEAN DEFAULT false;
ALTER TABLE indicator_brokers ADD COLUMN error_bound DOUBLE;
ALTER TABLE indicator_brokers ADD COLUMN sample_paths INTEGER;
ALTER TABLE indicator_brokers ADD COLUMN estimate BOOLEAN DEFAULT false;
