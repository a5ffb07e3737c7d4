-- Case files: procedures (démarches) followed over months, each status change
-- kept as a step, and referrals (orientations) of a person to partners.
-- Structure data: every table carries the sync columns of DESIGN.md.

CREATE TABLE procedures (
	id              TEXT PRIMARY KEY,
	person_id       TEXT NOT NULL REFERENCES persons (id),
	type            TEXT NOT NULL,  -- ref list procedure_type
	status          TEXT NOT NULL,  -- see backend.ProcedureStatuses
	authority       TEXT NOT NULL DEFAULT '',
	reference       TEXT NOT NULL DEFAULT '',
	submitted_on    TEXT NOT NULL DEFAULT '', -- dépôt
	receipt_until   TEXT NOT NULL DEFAULT '', -- récépissé valable jusqu'au
	decision_on     TEXT NOT NULL DEFAULT '',
	permit_until    TEXT NOT NULL DEFAULT '', -- titre valable jusqu'au
	outcome         TEXT NOT NULL DEFAULT '',
	documents       TEXT NOT NULL DEFAULT '[]', -- JSON [{code, provided}]
	notes           TEXT NOT NULL DEFAULT '',
	opened_by       TEXT NOT NULL REFERENCES users (id),
	created_at      TEXT NOT NULL,
	updated_at      TEXT NOT NULL,
	deleted_at      TEXT,
	version         TEXT NOT NULL
);

CREATE INDEX procedures_person ON procedures (person_id);

-- One row per status change, in order: the history of a procedure.
CREATE TABLE procedure_steps (
	id           TEXT PRIMARY KEY,
	procedure_id TEXT NOT NULL REFERENCES procedures (id),
	seq          INTEGER NOT NULL,         -- 1, 2, … within the procedure
	from_status  TEXT NOT NULL,            -- '' for the opening
	to_status    TEXT NOT NULL,
	day          TEXT NOT NULL,            -- the date the step happened, YYYY-MM-DD
	user_id      TEXT NOT NULL REFERENCES users (id),
	note         TEXT NOT NULL DEFAULT '',
	created_at   TEXT NOT NULL,
	updated_at   TEXT NOT NULL,
	deleted_at   TEXT,
	version      TEXT NOT NULL,
	UNIQUE (procedure_id, seq)
);

CREATE TABLE referrals (
	id          TEXT PRIMARY KEY,
	person_id   TEXT REFERENCES persons (id), -- NULL when made from an anonymous visit
	visit_id    TEXT REFERENCES visits (id),
	partner_id  TEXT NOT NULL REFERENCES partners (id),
	user_id     TEXT NOT NULL REFERENCES users (id),
	day         TEXT NOT NULL,
	reason      TEXT NOT NULL DEFAULT '',
	outcome     TEXT NOT NULL DEFAULT 'pending', -- see backend.ReferralOutcomes
	outcome_on  TEXT NOT NULL DEFAULT '',
	created_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL,
	deleted_at  TEXT,
	version     TEXT NOT NULL
);

CREATE INDEX referrals_person ON referrals (person_id);
CREATE INDEX referrals_partner ON referrals (partner_id, day);
CREATE INDEX referrals_outcome ON referrals (outcome) WHERE deleted_at IS NULL;
