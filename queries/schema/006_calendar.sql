-- The Italian working-day calendar, 1900-2199, as the table calendar.
--
-- Working day = Monday to Friday, minus the national holidays: 1 Jan, 6 Jan,
-- Easter Monday, 25 Apr, 1 May, 2 Jun, 15 Aug, 1 Nov, 8 Dec, 25 Dec, 26 Dec.
-- Easter Sunday comes from the anonymous Gregorian algorithm (Meeus/Jones/
-- Butcher), in integer arithmetic.
--
-- Columns: d, working, holiday (name or NULL), cum (working days on or before
-- d), cum_before (working days strictly before d). The working days strictly
-- after a dispatch date a and strictly before a meeting date m are
--     CASE WHEN a >= m THEN 0 ELSE cal_m.cum_before - cal_a.cum END
-- which is what the indicator rule means by "counted strictly after the
-- dispatch date up to and including the day before the meeting".
--

CREATE TABLE easter AS
WITH y AS (SELECT CAST(range AS INTEGER) AS y FROM range(1900, 2200)),
s1 AS (SELECT y, y % 19 AS a, y // 100 AS b, y % 100 AS c FROM y),
s2 AS (SELECT *, b // 4 AS d, b % 4 AS e, (b + 8) // 25 AS f FROM s1),
s3 AS (SELECT *, (b - f + 1) // 3 AS g FROM s2),
s4 AS (SELECT *, (19 * a + b - d - g + 15) % 30 AS h, c // 4 AS i, c % 4 AS k FROM s3),
s5 AS (SELECT *, (32 + 2 * e + 2 * i - h - k) % 7 AS l FROM s4),
s6 AS (SELECT *, (a + 11 * h + 22 * l) // 451 AS m FROM s5)
SELECT y,
       make_date(y, CAST((h + l - 7 * m + 114) // 31 AS INTEGER),
                    CAST((h + l - 7 * m + 114) % 31 + 1 AS INTEGER)) AS easter
FROM s6;

CREATE TABLE calendar AS
WITH days AS (
    SELECT CAST(range AS DATE) AS d
    FROM range(TIMESTAMP '1900-01-01', TIMESTAMP '2200-01-01', INTERVAL 1 DAY)
),
named AS (
    SELECT days.d,
           CASE
               WHEN days.d = e.easter + 1 THEN 'easter_monday'
               WHEN strftime(days.d, '%m-%d') = '01-01' THEN 'new_year'
               WHEN strftime(days.d, '%m-%d') = '01-06' THEN 'epiphany'
               WHEN strftime(days.d, '%m-%d') = '04-25' THEN 'liberation_day'
               WHEN strftime(days.d, '%m-%d') = '05-01' THEN 'labour_day'
               WHEN strftime(days.d, '%m-%d') = '06-02' THEN 'republic_day'
               WHEN strftime(days.d, '%m-%d') = '08-15' THEN 'assumption'
               WHEN strftime(days.d, '%m-%d') = '11-01' THEN 'all_saints'
               WHEN strftime(days.d, '%m-%d') = '12-08' THEN 'immaculate_conception'
               WHEN strftime(days.d, '%m-%d') = '12-25' THEN 'christmas'
               WHEN strftime(days.d, '%m-%d') = '12-26' THEN 'st_stephen'
           END AS holiday
    FROM days JOIN easter e ON e.y = year(days.d)
),
flagged AS (
    SELECT d, holiday, isodow(d) <= 5 AND holiday IS NULL AS working FROM named
)
SELECT d, working, holiday,
       CAST(sum(CAST(working AS INTEGER)) OVER (ORDER BY d ROWS UNBOUNDED PRECEDING) AS INTEGER) AS cum,
       CAST(sum(CAST(working AS INTEGER)) OVER (ORDER BY d ROWS UNBOUNDED PRECEDING) - CAST(working AS INTEGER) AS INTEGER) AS cum_before
FROM flagged;

CREATE INDEX calendar_d ON calendar (d);
