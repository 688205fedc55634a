-- id: E02
-- name_it: Quota donne con diritto di voto
-- name_en: Women among voting members
-- family: equality
-- unit: share
-- source: Reg. (UE) 240/2014, art. 10, par. 1 (regole di composizione del comitato di sorveglianza: parità tra uomini e donne) e art. 11, lett. a
-- higher_is_better: none
-- small_cell: denominator < 3 people: suppressed on public pages (shown as "< 3"); the researcher API returns the value with its counts
-- what_it: Quanta parte dei rappresentanti con diritto di voto negli organismi dell'ambito sono
--   donne.
-- what_en: How many of the representatives with voting rights on the bodies in scope are women.
-- formula_it: Persone distinte (person_id) con genere F, diviso persone distinte con genere F o M,
--   sulle appartenenze con diritto di voto in corso alla data t. Il genere è quello delle righe di
--   composizione (non integrato dalle presenze).
-- formula_en: Distinct people (person_id) with gender F, divided by distinct people with gender F
--   or M, over the memberships with voting rights in office at date t. Gender comes from the
--   membership rows (not filled in from attendance).
-- why_it: L'art. 10 chiede che le regole di composizione del comitato di sorveglianza mirino alla
--   parità tra uomini e donne: conta soprattutto tra chi vota.
-- why_en: Art. 10 asks that the membership rules of the monitoring committee aim at equality between
--   men and women: it matters most among those who vote.
-- read_it: Da 0 a 1; la parità è 0,5. Un E02 più basso di E01 indica donne presenti ma meno spesso
--   con diritto di voto.
-- read_en: From 0 to 1; parity is 0.5. An E02 lower than E01 means women attend but hold voting
--   seats less often.
-- caveats_it: Descrive persone: sotto 3 persone le pagine pubbliche lo mostrano come "< 3".
--   Appartenenze senza person_id non contano.
-- caveats_en: Describes people: below 3 people the public pages show it as "< 3". Memberships
--   without person_id do not count.

SELECT 'E02' AS indicator, g.scope, g.period, '' AS category,
       CAST(coalesce(k.f, 0) AS DOUBLE) / NULLIF(coalesce(k.fm, 0), 0) AS value,
       CAST(coalesce(k.f, 0) AS DOUBLE) AS numerator,
       CAST(coalesce(k.fm, 0) AS DOUBLE) AS denominator
FROM ind_grid g
LEFT JOIN ind_voters_sp k ON k.s = g.s AND k.p = g.p
