-- Run after the rollups (_rollup.sql): tables derived from their outputs.
-- Same conventions as _prepare.sql.

-- Member organisations per category (categories with members only).
CREATE OR REPLACE TEMP TABLE ind_comp_cat AS
SELECT sm.s, sm.p, og.category, count(*) AS n
FROM ind_scope_member sm JOIN ind_org og ON og.o = sm.o
GROUP BY sm.s, sm.p, og.category;
