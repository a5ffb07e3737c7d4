-- Derived: visits counted per day and per what the dashboard groups by, so
-- that a year's breakdowns add up a few thousand rows instead of scanning
-- two hundred thousand visits. Kept by the same transactions that keep
-- visit_facts and visit_themes; rebuilt here from them.
CREATE TABLE daily_counts (
	day         TEXT NOT NULL,
	site_id     TEXT NOT NULL,
	sex         TEXT NOT NULL,
	nationality TEXT NOT NULL,
	identified  INTEGER NOT NULL, -- 1 for a visit of a known person
	n           INTEGER NOT NULL,
	PRIMARY KEY (day, site_id, sex, nationality, identified)
) WITHOUT ROWID;

INSERT INTO daily_counts (day, site_id, sex, nationality, identified, n)
SELECT day, site_id, sex, nationality, person_id IS NOT NULL, count(*)
FROM visit_facts GROUP BY day, site_id, sex, nationality, person_id IS NOT NULL;

CREATE TABLE daily_theme_counts (
	day   TEXT NOT NULL,
	theme TEXT NOT NULL,
	n     INTEGER NOT NULL,
	PRIMARY KEY (day, theme)
) WITHOUT ROWID;

INSERT INTO daily_theme_counts (day, theme, n)
SELECT day, theme, count(*) FROM visit_themes GROUP BY day, theme;

-- Persons received in a period: a narrow index to count them.
CREATE INDEX visit_facts_day_person ON visit_facts (day, person_id);

-- Person search: when a typed prefix matches thousands of persons, the
-- first names in order are found by walking the names in order and checking
-- each person's terms, rather than sorting every match.
CREATE INDEX persons_sort ON persons (sort_key, file_number) WHERE deleted_at IS NULL;
CREATE INDEX person_terms_person ON person_terms (person_id, term);
