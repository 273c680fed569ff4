-- Run once by the postgres image, as the superuser, in database tally, when its data volume is first initialised
-- (files in /docker-entrypoint-initdb.d). Roles are cluster-wide, so they are made here, never in a migration.
--
--   tally_owner   owns the database and the schema; Flyway runs as it (SPRING_FLYWAY_USER) and creates the tables
--   tally_worker  the worker's connections (SPRING_DATASOURCE_USERNAME): read and write the tables, nothing else
--
-- The passwords are for a local demo only.
CREATE ROLE tally_owner LOGIN PASSWORD 'tally-owner';
CREATE ROLE tally_worker LOGIN PASSWORD 'tally-worker';

ALTER DATABASE tally OWNER TO tally_owner;
ALTER SCHEMA public OWNER TO tally_owner;
REVOKE ALL ON DATABASE tally FROM PUBLIC;
GRANT CONNECT ON DATABASE tally TO tally_worker;
GRANT USAGE ON SCHEMA public TO tally_worker;

-- The tables do not exist yet: the migrations create them later, as tally_owner. Every table tally_owner creates
-- in public from now on is readable and writable by tally_worker, which is exactly this grant on its tables:
--   GRANT SELECT, INSERT, UPDATE ON accounts, transfers, account_openings, partition_offsets, holds,
--         hold_resolutions, linked_transfers, linked_legs, account_closings TO tally_worker;
-- Flyway's own flyway_schema_history gets the same default grant; the worker never touches it. To close that too,
-- run once after the first start: REVOKE INSERT, UPDATE ON flyway_schema_history FROM tally_worker;
ALTER DEFAULT PRIVILEGES FOR ROLE tally_owner IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE ON TABLES TO tally_worker;
-- The worker numbers its batches' movements from a sequence (statements list them in decision order).
ALTER DEFAULT PRIVILEGES FOR ROLE tally_owner IN SCHEMA public
    GRANT USAGE ON SEQUENCES TO tally_worker;
