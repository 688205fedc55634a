-- Parità: women's share among the people present, per body (gender F over F
-- or M, distinct person ids); fewer than 3 people is a small cell. Bodies
-- with nobody of recorded gender are left out (as in E01: no share).
SELECT b.body_id AS id_organismo, b.name AS organismo,
       count(DISTINCT a.person_id) FILTER (WHERE a.gender = 'F') AS donne,
       count(DISTINCT a.person_id) FILTER (WHERE a.gender IN ('F', 'M')) AS persone,
       donne / nullif(persone, 0) AS quota_donne
FROM attendance_at($data_version) a JOIN meetings_at($data_version) m USING (meeting_id) JOIN bodies_at($data_version) b ON b.body_id = m.body_id
WHERE (a.present OR a.delegated) AND a.person_id IS NOT NULL
  AND body_match(b.cycle, b.programme, b.type, b.nuts, b.body_id, $cycle, $programme, $body_type, $nuts, $body)
  AND year_match(m.date, $year)
GROUP BY ALL
HAVING persone > 0
ORDER BY quota_donne DESC NULLS LAST, organismo, id_organismo
LIMIT 40
