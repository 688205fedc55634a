-- Rete: the top 10 brokers (N03) of the selected scope and period, from the
-- indicator snapshot.
SELECT br.rank AS rank, o.name AS organizzazione, o.category AS categoria,
       br.normalised AS betweenness_normalizzata
FROM indicator_brokers br JOIN organisations_at($data_version) o USING (org_id)
WHERE br.scope = $scope AND br.period = $period AND br.data_version = $data_version AND br.as_of = $as_of::DATE
ORDER BY br.rank
