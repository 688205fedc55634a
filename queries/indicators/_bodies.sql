-- Run after the attendance pass (_attendance.sql), which wrote ind_bo_att:
-- the body x year tables. Same conventions as _prepare.sql.

-- Per body, year and organisation: attendance and contributions.
-- inv_meetings = meetings with an invited row of the organisation;
-- inv_meetings_present = those where any of its invited rows is present.
CREATE OR REPLACE TEMP TABLE ind_bo AS
WITH att AS (SELECT * FROM ind_bo_att),
con AS (
    SELECT b, y, o, count(*) AS contribs FROM ind_contrib GROUP BY b, y, o
)
SELECT coalesce(att.b, con.b) AS b, coalesce(att.y, con.y) AS y, coalesce(att.o, con.o) AS o,
       CAST(coalesce(att.inv_rows, 0) AS INTEGER) AS inv_rows,
       CAST(coalesce(att.inv_present_rows, 0) AS INTEGER) AS inv_present_rows,
       CAST(coalesce(att.inv_meetings, 0) AS INTEGER) AS inv_meetings,
       CAST(coalesce(att.inv_meetings_present, 0) AS INTEGER) AS inv_meetings_present,
       CAST(coalesce(att.pid_rows, 0) AS INTEGER) AS pid_rows,
       CAST(coalesce(att.pid_g_rows, 0) AS INTEGER) AS pid_g_rows,
       CAST(coalesce(con.contribs, 0) AS INTEGER) AS contribs
FROM att FULL JOIN con ON con.b = att.b AND con.y = att.y AND con.o = att.o;

-- Invited attendance per body, year and category (additive; for P09).
CREATE OR REPLACE TEMP TABLE ind_by_cat AS
SELECT x.b, x.y, og.category, sum(x.inv_rows) AS inv_rows, sum(x.inv_present_rows) AS inv_present_rows
FROM ind_bo x JOIN ind_org og ON og.o = x.o
WHERE x.inv_rows > 0
GROUP BY x.b, x.y, og.category;

-- Additive counts per body and year.
CREATE OR REPLACE TEMP TABLE ind_by AS
SELECT b, y,
       coalesce(sum(meetings), 0) AS meetings,
       coalesce(sum(q01_den), 0) AS q01_den,
       coalesce(sum(q01_num), 0) AS q01_num,
       coalesce(sum(minutes), 0) AS minutes,
       coalesce(sum(inv_rows), 0) AS inv_rows,
       coalesce(sum(inv_present_rows), 0) AS inv_present_rows,
       coalesce(sum(pid_rows), 0) AS pid_rows,
       coalesce(sum(pid_g_rows), 0) AS pid_g_rows,
       coalesce(sum(contribs), 0) AS contribs,
       coalesce(sum(responded), 0) AS responded,
       coalesce(sum(uptake_num), 0) AS uptake_num,
       coalesce(sum(uptake_den), 0) AS uptake_den
FROM (
    SELECT b, y, count(*) AS meetings,
           count(*) FILTER (WHERE mode IS DISTINCT FROM 'written') AS q01_den,
           count(*) FILTER (WHERE mode IS DISTINCT FROM 'written'
                                  AND coalesce(notice_wd >= 10 AND documents_wd >= 10, false)) AS q01_num,
           count(*) FILTER (WHERE minutes_published IS NOT NULL) AS minutes
    FROM ind_meeting GROUP BY b, y
    UNION ALL BY NAME
    SELECT b, y, sum(inv_rows) AS inv_rows, sum(inv_present_rows) AS inv_present_rows,
           sum(pid_rows) AS pid_rows, sum(pid_g_rows) AS pid_g_rows
    FROM ind_bo GROUP BY b, y
    UNION ALL BY NAME
    SELECT b, y, count(*) AS contribs,
           count(*) FILTER (WHERE responded) AS responded,
           count(*) FILTER (WHERE outcome IN ('accepted', 'partially_accepted')) AS uptake_num,
           count(*) FILTER (WHERE outcome IN ('accepted', 'partially_accepted', 'rejected')) AS uptake_den
    FROM ind_contrib GROUP BY b, y
)
GROUP BY b, y;

-- The same counts per scope and period (only cells with activity).
CREATE OR REPLACE TEMP TABLE ind_sp AS
SELECT sb.s, yp.p,
       sum(meetings) AS meetings, sum(q01_den) AS q01_den, sum(q01_num) AS q01_num,
       sum(minutes) AS minutes, sum(inv_rows) AS inv_rows, sum(inv_present_rows) AS inv_present_rows,
       sum(pid_rows) AS pid_rows, sum(pid_g_rows) AS pid_g_rows, sum(contribs) AS contribs,
       sum(responded) AS responded, sum(uptake_num) AS uptake_num, sum(uptake_den) AS uptake_den
FROM ind_by x
JOIN ind_yp yp ON yp.y = x.y
JOIN ind_scope_body sb ON sb.b = x.b
GROUP BY sb.s, yp.p;
