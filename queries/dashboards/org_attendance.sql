-- Organizzazione: invitations and presences by year.
SELECT year(m.date)::VARCHAR AS anno, count(*) AS inviti,
       count_if(a.present OR a.delegated) AS presenze,
       count_if(a.present OR a.delegated)::DOUBLE / count(*) AS tasso_presenza
FROM attendance a JOIN meetings m USING (meeting_id)
WHERE a.org_id = $org AND a.invited
GROUP BY ALL
ORDER BY anno
