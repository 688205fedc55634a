-- Bearer tokens and the audit log (roles: viewer, researcher, lab, admin).
-- A token is shown once when created; only its hash is stored.
CREATE TABLE tokens (
    token_id   VARCHAR PRIMARY KEY,   -- the public part of the token, e.g. k3j9x2m4q8ab
    name       VARCHAR NOT NULL,      -- who or what holds it (a service, an office), never a person's name by policy
    role       VARCHAR NOT NULL,
    hash       VARCHAR NOT NULL,      -- BLAKE2b-256 of the secret part, hex
    created    TIMESTAMP NOT NULL,
    expires    TIMESTAMP,             -- NULL: does not expire
    revoked    TIMESTAMP
);

-- Who did what, when, on which data version: research queries, exports,
-- loads, evidence packs, token changes. Append-only.
CREATE TABLE audit (
    "at"         TIMESTAMP NOT NULL,
    token_id     VARCHAR,             -- NULL: the CLI on the database file
    role         VARCHAR,
    action       VARCHAR NOT NULL,    -- e.g. token.add, token.revoke, load.upload
    target       VARCHAR,
    data_version BIGINT,
    detail       VARCHAR
);
