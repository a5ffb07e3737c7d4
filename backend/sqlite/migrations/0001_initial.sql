-- The first schema. Every table of structure data carries the sync columns of
-- DESIGN.md: a UUIDv7 id, created_at / updated_at / deleted_at in UTC
-- (RFC 3339 with milliseconds), and version, a hybrid logical clock value that
-- ends with the id of the device that wrote the row. Tables marked "derived"
-- are indexes rebuilt from the others: they never travel between devices.

-- Local to this device; never synchronised.
CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

CREATE TABLE organisations (
	id         TEXT PRIMARY KEY,
	name       TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	deleted_at TEXT,
	version    TEXT NOT NULL
);

CREATE TABLE sites (
	id              TEXT PRIMARY KEY,
	organisation_id TEXT NOT NULL REFERENCES organisations (id),
	name            TEXT NOT NULL,
	address         TEXT NOT NULL DEFAULT '',
	commune         TEXT NOT NULL DEFAULT '',
	created_at      TEXT NOT NULL,
	updated_at      TEXT NOT NULL,
	deleted_at      TEXT,
	version         TEXT NOT NULL
);

CREATE TABLE users (
	id              TEXT PRIMARY KEY,
	organisation_id TEXT NOT NULL REFERENCES organisations (id),
	display_name    TEXT NOT NULL,
	role            TEXT NOT NULL,
	created_at      TEXT NOT NULL,
	updated_at      TEXT NOT NULL,
	deleted_at      TEXT,
	version         TEXT NOT NULL
);

-- Coded reference lists (themes, visit modes, administrative situations).
-- Seeded from the binary; an administrator may rename a label, and statistics
-- group by code, so a renamed label never splits a count.
CREATE TABLE ref_items (
	id         TEXT PRIMARY KEY,
	list       TEXT NOT NULL,
	code       TEXT NOT NULL,
	label      TEXT NOT NULL,
	position   INTEGER NOT NULL,
	active     INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	deleted_at TEXT,
	version    TEXT NOT NULL,
	UNIQUE (list, code)
);

CREATE TABLE persons (
	id                 TEXT PRIMARY KEY,
	organisation_id    TEXT NOT NULL REFERENCES organisations (id),
	file_number        TEXT NOT NULL,
	last_name          TEXT NOT NULL DEFAULT '',
	birth_name         TEXT NOT NULL DEFAULT '',
	first_names        TEXT NOT NULL DEFAULT '',
	sex                TEXT NOT NULL DEFAULT '',
	birth_date         TEXT NOT NULL DEFAULT '',
	birth_place        TEXT NOT NULL DEFAULT '',
	nationality        TEXT NOT NULL DEFAULT '',
	nationality2       TEXT NOT NULL DEFAULT '',
	languages          TEXT NOT NULL DEFAULT '',
	interpreter_needed INTEGER NOT NULL DEFAULT 0,
	phone              TEXT NOT NULL DEFAULT '',
	email              TEXT NOT NULL DEFAULT '',
	commune            TEXT NOT NULL DEFAULT '',
	no_fixed_address   INTEGER NOT NULL DEFAULT 0,
	family_situation   TEXT NOT NULL DEFAULT '',
	children           INTEGER NOT NULL DEFAULT 0,
	arrival_date       TEXT NOT NULL DEFAULT '',
	admin_situation    TEXT NOT NULL DEFAULT '',
	referent_id        TEXT REFERENCES users (id),
	consent_date       TEXT NOT NULL DEFAULT '',
	notes              TEXT NOT NULL DEFAULT '',
	-- folded last name, first names and birth date: how the same person is
	-- recognised by an import and by the duplicate check
	match_key          TEXT NOT NULL,
	sort_key           TEXT NOT NULL,
	created_at         TEXT NOT NULL,
	updated_at         TEXT NOT NULL,
	deleted_at         TEXT,
	version            TEXT NOT NULL
);

CREATE UNIQUE INDEX persons_file_number ON persons (organisation_id, file_number);
CREATE INDEX persons_match_key ON persons (match_key);
CREATE INDEX persons_birth_date ON persons (birth_date);

