-- Partecipazione: attendance rate of invited rows by category and year.
SELECT year(m.date)::VARCHAR AS anno, o.category AS categoria,
       count_if(a.present OR a.delegated)::DOUBLE / count(*) AS presenza
FROM attendance a
JOIN meetings m USING (meeting_id)
JOIN bodies b ON b.body_id = m.body_id
JOIN organisations o ON o.org_id = a.org_id
WHERE a.invited
  AND body_match(b.cycle, b.programme, b.type, b.nuts, b.body_id, $cycle, $programme, $body_type, $nuts, $body)
  AND year_match(m.date, $year)
GROUP BY ALL
ORDER BY anno, categoria
