-- Annotations (issue 16): short notes that the Laboratori attach to an
-- indicator value (indicator, scope, period), a body, a guideline or an
-- evidence pack. Published commentary, shown on the pages and in packs.
--
-- Append-only, like the audit log: a note's target never changes, and every
-- text ever written is a row of annotation_revisions, numbered 1, 2, … per
-- note. The current text is the highest revision; editing adds a revision,
-- nothing is updated or deleted, so what a note said when it was cited can
-- always be shown again.
CREATE TABLE annotations (
    annotation_id BIGINT PRIMARY KEY,
    kind          VARCHAR NOT NULL,  -- indicator, body, guideline or pack
    target        VARCHAR NOT NULL,  -- the target as one key (annotation.Target.Key), for lookups
    indicator_id  VARCHAR,           -- kind indicator: id, scope and period of the value
    scope         VARCHAR,
    period        VARCHAR,
    body_id       VARCHAR,           -- kind body
    guideline_id  VARCHAR,           -- kind guideline
    pack_id       VARCHAR,           -- kind pack, e.g. EP-2026-0007
    author        VARCHAR NOT NULL,  -- pseudonymous: a token id, never a person's name
    created       TIMESTAMP NOT NULL
);

CREATE TABLE annotation_revisions (
    annotation_id BIGINT NOT NULL,
    revision      INTEGER NOT NULL,  -- 1 is the text as first written
    text          VARCHAR NOT NULL,
    data_version  BIGINT NOT NULL,   -- the data version the text refers to
    author        VARCHAR NOT NULL,  -- who wrote this revision (a token id)
    created       TIMESTAMP NOT NULL,
    PRIMARY KEY (annotation_id, revision)
);
