-- Qualità del processo: meetings by working days between the dispatch of the
-- documents and the meeting (counted as in Q02: strictly after dispatch, up
-- to the day before the meeting; 0 when sent on or after the meeting day).
-- Every day from 0 to 30 has its bar (0 meetings too: the axis is
-- continuous); the last bar, "30+", gathers 30 days or more.
WITH lead AS (
    SELECT CASE WHEN m.documents_date >= m.date THEN 0 ELSE cm.cum_before - cd.cum END AS days
    FROM meetings_at($data_version) m
    JOIN bodies_at($data_version) b USING (body_id)
    JOIN calendar_it cd ON cd.d = m.documents_date
    JOIN calendar_it cm ON cm.d = m.date
    WHERE body_match(b.cycle, b.programme, b.type, b.nuts, b.body_id, $cycle, $programme, $body_type, $nuts, $body)
      AND year_match(m.date, $year)
)
SELECT CASE WHEN d.day = 30 THEN '30+' ELSE d.day::VARCHAR END AS giorni_lavorativi, count(lead.days) AS riunioni
FROM range(0, 31) d(day) LEFT JOIN lead ON least(lead.days, 30) = d.day
WHERE EXISTS (SELECT 1 FROM lead) -- no meeting: no chart, the panel says so
GROUP BY d.day ORDER BY d.day
