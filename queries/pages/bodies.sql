-- Organismi: every body with its type, cycle and number of meetings.
SELECT b.body_id, b.name, b.type, coalesce(b.cycle, '') AS cycle, count(m.meeting_id) AS meetings
FROM bodies_at($data_version) b LEFT JOIN meetings_at($data_version) m USING (body_id)
GROUP BY ALL
ORDER BY b.type, b.name
LIMIT 5000
