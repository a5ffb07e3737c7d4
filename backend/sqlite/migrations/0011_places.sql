-- Reception places (lieux d'accueil) of the structure and of partners: the
-- directory, its weekly opening slots and closures, and the positions the
-- geocoding job finds for sites and partners. Structure data keeps the sync
-- columns of DESIGN.md; geocode_attempts is this device's own job state.

ALTER TABLE sites ADD COLUMN partner_id TEXT REFERENCES partners (id); -- NULL: our own site
ALTER TABLE sites ADD COLUMN postal_code TEXT NOT NULL DEFAULT '';
ALTER TABLE sites ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE sites ADD COLUMN email TEXT NOT NULL DEFAULT '';
ALTER TABLE sites ADD COLUMN website TEXT NOT NULL DEFAULT '';
ALTER TABLE sites ADD COLUMN contacts TEXT NOT NULL DEFAULT '';   -- who to ask for, free text
ALTER TABLE sites ADD COLUMN themes TEXT NOT NULL DEFAULT '[]';   -- JSON array of theme codes
ALTER TABLE sites ADD COLUMN languages TEXT NOT NULL DEFAULT '[]'; -- JSON array of language names
ALTER TABLE sites ADD COLUMN walk_in INTEGER NOT NULL DEFAULT 0;        -- sans rendez-vous
ALTER TABLE sites ADD COLUMN by_appointment INTEGER NOT NULL DEFAULT 0; -- sur rendez-vous
ALTER TABLE sites ADD COLUMN publics TEXT NOT NULL DEFAULT '';    -- publics received
ALTER TABLE sites ADD COLUMN access_notes TEXT NOT NULL DEFAULT '';
ALTER TABLE sites ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
ALTER TABLE sites ADD COLUMN search_key TEXT NOT NULL DEFAULT '';
-- Position: NULL until geocoded; precision street|district|commune|departement,
-- geo_source gazetteer|ban|manual.
ALTER TABLE sites ADD COLUMN lat REAL;
ALTER TABLE sites ADD COLUMN lon REAL;
ALTER TABLE sites ADD COLUMN precision TEXT NOT NULL DEFAULT '';
ALTER TABLE sites ADD COLUMN geo_source TEXT NOT NULL DEFAULT '';
ALTER TABLE sites ADD COLUMN geocoded_at TEXT;
ALTER TABLE sites ADD COLUMN insee TEXT NOT NULL DEFAULT '';
ALTER TABLE sites ADD COLUMN district_insee TEXT NOT NULL DEFAULT '';

CREATE INDEX sites_partner ON sites (partner_id) WHERE partner_id IS NOT NULL;

-- Weekly opening slots (permanences): weekday 1 = Monday … 7 = Sunday,
-- times HH:MM in Europe/Paris.
CREATE TABLE site_slots (
	id         TEXT PRIMARY KEY,
	site_id    TEXT NOT NULL REFERENCES sites (id),
	weekday    INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
	start_time TEXT NOT NULL,
	end_time   TEXT NOT NULL,
	note       TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	deleted_at TEXT,
	version    TEXT NOT NULL
);

CREATE INDEX site_slots_site ON site_slots (site_id);

-- Closures: from_day to to_day included (YYYY-MM-DD).
CREATE TABLE site_closures (
	id         TEXT PRIMARY KEY,
	site_id    TEXT NOT NULL REFERENCES sites (id),
	from_day   TEXT NOT NULL,
	to_day     TEXT NOT NULL,
	reason     TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	deleted_at TEXT,
	version    TEXT NOT NULL
);

CREATE INDEX site_closures_site ON site_closures (site_id, to_day);

ALTER TABLE partners ADD COLUMN lat REAL;
ALTER TABLE partners ADD COLUMN lon REAL;
ALTER TABLE partners ADD COLUMN precision TEXT NOT NULL DEFAULT '';
ALTER TABLE partners ADD COLUMN geo_source TEXT NOT NULL DEFAULT '';
ALTER TABLE partners ADD COLUMN geocoded_at TEXT;
ALTER TABLE partners ADD COLUMN insee TEXT NOT NULL DEFAULT '';
ALTER TABLE partners ADD COLUMN district_insee TEXT NOT NULL DEFAULT '';

-- The geocoding job's retries on this device (not synchronised): when the
-- online geocoder failed for a site or partner, when to try again.
CREATE TABLE geocode_attempts (
	entity          TEXT NOT NULL, -- site | partner
	entity_id       TEXT NOT NULL,
	failures        INTEGER NOT NULL DEFAULT 0,
	next_attempt_at TEXT NOT NULL, -- UTC RFC 3339
	last_error      TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (entity, entity_id)
);
