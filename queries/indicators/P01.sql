-- id: P01
-- name_it: Tasso di presenza
-- name_en: Attendance rate
-- family: participation
-- unit: share
-- source: Reg. (UE) 240/2014, art. 5 e artt. 15-16 (coinvolgimento effettivo nella sorveglianza e valutazione); art. 17 (capacità dei partner)
-- higher_is_better: true
-- small_cell: none (counts attendance rows)
-- what_it: Quanta parte degli inviti alle riunioni si traduce in una presenza.
-- what_en: How much of the invitations to meetings turn into attendance.
-- formula_it: Righe di presenza con invito = vero e presente (presente o con delega), diviso le
--   righe con invito = vero, per le riunioni dell'ambito e del periodo (anno della data della
--   riunione). Una riga per organizzazione invitata, o per rappresentante invitato, per riunione.
-- formula_en: Attendance rows with invited = true that are present (present or delegated), divided
--   by the rows with invited = true, over the meetings of the scope and period (year of the
--   meeting's date). One row per invited organisation, or invited representative, per meeting.
-- why_it: Essere invitati non basta: il Codice chiede un coinvolgimento effettivo lungo tutto il
--   ciclo. Assenze sistematiche possono segnalare ostacoli (tempi, costi, capacità) che l'art. 17
--   chiede di affrontare.
-- why_en: Being invited is not enough: the Code asks for effective involvement throughout the
--   cycle. Systematic absence can point to obstacles (timing, cost, capacity) that art. 17 asks to
--   address.
-- read_it: Da 0 a 1. Si legge con P09 per vedere quali categorie restano fuori e con P05 per la
--   continuità.
-- read_en: From 0 to 1. Read it with P09 to see which categories stay away and with P05 for
--   continuity.
-- caveats_it: La presenza tramite delega conta come presenza. Le presenze non invitate non entrano
--   qui (entrano nella rete e in E01).
-- caveats_en: Attendance through a delegate counts as present. Uninvited attendance is not counted
--   here (it is in the network and E01).

SELECT 'P01' AS indicator, g.scope, g.period, '' AS category,
       CAST(coalesce(sp.inv_present_rows, 0) AS DOUBLE) / NULLIF(coalesce(sp.inv_rows, 0), 0) AS value,
       CAST(coalesce(sp.inv_present_rows, 0) AS DOUBLE) AS numerator,
       CAST(coalesce(sp.inv_rows, 0) AS DOUBLE) AS denominator
FROM ind_grid g
LEFT JOIN ind_sp sp ON sp.s = g.s AND sp.p = g.p
