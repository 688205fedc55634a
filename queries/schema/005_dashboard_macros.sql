-- Helpers shared by the dashboard queries (queries/dashboards/*.sql).

-- body_match: does a body pass the page filters? An empty filter matches all;
-- nuts matches by prefix (a NUTS 2 code selects its NUTS 3 areas too).
CREATE MACRO body_match(b_cycle, b_programme, b_type, b_nuts, b_id, f_cycle, f_programme, f_type, f_nuts, f_body) AS
    (f_cycle = '' OR b_cycle = f_cycle)
    AND (f_programme = '' OR b_programme = f_programme)
    AND (f_type = '' OR b_type = f_type)
    AND (f_nuts = '' OR starts_with(coalesce(b_nuts, ''), f_nuts))
    AND (f_body = '' OR b_id = f_body);

-- year_match: does a date fall in the selected year ('' = any)?
CREATE MACRO year_match(d, f_year) AS f_year = '' OR year(d) = TRY_CAST(f_year AS INTEGER);

-- period_end: the composition date of a view: 31 Dec of the year, or as_of.
CREATE MACRO period_end(f_year, as_of) AS
    CASE WHEN f_year = '' THEN as_of::DATE ELSE make_date(TRY_CAST(f_year AS INTEGER), 12, 31) END;

-- nuts2_region: Italian region name of a NUTS 2 code (Trentino-Alto Adige is
-- one region on the map, ITH1 and ITH2).
CREATE MACRO nuts2_region(code) AS CASE left(code, 4)
    WHEN 'ITC1' THEN 'Piemonte' WHEN 'ITC2' THEN 'Valle d''Aosta' WHEN 'ITC3' THEN 'Liguria'
    WHEN 'ITC4' THEN 'Lombardia' WHEN 'ITF1' THEN 'Abruzzo' WHEN 'ITF2' THEN 'Molise'
    WHEN 'ITF3' THEN 'Campania' WHEN 'ITF4' THEN 'Puglia' WHEN 'ITF5' THEN 'Basilicata'
    WHEN 'ITF6' THEN 'Calabria' WHEN 'ITG1' THEN 'Sicilia' WHEN 'ITG2' THEN 'Sardegna'
    WHEN 'ITH1' THEN 'Trentino-Alto Adige' WHEN 'ITH2' THEN 'Trentino-Alto Adige' WHEN 'ITH3' THEN 'Veneto'
    WHEN 'ITH4' THEN 'Friuli-Venezia Giulia' WHEN 'ITH5' THEN 'Emilia-Romagna' WHEN 'ITI1' THEN 'Toscana'
    WHEN 'ITI2' THEN 'Umbria' WHEN 'ITI3' THEN 'Marche' WHEN 'ITI4' THEN 'Lazio' END;
