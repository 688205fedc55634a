-- Evidence packs (dossier di evidenze): named selections of indicator values
-- and guideline comparisons, taken from one stored snapshot (data version,
-- reference date) and kept here as they were, so that a pack shows and
-- downloads the same figures after later loads correct the records.
--
-- A pack is a draft (frozen_at NULL) while items are added; freezing builds
-- its ZIP, stores it with the SHA-256 of its manifest, and ends every change:
-- the evidence package only writes rows of packs whose frozen_at is NULL.
-- The records of the pack's data version stay in the *_history tables, which
-- nothing prunes: `osservatorio evidence verify` recomputes from them.
--
-- authors are the Laboratorio, Officina or office that signs the pack, or
-- pseudonymous ids: never a person's name.
CREATE TABLE evidence_packs (
    id           VARCHAR PRIMARY KEY,   -- EP-YYYY-NNNN, numbered per year of creation
    title        VARCHAR NOT NULL,
    authors      VARCHAR[] NOT NULL,
    purpose      VARCHAR NOT NULL,      -- the guideline or question it serves
    created_at   TIMESTAMP NOT NULL,
    created_by   VARCHAR NOT NULL,      -- token id, or 'cli'
    data_version BIGINT NOT NULL,
    as_of        DATE NOT NULL,
    frozen_at    TIMESTAMP,
    digest       VARCHAR,               -- SHA-256 of the ZIP's manifest.json
    zip          BLOB
);

-- One row per item: an indicator value (indicator, scope, period), a
-- guideline comparison (guideline, window) or a named query with its
-- parameters. sql is the text that computed it, as the service held it when
-- the item was added; effects the comparison's rows (JSON) with their
-- counts. A named query's rows are for researchers, not for a public pack:
-- the pack keeps how many there were and the SHA-256 of their CSV, which a
-- researcher's run of the same query at the same data version reproduces.
CREATE TABLE evidence_items (
    pack_id      VARCHAR NOT NULL,
    seq          INTEGER NOT NULL,
    kind         VARCHAR NOT NULL,      -- indicator | guideline | query
    indicator    VARCHAR,
    scope        VARCHAR,
    period       VARCHAR,
    guideline_id VARCHAR,
    window_days  INTEGER,
    sql          VARCHAR NOT NULL,
    sql_sha256   VARCHAR NOT NULL,
    effects      VARCHAR,
    query_name   VARCHAR,
    params       VARCHAR,               -- JSON object of the named query's parameters
    result_rows  BIGINT,
    result_sha256 VARCHAR,
    added_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (pack_id, seq)
);

-- The indicator values of each indicator item, with their counts (small
-- cells are withheld where they are shown, not here): the item's period
-- (trend false) and every year of the same indicator and scope (trend true).
CREATE TABLE evidence_values (
    pack_id     VARCHAR NOT NULL,
    seq         INTEGER NOT NULL,
    period      VARCHAR NOT NULL,
    category    VARCHAR NOT NULL,
    trend       BOOLEAN NOT NULL,
    value       DOUBLE,
    numerator   DOUBLE,
    denominator DOUBLE,
    estimate    BOOLEAN NOT NULL DEFAULT false, -- N03 above the exact limit: a sampling estimate
    error_bound DOUBLE                          -- its bound, as indicator_values keeps it
);