-- Derived: the words a person is found by (folded names, "d:" birth date,
-- "f:" file number, "n:" its number without zeros).
CREATE TABLE person_terms (
	term      TEXT NOT NULL,
	person_id TEXT NOT NULL,
	PRIMARY KEY (term, person_id)
) WITHOUT ROWID;

-- Derived: the last file number given per structure and year.
CREATE TABLE file_counters (
	organisation_id TEXT NOT NULL,
	year            INTEGER NOT NULL,
	last            INTEGER NOT NULL,
	PRIMARY KEY (organisation_id, year)
);

CREATE TABLE visits (
	id           TEXT PRIMARY KEY,
	at           TEXT NOT NULL,
	day          TEXT NOT NULL, -- the date of "at" in Europe/Paris
	site_id      TEXT NOT NULL REFERENCES sites (id),
	user_id      TEXT NOT NULL REFERENCES users (id),
	person_id    TEXT REFERENCES persons (id),
	sex          TEXT NOT NULL DEFAULT '',
	age_bracket  TEXT NOT NULL DEFAULT '',
	nationality  TEXT NOT NULL DEFAULT '',
	mode         TEXT NOT NULL DEFAULT '',
	duration_min INTEGER NOT NULL DEFAULT 0,
	themes       TEXT NOT NULL DEFAULT '[]', -- JSON array of theme codes
	actions      TEXT NOT NULL DEFAULT '',
	referrals    TEXT NOT NULL DEFAULT '',
	note         TEXT NOT NULL DEFAULT '',
	private_note TEXT NOT NULL DEFAULT '',
	import_key   TEXT, -- identity of the spreadsheet line it came from
	created_at   TEXT NOT NULL,
	updated_at   TEXT NOT NULL,
	deleted_at   TEXT,
	version      TEXT NOT NULL
);

CREATE INDEX visits_day ON visits (day);
CREATE INDEX visits_person ON visits (person_id, day);
CREATE UNIQUE INDEX visits_import_key ON visits (import_key) WHERE import_key IS NOT NULL;

-- Derived: one row per live visit with what statistics group by, clustered
-- by day so that a period is one range scan. For an identified visit, sex and
-- nationality are the person's, refreshed when the person changes.
CREATE TABLE visit_facts (
	day         TEXT NOT NULL,
	visit_id    TEXT NOT NULL,
	person_id   TEXT,
	site_id     TEXT NOT NULL,
	user_id     TEXT NOT NULL,
	sex         TEXT NOT NULL,
	nationality TEXT NOT NULL,
	age_bracket TEXT NOT NULL,
	mode        TEXT NOT NULL,
	duration_min INTEGER NOT NULL,
	PRIMARY KEY (day, visit_id)
) WITHOUT ROWID;

CREATE INDEX visit_facts_person ON visit_facts (person_id, day);

-- Derived: one row per theme of a live visit.
CREATE TABLE visit_themes (
	day      TEXT NOT NULL,
	theme    TEXT NOT NULL,
	visit_id TEXT NOT NULL,
	PRIMARY KEY (day, theme, visit_id)
) WITHOUT ROWID;

-- Derived: the day of each person's first live visit ("new persons").
CREATE TABLE person_first_visits (
	person_id TEXT PRIMARY KEY,
	day       TEXT NOT NULL
) WITHOUT ROWID;

CREATE INDEX person_first_visits_day ON person_first_visits (day);

-- Every write, in the transaction of the write: what changed since any point.
CREATE TABLE changes (
	seq       INTEGER PRIMARY KEY AUTOINCREMENT,
	entity    TEXT NOT NULL,
	entity_id TEXT NOT NULL,
	version   TEXT NOT NULL,
	op        TEXT NOT NULL, -- upsert or delete
	data      TEXT NOT NULL  -- the row as JSON
);

-- Every write by a person: who, when, what, which fields (never their values).
CREATE TABLE audit_log (
	id        TEXT PRIMARY KEY,
	at        TEXT NOT NULL,
	user_id   TEXT NOT NULL,
	device_id TEXT NOT NULL,
	action    TEXT NOT NULL,
	entity    TEXT NOT NULL,
	entity_id TEXT NOT NULL,
	fields    TEXT NOT NULL
);

CREATE INDEX audit_log_at ON audit_log (at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'audit_log is append-only');
END;
