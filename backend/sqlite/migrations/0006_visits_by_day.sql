-- Two indexes every imported visit paid for and few queries need: the
-- day's visits are found through visit_facts, clustered by day, and a
-- person's statistics rows through visits_person.
DROP INDEX visits_day;
DROP INDEX visit_facts_person;
