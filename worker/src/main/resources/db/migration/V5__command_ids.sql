-- One row per decided command id, whatever the command's type: the contract's single id space. Every decision
-- inserts its id here in the transaction that records it, so a second decision for an id cannot commit, even when
-- the two commands are of different types (and so are journaled in different tables) and arrive on different
-- partitions at once: the later inserter waits for the first, fails on the primary key, and retries.
CREATE TABLE command_ids (
    id         uuid PRIMARY KEY,
    type       text        NOT NULL,
    decided_at timestamptz NOT NULL
);

-- The backfill reads every decision; on a large journal that takes longer than the worker's statement timeout,
-- which applies to the connection Flyway borrows from the worker's pool.
SET LOCAL statement_timeout = 0;

-- Decisions made before this table existed. Should an id have been decided as both types (the race this table
-- closes), the earlier decision is the one that stands.
INSERT INTO command_ids (id, type, decided_at)
SELECT id, type, decided_at
FROM (SELECT id, 'transfer' AS type, decided_at FROM transfers
      UNION ALL
      SELECT id, 'open_account', decided_at FROM account_openings) AS decided
ORDER BY decided_at, type
ON CONFLICT (id) DO NOTHING;
