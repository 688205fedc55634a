-- Qualità del processo: meetings per year and programme phase.
SELECT year(m.date)::VARCHAR AS anno, m.phase AS fase, count(*) AS riunioni
FROM meetings_at($data_version) m JOIN bodies_at($data_version) b USING (body_id)
WHERE body_match(b.cycle, b.programme, b.type, b.nuts, b.body_id, $cycle, $programme, $body_type, $nuts, $body)
  AND year_match(m.date, $year)
GROUP BY ALL
ORDER BY anno, fase
