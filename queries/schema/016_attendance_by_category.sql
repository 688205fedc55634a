-- Attendance by organisation category of every cell (scope, year) of a
-- snapshot, computed by the refresh (queries/indicators/_counts.sql) so that
-- the "attendance by category and year" panels read rows instead of
-- scanning attendance: invited rows and those present (or delegated).
-- carried as in indicator_values.
CREATE TABLE indicator_attendance_category (
    data_version BIGINT NOT NULL,
    as_of        DATE NOT NULL,
    scope        VARCHAR NOT NULL,
    period       VARCHAR NOT NULL,
    category     VARCHAR NOT NULL,
    invited      BIGINT NOT NULL,
    present      BIGINT NOT NULL,
    carried      BOOLEAN DEFAULT false
);
