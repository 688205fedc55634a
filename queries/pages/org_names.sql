-- The name and category of the organisations $ids (a list) at the data
-- version shown: the names a panel's `names` option adds to its ids.
SELECT org_id, name, category FROM organisations_at($data_version)
WHERE org_id IN (SELECT unnest($ids::VARCHAR[]))
