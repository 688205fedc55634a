-- topics_coverage.sql's table from the refresh's stored counts
-- (indicator_meeting_topics, a row per art. 8 topic) of one scope and
-- period. Used when the filters select a single scope.
SELECT topic AS tema, meetings AS riunioni
FROM indicator_meeting_topics
WHERE data_version = $data_version AND as_of = CAST($as_of AS DATE) AND scope = $scope AND period = $period
ORDER BY riunioni DESC, tema
