-- Organizzazione: invitations and presences by year.
SELECT year(m.date)::VARCHAR AS anno, count(*) AS inviti,
       count_if(a.present OR a.delegated) AS presenze,
       count_if(a.present OR a.delegated)::DOUBLE / count(*) AS tasso_presenza
FROM attendance_at($data_version) a JOIN meetings_at($data_version) m USING (meeting_id)
WHERE a.org_id = $org AND a.invited
GROUP BY ALL
ORDER BY anno
