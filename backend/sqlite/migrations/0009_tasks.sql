-- Tasks and their reminders. Structure data: every table carries the sync
-- columns of DESIGN.md. Whether a reminder has been shown is this device's
-- business (each PC shows its own notifications), so it lives in a local
-- table.

CREATE TABLE tasks (
	id           TEXT PRIMARY KEY,
	title        TEXT NOT NULL,
	notes        TEXT NOT NULL DEFAULT '',
	due_at       TEXT NOT NULL,            -- UTC instant (RFC 3339 ms)
	due_day      TEXT NOT NULL,            -- its date in Europe/Paris
	remind_at    TEXT,                     -- UTC instant; NULL: no reminder
	priority     TEXT NOT NULL DEFAULT 'normal', -- basse, normale, haute
	status       TEXT NOT NULL DEFAULT 'todo',   -- todo, done, cancelled
	assignee_id  TEXT REFERENCES users (id),     -- NULL: the whole structure
	person_id    TEXT REFERENCES persons (id),
	procedure_id TEXT REFERENCES procedures (id),
	partner_id   TEXT REFERENCES partners (id),
	visit_id     TEXT REFERENCES visits (id),
	recurrence   TEXT NOT NULL DEFAULT '',  -- '', weekly, monthly
	working_day  INTEGER NOT NULL DEFAULT 0, -- 1: due dates avoid weekends and holidays
	origin       TEXT NOT NULL DEFAULT 'user', -- user, key_date, retention
	origin_key   TEXT,                      -- what generated it, e.g. "<procedure>/permit_until"
	created_by   TEXT REFERENCES users (id),
	done_at      TEXT,
	created_at   TEXT NOT NULL,
	updated_at   TEXT NOT NULL,
	deleted_at   TEXT,
	version      TEXT NOT NULL
);

CREATE INDEX tasks_assignee_open ON tasks (assignee_id, due_at) WHERE status = 'todo' AND deleted_at IS NULL;
CREATE INDEX tasks_open_due ON tasks (due_at) WHERE status = 'todo' AND deleted_at IS NULL;
CREATE INDEX tasks_remind ON tasks (remind_at) WHERE status = 'todo' AND deleted_at IS NULL AND remind_at IS NOT NULL;
CREATE INDEX tasks_person ON tasks (person_id) WHERE person_id IS NOT NULL;
-- The reminder job looks at tasks changed since its last run: a reminder
-- moved to an instant it has already passed still fires.
CREATE INDEX tasks_updated ON tasks (updated_at) WHERE status = 'todo' AND deleted_at IS NULL;
CREATE UNIQUE INDEX tasks_origin_key ON tasks (origin_key) WHERE origin_key IS NOT NULL AND deleted_at IS NULL;

-- Local to this device; never synchronised: the reminders this PC has
-- fired, so that none fires twice, also across a restart, and the in-app
-- notification centre.
CREATE TABLE notifications (
	id         TEXT PRIMARY KEY,
	task_id    TEXT NOT NULL,
	remind_at  TEXT NOT NULL,   -- the reminder instant that fired
	fired_at   TEXT NOT NULL,
	late       INTEGER NOT NULL DEFAULT 0,
	user_id    TEXT,            -- who it is for; NULL: everybody
	read_at    TEXT,
	UNIQUE (task_id, remind_at)
);

CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;
CREATE INDEX notifications_fired ON notifications (fired_at);
