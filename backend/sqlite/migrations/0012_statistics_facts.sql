-- Statistics by any dimension, from visit_facts alone: each row also carries
-- the visit's themes (a JSON array, as in visits.themes) and the person's
-- current administrative situation ('' for an anonymous visit). Both are
-- derived, kept by the transactions that keep visit_facts, and filled here
-- for existing databases.
ALTER TABLE visit_facts ADD COLUMN themes TEXT NOT NULL DEFAULT '[]';
ALTER TABLE visit_facts ADD COLUMN admin_situation TEXT NOT NULL DEFAULT '';

UPDATE visit_facts SET
	themes = coalesce((SELECT v.themes FROM visits v WHERE v.id = visit_facts.visit_id), '[]'),
	admin_situation = coalesce((SELECT p.admin_situation FROM persons p
		WHERE p.id = visit_facts.person_id), '');
