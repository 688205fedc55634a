-- Scheduled jobs: each run with its outcome, and the state of each remote
-- source for conditional GET.

CREATE TABLE job_runs (
    job      VARCHAR NOT NULL,
    started  TIMESTAMP NOT NULL,
    finished TIMESTAMP,
    outcome  VARCHAR NOT NULL,   -- ok | failed | skipped
    message  VARCHAR
);

CREATE TABLE source_state (
    name          VARCHAR PRIMARY KEY,
    url           VARCHAR NOT NULL,
    etag          VARCHAR,
    last_modified VARCHAR,
    checked       TIMESTAMP,
    status        INTEGER,
    message       VARCHAR
);
