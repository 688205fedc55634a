-- attendance_by_category.sql's table from the refresh's stored counts
-- (indicator_attendance_category) of one scope: every year, or the
-- selected one. Used when the filters select a single scope.
SELECT period AS anno, category AS categoria, present::DOUBLE / invited AS presenza
FROM indicator_attendance_category
WHERE data_version = $data_version AND as_of = CAST($as_of AS DATE) AND scope = $scope
  AND ($year = '' OR period = $year) AND invited > 0
ORDER BY anno, categoria
