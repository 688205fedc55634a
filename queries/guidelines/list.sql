-- The guidelines as their adoptions at data version $1 record them: the
-- title (that of the latest adoption giving one: a correction may leave it
-- empty), the number of adopting bodies, the first and the last adoption.
SELECT guideline_id,
       arg_max(title, adopted) FILTER (WHERE title IS NOT NULL) AS title,
       count(DISTINCT body_id) AS bodies,
       strftime(min(adopted), '%Y-%m-%d') AS first_adopted,
       strftime(max(adopted), '%Y-%m-%d') AS last_adopted
FROM guideline_adoptions_at($1)
GROUP BY guideline_id
ORDER BY guideline_id
