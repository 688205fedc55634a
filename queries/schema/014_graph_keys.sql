-- The key of each cell's co-participation graph (internal/indicator/
-- network_keys.go): an incremental refresh that finds a recomputed cell's
-- graph unchanged copies N01, N03, N05 and the brokers from its base
-- instead of computing them again. carried as in indicator_values.
CREATE TABLE indicator_graph_keys (
    data_version BIGINT NOT NULL,
    as_of        DATE NOT NULL,
    scope        VARCHAR NOT NULL,
    period       VARCHAR NOT NULL,
    graph_key    VARCHAR NOT NULL,
    carried      BOOLEAN DEFAULT false
);
