-- The name of a body or an organisation ($kind: body, org); no row when the
-- id is unknown at the data version shown.
SELECT name FROM bodies_at($data_version) WHERE $kind = 'body' AND body_id = $id
UNION ALL
SELECT name FROM organisations_at($data_version) WHERE $kind = 'org' AND org_id = $id
