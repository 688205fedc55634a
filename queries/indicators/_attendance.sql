-- Input of the attendance pass (internal/indicator/attendance.go), run after
-- _prepare.sql: every attendance row once, with dense keys and its flags
-- packed into one integer (NULL counts as false, as in a FILTER):
--   1 invited, 2 present (present OR delegated),
--   4 present with a person_id, 8 present with a person_id and gender F, M or X.
-- The pass writes ind_bo_att (read by _bodies.sql):
--   ind_bo_att(b, y, o, inv_rows, inv_present_rows, inv_meetings,
--              inv_meetings_present, pid_rows, pid_g_rows)
-- per body, calendar year of the meeting and organisation: the invited rows,
-- the invited rows present, the meetings with an invited row, the meetings
-- where one of its invited rows is present, and the present rows with a
-- person_id (and with a gender); and the present (meeting, organisation)
-- pairs to the network step (several rows of one organisation at a meeting
-- give one pair).

-- name: rows
SELECT mt.mt, og.o,
       CASE WHEN a.invited THEN 1 ELSE 0 END
     | CASE WHEN a.present OR a.delegated THEN 2 ELSE 0 END
     | CASE WHEN (a.present OR a.delegated) AND a.person_id IS NOT NULL THEN 4 ELSE 0 END
     | CASE WHEN (a.present OR a.delegated) AND a.person_id IS NOT NULL
                 AND a.gender IN ('F', 'M', 'X') THEN 8 ELSE 0 END AS flags
FROM attendance a
JOIN ind_meeting mt ON mt.meeting_id = a.meeting_id
JOIN ind_org og ON og.org_id = a.org_id
