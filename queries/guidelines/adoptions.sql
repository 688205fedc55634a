-- The guideline adoptions as they were at data version $1, with the name and
-- type of the adopting body; $2 a guideline_id, or '' for every guideline.
SELECT a.guideline_id, a.body_id, b.name AS body_name, b.type AS body_type, a.guideline_version, a.title,
       strftime(a.adopted, '%Y-%m-%d') AS adopted, a.act, a.source, a.data_version
FROM guideline_adoptions_at($1) a
LEFT JOIN bodies_at($1) b USING (body_id)
WHERE $2::VARCHAR = '' OR a.guideline_id = $2::VARCHAR
ORDER BY a.guideline_id, a.adopted, a.body_id
