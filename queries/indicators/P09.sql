-- id: P09
-- name_it: Divario di presenza per categoria
-- name_en: Attendance gap by category
-- family: participation
-- unit: share
-- source: Reg. (UE) 240/2014, art. 17 (rafforzamento della capacità dei partner) e considerando 4
-- higher_is_better: none
-- small_cell: none (counts attendance rows)
-- what_it: Di quanto il tasso di presenza di ciascuna categoria si discosta da quello complessivo.
-- what_en: How far each category's attendance rate is from the overall rate.
-- formula_it: Per ogni categoria: P01 calcolato sulle sole righe con invito delle organizzazioni
--   della categoria, meno P01 complessivo dello stesso ambito e periodo. Vuoto per una categoria
--   senza righe con invito. Nessun numeratore o denominatore.
-- formula_en: For each category: P01 over the invited rows of that category's organisations only,
--   minus the overall P01 of the same scope and period. Empty for a category without invited rows.
--   No numerator or denominator.
-- why_it: Le categorie con meno risorse (piccole organizzazioni, società civile) partecipano spesso
--   meno: l'art. 17 chiede di sostenerne la capacità. Il divario indica dove intervenire.
-- why_en: Categories with fewer resources (small organisations, civil society) often attend less:
--   art. 17 asks to build their capacity. The gap shows where to act.
-- read_it: In punti di quota: -0,15 = la categoria è presente 15 punti percentuali meno della media.
--   Sei valori, uno per categoria.
-- read_en: In share points: -0.15 = the category attends 15 percentage points less than average.
--   Six values, one per category.
-- caveats_it: Con poche righe per categoria il divario è instabile; guardare anche C01.
-- caveats_en: With few rows per category the gap is unstable; look at C01 too.

WITH cat AS (
    SELECT sb.s, yp.p, x.category,
           sum(x.inv_rows) AS r, sum(x.inv_present_rows) AS pr
    FROM ind_by_cat x
    JOIN ind_yp yp ON yp.y = x.y
    JOIN ind_scope_body sb ON sb.b = x.b
    GROUP BY sb.s, yp.p, x.category
)
SELECT 'P09' AS indicator, g.scope, g.period, c.category,
       CASE WHEN cat.r > 0 AND sp.inv_rows > 0
            THEN CAST(cat.pr AS DOUBLE) / cat.r - CAST(sp.inv_present_rows AS DOUBLE) / sp.inv_rows END AS value,
       CAST(NULL AS DOUBLE) AS numerator,
       CAST(NULL AS DOUBLE) AS denominator
FROM ind_grid g
CROSS JOIN ind_categories c
LEFT JOIN cat ON cat.s = g.s AND cat.p = g.p AND cat.category = c.category
LEFT JOIN ind_sp sp ON sp.s = g.s AND sp.p = g.p
