-- The published snapshot: the (data version, as_of) pair that pages, CSVs and
-- the public API show unless a request names another stored snapshot. Only
-- the service's refresh (under its reference-date policy) or an explicit
-- command publishes; reading never does. Append-only: the newest row is the
-- published snapshot, the older ones say what was published when.
CREATE TABLE indicator_published (
    data_version BIGINT NOT NULL,
    as_of        DATE NOT NULL,
    published_at TIMESTAMP NOT NULL
);

-- The records as they were at data version v: rows written at or before v
-- that are still current, plus rows a later load replaced after v (kept in
-- the *_history tables). Dashboard queries read these, so a page citing an
-- older snapshot shows the records that snapshot was computed from.
CREATE MACRO organisations_at(v) AS TABLE
    SELECT * FROM organisations WHERE data_version <= v
    UNION ALL SELECT * EXCLUDE (replaced_in) FROM organisations_history WHERE data_version <= v AND replaced_in > v;
CREATE MACRO bodies_at(v) AS TABLE
    SELECT * FROM bodies WHERE data_version <= v
    UNION ALL SELECT * EXCLUDE (replaced_in) FROM bodies_history WHERE data_version <= v AND replaced_in > v;
CREATE MACRO memberships_at(v) AS TABLE
    SELECT * FROM memberships WHERE data_version <= v
    UNION ALL SELECT * EXCLUDE (replaced_in) FROM memberships_history WHERE data_version <= v AND replaced_in > v;
CREATE MACRO meetings_at(v) AS TABLE
    SELECT * FROM meetings WHERE data_version <= v
    UNION ALL SELECT * EXCLUDE (replaced_in) FROM meetings_history WHERE data_version <= v AND replaced_in > v;
CREATE MACRO attendance_at(v) AS TABLE
    SELECT * FROM attendance WHERE data_version <= v
    UNION ALL SELECT * EXCLUDE (replaced_in) FROM attendance_history WHERE data_version <= v AND replaced_in > v;
CREATE MACRO contributions_at(v) AS TABLE
    SELECT * FROM contributions WHERE data_version <= v
    UNION ALL SELECT * EXCLUDE (replaced_in) FROM contributions_history WHERE data_version <= v AND replaced_in > v;
