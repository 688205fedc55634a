-- id: E01
-- name_it: Quota donne
-- name_en: Women's share
-- family: equality
-- unit: share
-- source: Reg. (UE) 240/2014, art. 10, par. 1 (promuovere la parità tra uomini e donne) e art. 4, par. 1, lett. c
-- higher_is_better: none
-- small_cell: denominator < 3 people: suppressed on public pages (shown as "< 3"); the researcher API returns the value with its counts
-- what_it: Quanta parte delle persone che hanno partecipato alle riunioni sono donne.
-- what_en: How many of the people who attended the meetings are women.
-- formula_it: Persone distinte (person_id) con genere F, diviso persone distinte con genere F o M,
--   sulle righe di presenza presenti (presente o con delega, invitate o no) delle riunioni
--   dell'ambito e del periodo. Il genere è quello delle righe di presenza (non integrato dalla
--   composizione); righe senza person_id o con genere X o vuoto non contano.
-- formula_en: Distinct people (person_id) with gender F, divided by distinct people with gender F
--   or M, over the present attendance rows (present or delegated, invited or not) of the meetings
--   of the scope and period. Gender comes from the attendance rows (not filled in from the
--   memberships); rows without person_id or with gender X or empty do not count.
-- why_it: Il Codice chiede di promuovere la parità tra uomini e donne nella composizione e nel
--   funzionamento degli organismi del partenariato.
-- why_en: The Code asks to promote equality between men and women in the composition and working
--   of partnership bodies.
-- read_it: Da 0 a 1; la parità è 0,5. Si confronti con E02 (votanti) e si controlli E04 (quanto il
--   dato di genere è completo).
-- read_en: From 0 to 1; parity is 0.5. Compare it with E02 (voting members) and check E04 (how
--   complete gender data are).
-- caveats_it: Descrive persone: sotto 3 persone le pagine pubbliche lo mostrano come "< 3". Dipende
--   dalla registrazione del genere.
-- caveats_en: Describes people: below 3 people the public pages show it as "< 3". Depends on gender
--   being recorded.

SELECT 'E01' AS indicator, g.scope, g.period, '' AS category,
       CAST(coalesce(k.f, 0) AS DOUBLE) / NULLIF(coalesce(k.fm, 0), 0) AS value,
       CAST(coalesce(k.f, 0) AS DOUBLE) AS numerator,
       CAST(coalesce(k.fm, 0) AS DOUBLE) AS denominator
FROM ind_grid g
LEFT JOIN ind_att_people_sp k ON k.s = g.s AND k.p = g.p
