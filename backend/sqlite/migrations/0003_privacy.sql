-- Privacy (GDPR): the information given to a person when they consent, and
-- the mark of an anonymised file.
--
-- Anonymisation (privacy.go) keeps a person's row and file number, empties
-- every identifying field and the free text of their visits, and purges the
-- change log: the earlier `changes` rows of the person and of their visits
-- hold full snapshots with names, so they are deleted, and one new row per
-- entity carries the anonymised state. The change log thus keeps, for an
-- anonymised entity, only its latest state: synchronisation reads the
-- latest state of each entity changed since a point, never the history of
-- a row, so nothing it needs is lost. The audit log keeps its rows: they
-- name fields, never values.

ALTER TABLE persons ADD COLUMN consent_note TEXT NOT NULL DEFAULT '';

-- When the file was anonymised (UTC, as created_at); NULL if never. A write
-- to the person or to one of their visits after that time makes the file a
-- candidate again, so that text typed later is anonymised in its turn.
ALTER TABLE persons ADD COLUMN anonymised_at TEXT;

-- The right of access lists the audit entries about a person and their
-- visits.
CREATE INDEX audit_log_entity ON audit_log (entity_id);
