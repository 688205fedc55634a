-- Partecipazione: attendance rate of invited rows by category and year.
SELECT year(m.date)::VARCHAR AS anno, o.category AS categoria,
       count_if(a.present OR a.delegated)::DOUBLE / count(*) AS presenza
FROM attendance_at($data_version) a
JOIN meetings_at($data_version) m USING (meeting_id)
JOIN bodies_at($data_version) b ON b.body_id = m.body_id
JOIN organisations_at($data_version) o ON o.org_id = a.org_id
WHERE a.invited
  AND body_match(b.cycle, b.programme, b.type, b.nuts, b.body_id, $cycle, $programme, $body_type, $nuts, $body)
  AND year_match(m.date, $year)
GROUP BY ALL
ORDER BY anno, categoria
