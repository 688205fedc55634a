-- id: attendance_by_org_year
-- title_it: Presenze per organizzazione e anno
-- title_en: Attendance by organisation and year
-- description_it: Per ogni organizzazione e anno (della data della riunione): riunioni con almeno
--   una riga di presenza, riunioni con almeno un rappresentante presente o delegato, inviti (righe
--   con invito) e presenze (righe invitate presenti o con delega), e il tasso di presenza
--   presenze / inviti (la definizione di P01, per organizzazione). Filtri facoltativi:
--   organizzazione, anno, organismo.
-- description_en: For each organisation and year (of the meeting's date): meetings with at least one
--   attendance row, meetings with at least one representative present or delegated, invitations
--   (rows invited) and attendances (invited rows present or delegated), and the attendance rate
--   attendances / invitations (P01's definition, per organisation). Optional filters:
--   organisation, year, body.
-- param: org_id text optional
-- param: year int optional
-- param: body_id text optional

WITH att AS (
    SELECT a.org_id, year(m.date) AS year, a.meeting_id, a.invited, a.present OR a.delegated AS attended
    FROM attendance a JOIN meetings m USING (meeting_id)
    WHERE ($org_id IS NULL OR a.org_id = $org_id)
      AND ($year IS NULL OR year(m.date) = $year)
      AND ($body_id IS NULL OR m.body_id = $body_id)
)
SELECT r.org_id, o.name, o.category, r.year,
       count(DISTINCT r.meeting_id) AS meetings,
       count(DISTINCT r.meeting_id) FILTER (WHERE r.attended) AS meetings_attended,
       count_if(r.invited) AS invitations,
       count_if(r.invited AND r.attended) AS attendances,
       count_if(r.invited AND r.attended) / NULLIF(count_if(r.invited), 0) AS attendance_rate
FROM att r LEFT JOIN organisations o USING (org_id)
GROUP BY r.org_id, o.name, o.category, r.year
ORDER BY r.org_id, r.year
