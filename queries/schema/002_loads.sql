-- The load log: one row per file offered to the loader (loaded or refused),
-- the rows it rejected, and one data version per successful load.

CREATE TABLE loads (
    load_id         BIGINT PRIMARY KEY,
    file            VARCHAR NOT NULL,   -- base name
    path            VARCHAR,            -- where it was read from
    size            BIGINT,
    sha256          VARCHAR,
    kind            VARCHAR,
    format          VARCHAR,
    encoding        VARCHAR,
    rows_read       BIGINT NOT NULL DEFAULT 0,
    rows_loaded     BIGINT NOT NULL DEFAULT 0,
    rows_rejected   BIGINT NOT NULL DEFAULT 0,
    started         TIMESTAMP NOT NULL,
    finished        TIMESTAMP NOT NULL,
    outcome         VARCHAR NOT NULL,   -- loaded | refused
    reason          VARCHAR,            -- refusal reason code when refused
    message         VARCHAR,
    dropped_columns VARCHAR[],          -- personal columns never stored
    ignored_columns VARCHAR[],          -- unknown columns
    source          VARCHAR,            -- cli | inbox | upload | url
    data_version    BIGINT              -- the version this load produced (NULL when refused)
);

CREATE TABLE rejects (
    load_id     BIGINT NOT NULL,
    file        VARCHAR NOT NULL,
    line        BIGINT NOT NULL,
    "column"    VARCHAR,   -- English column name
    file_column VARCHAR,   -- the header as written in the file
    value       VARCHAR,
    reason      VARCHAR NOT NULL,
    detail      VARCHAR,   -- a readable explanation
    record      VARCHAR    -- the whole row as JSON (contract columns only), so nothing is lost
);

CREATE TABLE data_versions (
    version BIGINT PRIMARY KEY,
    load_id BIGINT,
    created TIMESTAMP NOT NULL
);
