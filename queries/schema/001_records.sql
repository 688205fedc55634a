-- The six record kinds of the data contract, with English column names.
-- Every row carries the data version that wrote it and where it came from
-- (load_id, line: the file's line in the load log); the *_history tables keep
-- the rows a later load replaced, so any past data version can be rebuilt.

CREATE TABLE organisations (
    org_id       VARCHAR NOT NULL,
    name         VARCHAR NOT NULL,
    category     VARCHAR NOT NULL,
    level        VARCHAR,
    nuts         VARCHAR,
    small        BOOLEAN,
    legal_form   VARCHAR,
    data_version BIGINT NOT NULL,
    load_id      BIGINT NOT NULL,
    line         BIGINT NOT NULL
);

CREATE TABLE bodies (
    body_id      VARCHAR NOT NULL,
    name         VARCHAR NOT NULL,
    type         VARCHAR NOT NULL,
    programme    VARCHAR,
    cycle        VARCHAR,
    fund         VARCHAR,
    nuts         VARCHAR,
    started      DATE,
    data_version BIGINT NOT NULL,
    load_id      BIGINT NOT NULL,
    line         BIGINT NOT NULL
);

CREATE TABLE memberships (
    body_id      VARCHAR NOT NULL,
    org_id       VARCHAR NOT NULL,
    person_id    VARCHAR,
    gender       VARCHAR,
    role         VARCHAR,
    voting       BOOLEAN NOT NULL,
    start        DATE NOT NULL,
    "end"        DATE,
    data_version BIGINT NOT NULL,
    load_id      BIGINT NOT NULL,
    line         BIGINT NOT NULL
);

CREATE TABLE meetings (
    meeting_id        VARCHAR NOT NULL,
    body_id           VARCHAR NOT NULL,
    date              DATE NOT NULL,
    phase             VARCHAR NOT NULL,
    mode              VARCHAR,
    notice_date       DATE,
    documents_date    DATE,
    minutes_published DATE,
    topics            VARCHAR[],
    data_version      BIGINT NOT NULL,
    load_id           BIGINT NOT NULL,
    line              BIGINT NOT NULL
);

CREATE TABLE attendance (
    meeting_id   VARCHAR NOT NULL,
    org_id       VARCHAR NOT NULL,
    person_id    VARCHAR,
    gender       VARCHAR,
    invited      BOOLEAN NOT NULL,
    present      BOOLEAN NOT NULL,
    delegated    BOOLEAN NOT NULL,
    data_version BIGINT NOT NULL,
    load_id      BIGINT NOT NULL,
    line         BIGINT NOT NULL
);

CREATE TABLE contributions (
    contribution_id VARCHAR NOT NULL,
    org_id          VARCHAR NOT NULL,
    meeting_id      VARCHAR,
    body_id         VARCHAR,
    submitted       DATE NOT NULL,
    kind            VARCHAR,
    response_date   DATE,
    outcome         VARCHAR NOT NULL,
    data_version    BIGINT NOT NULL,
    load_id         BIGINT NOT NULL,
    line            BIGINT NOT NULL
);

CREATE TABLE organisations_history AS SELECT *, 0::BIGINT AS replaced_in FROM organisations WITH NO DATA;
CREATE TABLE bodies_history        AS SELECT *, 0::BIGINT AS replaced_in FROM bodies WITH NO DATA;
CREATE TABLE memberships_history   AS SELECT *, 0::BIGINT AS replaced_in FROM memberships WITH NO DATA;
CREATE TABLE meetings_history      AS SELECT *, 0::BIGINT AS replaced_in FROM meetings WITH NO DATA;
CREATE TABLE attendance_history    AS SELECT *, 0::BIGINT AS replaced_in FROM attendance WITH NO DATA;
CREATE TABLE contributions_history AS SELECT *, 0::BIGINT AS replaced_in FROM contributions WITH NO DATA;
