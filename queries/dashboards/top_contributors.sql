-- Partecipazione: the organisations that contributed most, with their category.
SELECT o.org_id AS id_organizzazione, o.name AS organizzazione, o.category AS categoria, count(*) AS contributi,
       count_if(c.outcome IN ('accepted', 'partially_accepted')) AS accolti
FROM contributions_at($data_version) c
LEFT JOIN meetings_at($data_version) m ON m.meeting_id = c.meeting_id
JOIN bodies_at($data_version) b ON b.body_id = coalesce(m.body_id, c.body_id)
JOIN organisations_at($data_version) o ON o.org_id = c.org_id
WHERE body_match(b.cycle, b.programme, b.type, b.nuts, b.body_id, $cycle, $programme, $body_type, $nuts, $body)
  AND year_match(c.submitted, $year)
GROUP BY ALL
ORDER BY contributi DESC, organizzazione, id_organizzazione
LIMIT 15
