-- id: indicator_history
-- title_it: Storia degli indicatori, con i nomi
-- title_en: Indicator history, with names
-- description_it: Ogni valore di indicatore di ogni fotografia conservata (versione dei dati e data
--   di riferimento), con il nome italiano e inglese dell'indicatore (dalla tabella
--   indicator_catalogue, riscritta a ogni calcolo dai file degli indicatori). Include i valori
--   di celle piccole, che le pagine pubbliche nascondono. Filtri facoltativi: indicatore,
--   ambito (es. all, body:LPP), periodo (anno o all).
-- description_en: Every indicator value of every stored snapshot (data version and reference date),
--   with the indicator's Italian and English name (from the table indicator_catalogue, rewritten
--   by every refresh from the indicator files). Includes small-cell values, which public pages
--   withhold. Optional filters: indicator, scope (e.g. all, body:LPP), period (a year or all).
-- param: indicator text optional
-- param: scope text optional
-- param: period text optional

SELECT v.indicator, c.name_it, c.name_en, v.scope, v.period, v.category,
       v.value, v.numerator, v.denominator, v.data_version, v.as_of, v.computed_at
FROM indicator_values v LEFT JOIN indicator_catalogue c USING (indicator)
WHERE ($indicator IS NULL OR v.indicator = $indicator)
  AND ($scope IS NULL OR v.scope = $scope)
  AND ($period IS NULL OR v.period = $period)
ORDER BY v.indicator, v.scope, v.period, v.category, v.data_version, v.as_of
