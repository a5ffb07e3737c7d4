-- Person search: each term carries its person's sort key, so that a broad
-- search (two letters match thousands) orders the matching terms themselves
-- instead of fetching every matching person. Walking the names in order
-- (0004) was slow when the matches sat at the end of the alphabet.
ALTER TABLE person_terms ADD COLUMN sort_key TEXT NOT NULL DEFAULT '';
UPDATE person_terms SET sort_key = coalesce(
	(SELECT sort_key FROM persons WHERE persons.id = person_terms.person_id), '');
DROP INDEX persons_sort;
DROP INDEX person_terms_person;
