-- Qualità del processo: meetings by working days between the dispatch of the
-- documents and the meeting (counted as in Q02: strictly after dispatch, up
-- to the day before the meeting; 0 when sent on or after the meeting day).
-- The last bar gathers 30 days or more.
WITH lead AS (
    SELECT CASE WHEN m.documents_date >= m.date THEN 0 ELSE cm.cum_before - cd.cum END AS days
    FROM meetings_at($data_version) m
    JOIN bodies_at($data_version) b USING (body_id)
    JOIN calendar_it cd ON cd.d = m.documents_date
    JOIN calendar_it cm ON cm.d = m.date
    WHERE body_match(b.cycle, b.programme, b.type, b.nuts, b.body_id, $cycle, $programme, $body_type, $nuts, $body)
      AND year_match(m.date, $year)
)
SELECT least(days, 30)::VARCHAR AS giorni_lavorativi, count(*) AS riunioni
FROM lead GROUP BY least(days, 30) ORDER BY least(days, 30)
