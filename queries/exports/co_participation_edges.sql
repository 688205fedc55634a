-- id: co_participation_edges
-- title_it: Rete di co-partecipazione (lista di archi)
-- title_en: Co-participation network (edge list)
-- description_it: Una riga per ogni coppia di organizzazioni presenti (o con delega) ad almeno una
--   stessa riunione: org_a < org_b e il numero di riunioni condivise (il peso dell'arco). È la rete
--   degli indicatori N, senza limiti di dimensione; si legge con igraph (graph_from_data_frame) o
--   networkx (from_pandas_edgelist, edge_attr="meetings"). Filtri facoltativi: anno, organismo.
-- description_en: One row for each pair of organisations present (or delegated) at one or more
--   of the same meetings: org_a < org_b and the number of meetings they shared (the edge weight).
--   It is the network of the N indicators, uncut; read it with igraph (graph_from_data_frame) or
--   networkx (from_pandas_edgelist, edge_attr="meetings"). Optional filters: year, body.
-- param: year int optional
-- param: body_id text optional

WITH present AS (
    SELECT DISTINCT a.meeting_id, a.org_id
    FROM attendance a JOIN meetings m USING (meeting_id)
    WHERE (a.present OR a.delegated)
      AND ($year IS NULL OR year(m.date) = $year)
      AND ($body_id IS NULL OR m.body_id = $body_id)
)
SELECT x.org_id AS org_a, y.org_id AS org_b, count(*) AS meetings
FROM present x JOIN present y ON x.meeting_id = y.meeting_id AND x.org_id < y.org_id
GROUP BY x.org_id, y.org_id
ORDER BY org_a, org_b
