-- The partner directory (annuaire) and the support given to partner
-- professionals (appui aux partenaires). Structure data: every table carries
-- the sync columns of DESIGN.md.

CREATE TABLE partners (
	id         TEXT PRIMARY KEY,
	name       TEXT NOT NULL,
	kind       TEXT NOT NULL,             -- ref list partner_kind
	themes     TEXT NOT NULL DEFAULT '[]', -- JSON array of theme codes
	organisation TEXT NOT NULL DEFAULT '', -- the body it belongs to ("Forum réfugiés-Cosi")
	address    TEXT NOT NULL DEFAULT '',
	postal_code TEXT NOT NULL DEFAULT '',
	commune    TEXT NOT NULL DEFAULT '',
	phone      TEXT NOT NULL DEFAULT '',
	email      TEXT NOT NULL DEFAULT '',
	website    TEXT NOT NULL DEFAULT '',
	notes      TEXT NOT NULL DEFAULT '',
	-- folded name, organisation and commune: what a search matches
	search_key TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	deleted_at TEXT,
	version    TEXT NOT NULL
);

CREATE INDEX partners_kind ON partners (kind);

CREATE TABLE partner_contacts (
	id         TEXT PRIMARY KEY,
	partner_id TEXT NOT NULL REFERENCES partners (id),
	name       TEXT NOT NULL,
	role       TEXT NOT NULL DEFAULT '',
	phone      TEXT NOT NULL DEFAULT '',
	email      TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	deleted_at TEXT,
	version    TEXT NOT NULL
);

CREATE INDEX partner_contacts_partner ON partner_contacts (partner_id);

CREATE TABLE partner_supports (
	id           TEXT PRIMARY KEY,
	day          TEXT NOT NULL,            -- YYYY-MM-DD
	partner_id   TEXT NOT NULL REFERENCES partners (id),
	contact_id   TEXT REFERENCES partner_contacts (id),
	user_id      TEXT NOT NULL REFERENCES users (id),
	mode         TEXT NOT NULL,            -- ref list support_mode
	themes       TEXT NOT NULL DEFAULT '[]',
	duration_min INTEGER NOT NULL DEFAULT 0,
	question     TEXT NOT NULL DEFAULT '',
	answer       TEXT NOT NULL DEFAULT '',
	follow_up    INTEGER NOT NULL DEFAULT 0,
	created_at   TEXT NOT NULL,
	updated_at   TEXT NOT NULL,
	deleted_at   TEXT,
	version      TEXT NOT NULL
);

CREATE INDEX partner_supports_day ON partner_supports (day);
CREATE INDEX partner_supports_partner ON partner_supports (partner_id, day);
