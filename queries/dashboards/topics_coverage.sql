-- Qualità del processo: meetings that discussed each art. 8 topic.
WITH t AS (
    SELECT unnest(m.topics) AS tema
    FROM meetings_at($data_version) m JOIN bodies_at($data_version) b USING (body_id)
    WHERE body_match(b.cycle, b.programme, b.type, b.nuts, b.body_id, $cycle, $programme, $body_type, $nuts, $body)
      AND year_match(m.date, $year)
)
SELECT k.tema, count(t.tema) AS riunioni
FROM (VALUES ('needs_analysis'), ('priorities'), ('allocation'), ('indicators'), ('horizontal_principles'),
             ('committee_composition')) k(tema)
LEFT JOIN t USING (tema)
GROUP BY ALL
ORDER BY riunioni DESC, k.tema
