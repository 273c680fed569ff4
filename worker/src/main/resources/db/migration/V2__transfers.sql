-- One row per decided transfer command id: the idempotency record and the journal.
-- Business columns are NULL only for a command rejected because its own fields broke the contract.
CREATE TABLE transfers (
    id                uuid PRIMARY KEY,
    debit_account_id  text COLLATE "C" NULL,
    credit_account_id text COLLATE "C" NULL,
    amount            bigint      NULL,
    currency          text        NULL,
    reference         text        NULL,
    status            text        NOT NULL,
    reason            text        NULL,
    detail            text        NULL,
    debit_balance     bigint      NULL,
    credit_balance    bigint      NULL,
    -- SHA-256 of the command's fields: a later record with this id and another hash reused the id.
    fields_hash       bytea       NOT NULL,
    source_topic      text        NOT NULL,
    source_partition  integer     NOT NULL,
    source_offset     bigint      NOT NULL,
    decided_at        timestamptz NOT NULL,
    CONSTRAINT transfers_status CHECK (status IN ('APPLIED', 'REJECTED')),
    CONSTRAINT transfers_reason_iff_rejected CHECK ((status = 'REJECTED') = (reason IS NOT NULL)),
    CONSTRAINT transfers_applied_complete CHECK (status = 'REJECTED' OR (
        debit_account_id IS NOT NULL AND credit_account_id IS NOT NULL AND debit_account_id <> credit_account_id
        AND amount > 0 AND currency IS NOT NULL AND debit_balance IS NOT NULL AND credit_balance IS NOT NULL))
);

-- Reconciliation reads an account's applied debits and credits.
CREATE INDEX transfers_applied_debits ON transfers (debit_account_id) WHERE status = 'APPLIED';
CREATE INDEX transfers_applied_credits ON transfers (credit_account_id) WHERE status = 'APPLIED';
