-- The names of the bodies at data version $1 (the pages name the bodies of
-- the comparison groups).
SELECT body_id, name FROM bodies_at($1) ORDER BY body_id
