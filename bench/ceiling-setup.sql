-- The import ceiling's target: an empty copy of events (same columns, constraints and indexes:
-- primary key, identity key, the partial search index) in its own schema of the bench database.
DROP SCHEMA IF EXISTS ceiling CASCADE;
CREATE SCHEMA ceiling;
CREATE TABLE ceiling.events (LIKE public.events INCLUDING ALL);
