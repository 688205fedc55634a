-- The Qualità page's meeting profiles, for every cell (scope, period) of a
-- snapshot: what queries/dashboards/notice_distribution.sql,
-- meetings_by_phase.sql and topics_coverage.sql count from the records for
-- one scope. The refresh fills them (queries/indicators/_counts.sql); carried
-- as in indicator_values. A cell with meetings has its rows; topics have a
-- row for each of the six art. 8 topics, zeros included.

-- Meetings by working days between the documents' dispatch and the meeting
-- (0 to 30; 30 is "30 or more"), for meetings with both dates.
CREATE TABLE indicator_document_lead (
    data_version BIGINT NOT NULL,
    as_of        DATE NOT NULL,
    scope        VARCHAR NOT NULL,
    period       VARCHAR NOT NULL,
    days         INTEGER NOT NULL,
    meetings     BIGINT NOT NULL,
    carried      BOOLEAN DEFAULT false
);

-- Meetings by calendar year and programme phase.
CREATE TABLE indicator_meeting_phases (
    data_version BIGINT NOT NULL,
    as_of        DATE NOT NULL,
    scope        VARCHAR NOT NULL,
    period       VARCHAR NOT NULL,
    year         INTEGER NOT NULL,
    phase        VARCHAR NOT NULL,
    meetings     BIGINT NOT NULL,
    carried      BOOLEAN DEFAULT false
);

-- Meetings that discussed each art. 8 topic.
CREATE TABLE indicator_meeting_topics (
    data_version BIGINT NOT NULL,
    as_of        DATE NOT NULL,
    scope        VARCHAR NOT NULL,
    period       VARCHAR NOT NULL,
    topic        VARCHAR NOT NULL,
    meetings     BIGINT NOT NULL,
    carried      BOOLEAN DEFAULT false
);
