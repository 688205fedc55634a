-- id: C04
-- name_it: Quota di voto dei partner
-- name_en: Partners' voting share
-- family: composition
-- unit: share
-- source: Reg. (UE) 240/2014, art. 10 (composizione dei comitati di sorveglianza) e art. 11, lett. a (diritti di voto)
-- higher_is_better: true
-- small_cell: none (counts memberships)
-- what_it: Quanta parte delle appartenenze con diritto di voto è in mano a organizzazioni non
--   istituzionali.
-- what_en: How much of the memberships with voting rights are held by non-institutional
--   organisations.
-- formula_it: Appartenenze con diritto di voto in corso alla data t detenute da organizzazioni non
--   istituzionali, diviso tutte le appartenenze con diritto di voto in corso alla data t negli
--   organismi dell'ambito. Si contano le righe di appartenenza (un'organizzazione con due
--   rappresentanti votanti conta due volte).
-- formula_en: Memberships with voting rights in office at date t held by non-institutional
--   organisations, divided by all memberships with voting rights in office at date t on the bodies
--   in scope. Membership rows are counted (an organisation with two voting representatives counts
--   twice).
-- why_it: Il Codice chiede di definire nel regolamento interno i diritti di voto dei membri (art.
--   11): essere membri senza voto pesa meno che votare le decisioni.
-- why_en: The Code asks rules of procedure to set members' voting rights (art. 11): being a member
--   without a vote weighs less than voting on decisions.
-- read_it: Da 0 (votano solo le istituzioni) a 1. Confrontarlo con C03: se C04 è molto più basso,
--   i partner sono presenti ma con voce consultiva.
-- read_en: From 0 (only institutions vote) to 1. Compare it with C03: when C04 is much lower, the
--   partners are there but in an advisory role.
-- caveats_it: Dipende dalla corretta registrazione del diritto di voto (vuoto = senza voto). Non
--   tiene conto di voti ponderati o di regole di maggioranza.
-- caveats_en: Depends on the voting flag being recorded (empty = no vote). It ignores weighted votes
--   and majority rules.

WITH vb AS (
    SELECT p, b,
           count(*) FILTER (WHERE voting) AS v,
           count(*) FILTER (WHERE voting AND category <> 'institutional') AS vn
    FROM ind_member GROUP BY p, b
),
k AS (
    SELECT sb.s, vb.p, sum(vb.v) AS v, sum(vb.vn) AS vn
    FROM vb JOIN ind_scope_body sb ON sb.b = vb.b
    GROUP BY sb.s, vb.p
)
SELECT 'C04' AS indicator, g.scope, g.period, '' AS category,
       CAST(coalesce(k.vn, 0) AS DOUBLE) / NULLIF(coalesce(k.v, 0), 0) AS value,
       CAST(coalesce(k.vn, 0) AS DOUBLE) AS numerator,
       CAST(coalesce(k.v, 0) AS DOUBLE) AS denominator
FROM ind_grid g
LEFT JOIN k ON k.s = g.s AND k.p = g.p
