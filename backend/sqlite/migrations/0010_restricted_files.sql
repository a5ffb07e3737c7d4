-- A person's file can be restricted to named referents: the main referent
-- (referent_id) and the users listed in referent_ids (a JSON array of user
-- ids). Others find the file by its number, never its names or content;
-- administrators keep access, to lift a restriction. See backend.CanOpen.
ALTER TABLE persons ADD COLUMN restricted INTEGER NOT NULL DEFAULT 0;
ALTER TABLE persons ADD COLUMN referent_ids TEXT NOT NULL DEFAULT '[]';
