-- meetings_by_phase.sql's table from the refresh's stored counts
-- (indicator_meeting_phases) of one scope and period. Used when the filters
-- select a single scope.
SELECT year::VARCHAR AS anno, phase AS fase, meetings AS riunioni
FROM indicator_meeting_phases
WHERE data_version = $data_version AND as_of = CAST($as_of AS DATE) AND scope = $scope AND period = $period
ORDER BY anno, fase
