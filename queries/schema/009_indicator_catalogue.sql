-- The names of the indicators, so that SQL (research queries, the named
-- export indicator_history) can join indicator ids to them: the catalogue
-- lives in the indicator files (queries/indicators), which SQL cannot read.
-- Every refresh rewrites it from the files of the running service: it holds
-- the current names, not those of past versions.
CREATE TABLE indicator_catalogue (
    indicator        VARCHAR PRIMARY KEY,
    name_it          VARCHAR NOT NULL,
    name_en          VARCHAR NOT NULL,
    family           VARCHAR NOT NULL,
    unit             VARCHAR NOT NULL,
    higher_is_better VARCHAR NOT NULL
);
