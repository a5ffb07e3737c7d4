-- Statistics at the speed of a desk: a year's table in a single pass.
--
-- person_keys gives each person seen in the statistics rows a small integer
-- key (an INTEGER PRIMARY KEY, so that VACUUM keeps it): persons are counted
-- with count(DISTINCT person_key) on integers rather than on 36-character
-- ids. visit_facts.first_visit marks the visits of a person's first day
-- (person_first_visits), so that new persons are counted in the same pass
-- as persons. Both are derived, kept by the transactions that keep
-- visit_facts, and filled here for existing databases.
CREATE TABLE person_keys (
	key       INTEGER PRIMARY KEY,
	person_id TEXT NOT NULL UNIQUE
);

INSERT INTO person_keys (person_id)
SELECT DISTINCT person_id FROM visit_facts WHERE person_id IS NOT NULL ORDER BY person_id;

ALTER TABLE visit_facts ADD COLUMN person_key INTEGER;
ALTER TABLE visit_facts ADD COLUMN first_visit INTEGER NOT NULL DEFAULT 0;

UPDATE visit_facts SET person_key = (SELECT k.key FROM person_keys k
	WHERE k.person_id = visit_facts.person_id)
WHERE person_id IS NOT NULL;

UPDATE visit_facts SET first_visit = 1
WHERE (day, person_id) IN (SELECT day, person_id FROM person_first_visits);

-- A period's visits with every measure and the short dimensions, read
-- without the wide rows (ids, themes). It replaces the (day, person_id)
-- index of 0004.
DROP INDEX visit_facts_day_person;
CREATE INDEX visit_facts_period ON visit_facts (day, person_key, first_visit,
	duration_min, sex, nationality, age_bracket, admin_situation, mode);

-- visit_themes carries the facts of its visit (all but the site and the
-- user, long ids), so that statistics under themes read it alone rather
-- than unfold each visit's JSON array; the
-- index by theme then day lets a table by theme walk each theme's period in
-- order, with no sort. The facts are kept as those of visit_facts are.
CREATE TABLE visit_themes_new (
	day             TEXT NOT NULL,
	theme           TEXT NOT NULL,
	visit_id        TEXT NOT NULL,
	person_key      INTEGER,
	first_visit     INTEGER NOT NULL DEFAULT 0,
	duration_min    INTEGER NOT NULL DEFAULT 0,
	sex             TEXT NOT NULL DEFAULT '',
	nationality     TEXT NOT NULL DEFAULT '',
	age_bracket     TEXT NOT NULL DEFAULT '',
	admin_situation TEXT NOT NULL DEFAULT '',
	mode            TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (day, theme, visit_id)
) WITHOUT ROWID;

INSERT INTO visit_themes_new (day, theme, visit_id, person_key, first_visit, duration_min,
	sex, nationality, age_bracket, admin_situation, mode)
SELECT t.day, t.theme, t.visit_id, f.person_key, f.first_visit, f.duration_min,
	f.sex, f.nationality, f.age_bracket, f.admin_situation, f.mode
FROM visit_themes t JOIN visit_facts f ON f.day = t.day AND f.visit_id = t.visit_id;

DROP TABLE visit_themes;
ALTER TABLE visit_themes_new RENAME TO visit_themes;

CREATE INDEX visit_themes_theme ON visit_themes (theme, day, person_key, first_visit,
	duration_min);

-- Indexes led by the two dimensions with long codes, whose sort costs most,
-- for the same walk by code then day.
CREATE INDEX visit_facts_site ON visit_facts (site_id, day, person_key, first_visit,
	duration_min);
CREATE INDEX visit_facts_user ON visit_facts (user_id, day, person_key, first_visit,
	duration_min);
