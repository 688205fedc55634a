-- Indicator snapshots: every value computed by a refresh, stamped with the
-- data version it was computed from and the reference date (as_of) it used.
-- A refresh for a (data_version, as_of) already in indicator_runs is a no-op;
-- older versions stay, so values shown or cited can always be traced back.
--
-- category is '' (never NULL) for indicators without categories; C01 and P09
-- use the six organisation categories, N05 '' and 'largest_share'.
-- value is NULL where the indicator is undefined (empty denominator).

CREATE TABLE indicator_values (
    indicator    VARCHAR NOT NULL,
    scope        VARCHAR NOT NULL,
    period       VARCHAR NOT NULL,   -- YYYY or 'all'
    category     VARCHAR NOT NULL DEFAULT '',
    value        DOUBLE,
    numerator    DOUBLE,
    denominator  DOUBLE,
    data_version BIGINT NOT NULL,
    as_of        DATE NOT NULL,
    computed_at  TIMESTAMP NOT NULL
);

-- N03's top 10 organisations per scope and period (ties by org_id).
-- betweenness is raw (each pair of other organisations counted once);
-- normalised = betweenness / ((N-1)(N-2)/2).
CREATE TABLE indicator_brokers (
    data_version BIGINT NOT NULL,
    as_of        DATE NOT NULL,
    scope        VARCHAR NOT NULL,
    period       VARCHAR NOT NULL,
    rank         INTEGER NOT NULL,
    org_id       VARCHAR NOT NULL,
    betweenness  DOUBLE NOT NULL,
    normalised   DOUBLE NOT NULL
);

-- One row per refresh that computed something.
CREATE TABLE indicator_runs (
    data_version BIGINT NOT NULL,
    as_of        DATE NOT NULL,
    started      TIMESTAMP NOT NULL,
    finished     TIMESTAMP NOT NULL,
    sql_ms       BIGINT NOT NULL,
    network_ms   BIGINT NOT NULL,
    rows         BIGINT NOT NULL,
    PRIMARY KEY (data_version, as_of)
);

-- The Italian working-day calendar, 1950-2149 (used by Q01 and Q02, and
-- open to researchers' SQL).
--
-- Working day = Monday to Friday, minus the national holidays: 1 Jan, 6 Jan,
-- Easter Monday, 25 Apr, 1 May, 2 Jun, 15 Aug, 1 Nov, 8 Dec, 25 Dec, 26 Dec.
-- Easter Sunday comes from the anonymous Gregorian algorithm (Meeus/Jones/
-- Butcher), in integer arithmetic.
--
-- Columns: d, working, holiday (name or NULL), cum (working days on or before
-- d, counted from 1 Jan 1950), cum_before (working days strictly before d).
-- The working days strictly after a dispatch date a and strictly before a
-- meeting date m, i.e. "counted strictly after the dispatch date up to and
-- including the day before the meeting", are
--     CASE WHEN a >= m THEN 0 ELSE cal_m.cum_before - cal_a.cum END
-- (a date outside the calendar gives NULL).

CREATE TEMP TABLE calendar_easter AS
WITH y AS (SELECT CAST(range AS INTEGER) AS y FROM range(1950, 2150)),
s1 AS (SELECT y, y % 19 AS a, y // 100 AS b, y % 100 AS c FROM y),
s2 AS (SELECT *, b // 4 AS d, b % 4 AS e, (b + 8) // 25 AS f FROM s1),
s3 AS (SELECT *, (b - f + 1) // 3 AS g FROM s2),
s4 AS (SELECT *, (19 * a + b - d - g + 15) % 30 AS h, c // 4 AS i, c % 4 AS k FROM s3),
s5 AS (SELECT *, (32 + 2 * e + 2 * i - h - k) % 7 AS l FROM s4),
s6 AS (SELECT *, (a + 11 * h + 22 * l) // 451 AS m FROM s5),
sunday AS (
    SELECT y, make_date(y, CAST((h + l - 7 * m + 114) // 31 AS INTEGER),
                           CAST((h + l - 7 * m + 114) % 31 + 1 AS INTEGER)) AS easter
    FROM s6
)
SELECT y, easter, CAST(easter + 1 AS DATE) AS easter_monday FROM sunday;

CREATE TABLE calendar_it AS
WITH days AS (
    SELECT CAST(DATE '1950-01-01' + CAST(range AS INTEGER) AS DATE) AS d
    FROM range(0, DATE '2150-01-01' - DATE '1950-01-01')
),
named AS (
    SELECT days.d,
           CASE
               WHEN e.easter_monday IS NOT NULL THEN 'easter_monday'
               ELSE CASE month(days.d) * 100 + day(days.d)
                   WHEN 101 THEN 'new_year'
                   WHEN 106 THEN 'epiphany'
                   WHEN 425 THEN 'liberation_day'
                   WHEN 501 THEN 'labour_day'
                   WHEN 602 THEN 'republic_day'
                   WHEN 815 THEN 'assumption'
                   WHEN 1101 THEN 'all_saints'
                   WHEN 1208 THEN 'immaculate_conception'
                   WHEN 1225 THEN 'christmas'
                   WHEN 1226 THEN 'st_stephen'
               END
           END AS holiday
    FROM days LEFT JOIN calendar_easter e ON e.easter_monday = days.d
),
flagged AS (
    SELECT d, holiday, CAST(isodow(d) <= 5 AND holiday IS NULL AS INTEGER) AS w FROM named
),
counted AS (
    SELECT d, holiday, w, sum(w) OVER (ORDER BY d ROWS UNBOUNDED PRECEDING) AS cum FROM flagged
)
SELECT d, w = 1 AS working, holiday, CAST(cum AS INTEGER) AS cum, CAST(cum - w AS INTEGER) AS cum_before
FROM counted;

DROP TABLE calendar_easter;
