-- Contract v1.2: clients and authority. A client is a named principal ([a-z0-9][a-z0-9-]{0,39}) whose commands come
-- from its own topic. NULL, in every column below, means the operator: accounts and decisions made before v1.2
-- belong to the operator, so adding these columns changes no existing row's meaning.

-- The client that owns an account; only the owner (or the operator) may debit it, hold from it or close it.
ALTER TABLE accounts
    ADD COLUMN owner text NULL,
    ADD CONSTRAINT accounts_owner_format CHECK (owner ~ '^[a-z0-9][a-z0-9-]{0,39}$');

-- The principal that sent each decided command, beside its id (the single id space).
ALTER TABLE command_ids
    ADD COLUMN principal text NULL,
    ADD CONSTRAINT command_ids_principal_format CHECK (principal ~ '^[a-z0-9][a-z0-9-]{0,39}$');

-- ...and in each command type's own record, so that the journal alone says who moved what.
ALTER TABLE transfers ADD COLUMN principal text NULL;
ALTER TABLE holds ADD COLUMN principal text NULL;
ALTER TABLE hold_resolutions ADD COLUMN principal text NULL;
ALTER TABLE linked_transfers ADD COLUMN principal text NULL;
ALTER TABLE account_closings ADD COLUMN principal text NULL;
-- An opening also records the owner it asked for (NULL: none named), part of its fields.
ALTER TABLE account_openings
    ADD COLUMN principal text NULL,
    ADD COLUMN owner     text NULL;

-- Kafka's topic id beside the topic's name: a topic deleted and created again under the same name (a client removed
-- and added, say) has a new id, and its offsets start again, so its rows must never be mistaken for the old topic's.
-- NULL for rows written before v1.2 (the id is recorded the next time the partition is decided).
ALTER TABLE partition_offsets ADD COLUMN topic_id uuid NULL;
