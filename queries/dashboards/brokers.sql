-- Rete: the top 10 brokers (N03) of the selected scope and period, from the
-- indicator snapshot. nota says when the values are a sampling estimate
-- (networks above the exact limits): its error bound and sample size.
SELECT br.rank AS rank, o.org_id AS id_organizzazione, o.name AS organizzazione, o.category AS categoria,
       br.normalised AS betweenness_normalizzata,
       CASE WHEN br.estimate AND $lang = 'en'
                THEN printf('estimate (±%.3f, sample of %s paths)', br.error_bound, format('{:,}', br.sample_paths))
            WHEN br.estimate
                THEN printf('stima (±%s, campione di %s percorsi)', replace(printf('%.3f', br.error_bound), '.', ','),
                            format('{:t.}', br.sample_paths))
       END AS nota
FROM indicator_brokers br JOIN organisations_at($data_version) o USING (org_id)
WHERE br.scope = $scope AND br.period = $period AND br.data_version = $data_version AND br.as_of = $as_of::DATE
ORDER BY br.rank
