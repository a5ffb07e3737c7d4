-- Accounts: a login and an argon2id password hash per user. The hash travels
-- with the user row like any structure data; failed attempts are this
-- device's own business and stay local.
ALTER TABLE users ADD COLUMN login TEXT;
ALTER TABLE users ADD COLUMN password_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN active INTEGER NOT NULL DEFAULT 1;

CREATE UNIQUE INDEX users_login ON users (login) WHERE login IS NOT NULL;

-- Local to this device; never synchronised.
CREATE TABLE login_attempts (
	login          TEXT PRIMARY KEY, -- folded, also for logins that exist nowhere
	failed         INTEGER NOT NULL,
	last_failed_at TEXT NOT NULL
);
