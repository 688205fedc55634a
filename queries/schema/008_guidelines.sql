-- Guideline adoptions, the seventh record kind of the data contract: which
-- body adopted which guideline (version) on which day. Key (body_id,
-- guideline_id): a later file replaces the row (a corrected date, or a new
-- version adopted) and the replaced row goes to the history table, as for the
-- other kinds, so a comparison made at an older data version can be redone.

CREATE TABLE guideline_adoptions (
    body_id           VARCHAR NOT NULL,
    guideline_id      VARCHAR NOT NULL,
    guideline_version VARCHAR,
    title             VARCHAR,
    adopted           DATE NOT NULL,
    act               VARCHAR,
    source            VARCHAR,
    data_version      BIGINT NOT NULL,
    load_id           BIGINT NOT NULL,
    line              BIGINT NOT NULL
);

CREATE TABLE guideline_adoptions_history AS
    SELECT *, 0::BIGINT AS replaced_in FROM guideline_adoptions WITH NO DATA;

-- The adoptions as they were at data version v (see 006_published.sql).
CREATE MACRO guideline_adoptions_at(v) AS TABLE
    SELECT * FROM guideline_adoptions WHERE data_version <= v
    UNION ALL SELECT * EXCLUDE (replaced_in) FROM guideline_adoptions_history WHERE data_version <= v AND replaced_in > v;
