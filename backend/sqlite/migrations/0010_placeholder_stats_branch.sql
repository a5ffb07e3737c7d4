-- Placeholder on the statistics branch only: number 0010 belongs to another
-- branch. Drop this file when merging; that branch's 0010 takes its place.
SELECT 1;
