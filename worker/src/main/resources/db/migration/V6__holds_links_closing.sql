-- Contract v1.1: holds (pending transfers), posts and voids, linked transfers, closed accounts, statements.

-- Pending totals are the amounts of an account's unreleased holds. A hold past its expiry is released (its amount
-- taken off both totals) by the first transaction that locks one of its accounts; reads count only live holds.
ALTER TABLE accounts
    ADD COLUMN pending_debits  bigint  NOT NULL DEFAULT 0,
    ADD COLUMN pending_credits bigint  NOT NULL DEFAULT 0,
    ADD COLUMN closed          boolean NOT NULL DEFAULT false,
    ADD CONSTRAINT accounts_pending_not_negative CHECK (pending_debits >= 0 AND pending_credits >= 0),
    -- Held money cannot be spent twice: the available balance (balance - pending debits) keeps the floor. In
    -- numeric, so that the check itself can never overflow.
    ADD CONSTRAINT accounts_available_above_floor
        CHECK (overdraft_limit IS NULL OR balance::numeric - pending_debits >= -overdraft_limit),
    ADD CONSTRAINT accounts_closed_empty
        CHECK (NOT closed OR (balance = 0 AND pending_debits = 0 AND pending_credits = 0));

-- One row per decided pending transfer id (its idempotency record), and the hold's state.
CREATE TABLE holds (
    id                uuid PRIMARY KEY,
    debit_account_id  text COLLATE "C" NULL,
    credit_account_id text COLLATE "C" NULL,
    amount            bigint      NULL,
    currency          text        NULL,
    reference         text        NULL,
    timeout_seconds   bigint      NULL,
    status            text        NOT NULL,
    reason            text        NULL,
    detail            text        NULL,
    debit_balance     bigint      NULL,
    credit_balance    bigint      NULL,
    expires_at        timestamptz NULL,
    -- PENDING, POSTED, VOIDED or EXPIRED (released after its expiry); NULL for a rejected pending transfer.
    state             text        NULL,
    posted_amount     bigint      NULL,
    resolved_by       uuid        NULL,
    resolved_at       timestamptz NULL,
    fields_hash       bytea       NOT NULL,
    source_topic      text        NOT NULL,
    source_partition  integer     NOT NULL,
    source_offset     bigint      NOT NULL,
    decided_at        timestamptz NOT NULL,
    CONSTRAINT holds_status CHECK (status IN ('APPLIED', 'REJECTED')),
    CONSTRAINT holds_reason_iff_rejected CHECK ((status = 'REJECTED') = (reason IS NOT NULL)),
    CONSTRAINT holds_state_iff_applied CHECK ((status = 'APPLIED') = (state IS NOT NULL)),
    CONSTRAINT holds_state CHECK (state IN ('PENDING', 'POSTED', 'VOIDED', 'EXPIRED')),
    CONSTRAINT holds_applied_complete CHECK (status = 'REJECTED' OR (
        debit_account_id IS NOT NULL AND credit_account_id IS NOT NULL AND debit_account_id <> credit_account_id
        AND amount > 0 AND currency IS NOT NULL)),
    -- A post moves at most the held amount, and only a posted hold has a posted amount.
    CONSTRAINT holds_posted_within_held CHECK (posted_amount IS NULL OR (posted_amount > 0 AND posted_amount <= amount)),
    CONSTRAINT holds_posted_iff_state CHECK ((state = 'POSTED') = (posted_amount IS NOT NULL))
);

-- The live holds of an account, as debit and as credit account.
CREATE INDEX holds_pending_debits ON holds (debit_account_id) WHERE state = 'PENDING';
CREATE INDEX holds_pending_credits ON holds (credit_account_id) WHERE state = 'PENDING';

-- One row per decided post_pending or void_pending id. An applied post moved amount from debit to credit.
CREATE TABLE hold_resolutions (
    id                uuid PRIMARY KEY,
    type              text        NOT NULL,
    pending_id        uuid        NULL,
    debit_account_id  text COLLATE "C" NULL,
    credit_account_id text COLLATE "C" NULL,
    amount            bigint      NULL,
    currency          text        NULL,
    status            text        NOT NULL,
    reason            text        NULL,
    detail            text        NULL,
    debit_balance     bigint      NULL,
    credit_balance    bigint      NULL,
    decision_seq      bigint      NULL,
    fields_hash       bytea       NOT NULL,
    source_topic      text        NOT NULL,
    source_partition  integer     NOT NULL,
    source_offset     bigint      NOT NULL,
    decided_at        timestamptz NOT NULL,
    CONSTRAINT hold_resolutions_type CHECK (type IN ('post_pending', 'void_pending')),
    CONSTRAINT hold_resolutions_status CHECK (status IN ('APPLIED', 'REJECTED')),
    CONSTRAINT hold_resolutions_reason_iff_rejected CHECK ((status = 'REJECTED') = (reason IS NOT NULL)),
    CONSTRAINT hold_resolutions_applied_complete CHECK (status = 'REJECTED' OR (
        pending_id IS NOT NULL AND debit_account_id IS NOT NULL AND credit_account_id IS NOT NULL
        AND amount > 0 AND currency IS NOT NULL AND debit_balance IS NOT NULL AND credit_balance IS NOT NULL))
);

CREATE INDEX hold_resolutions_posted_debits ON hold_resolutions (debit_account_id, decision_seq)
    WHERE status = 'APPLIED' AND type = 'post_pending';
CREATE INDEX hold_resolutions_posted_credits ON hold_resolutions (credit_account_id, decision_seq)
    WHERE status = 'APPLIED' AND type = 'post_pending';

-- One row per decided linked_transfers id, and one row per leg of an applied one.
CREATE TABLE linked_transfers (
    id               uuid PRIMARY KEY,
    status           text        NOT NULL,
    reason           text        NULL,
    detail           text        NULL,
    failed_leg       integer     NULL,
    leg_count        integer     NULL,
    fields_hash      bytea       NOT NULL,
    source_topic     text        NOT NULL,
    source_partition integer     NOT NULL,
    source_offset    bigint      NOT NULL,
    decided_at       timestamptz NOT NULL,
    CONSTRAINT linked_transfers_status CHECK (status IN ('APPLIED', 'REJECTED')),
    CONSTRAINT linked_transfers_reason_iff_rejected CHECK ((status = 'REJECTED') = (reason IS NOT NULL))
);

CREATE TABLE linked_legs (
    linked_id         uuid        NOT NULL REFERENCES linked_transfers (id),
    leg               integer     NOT NULL,
    debit_account_id  text COLLATE "C" NOT NULL,
    credit_account_id text COLLATE "C" NOT NULL,
    amount            bigint      NOT NULL,
    currency          text        NOT NULL,
    reference         text        NULL,
    debit_balance     bigint      NOT NULL,
    credit_balance    bigint      NOT NULL,
    decision_seq      bigint      NOT NULL,
    decided_at        timestamptz NOT NULL,
    PRIMARY KEY (linked_id, leg),
    CONSTRAINT linked_legs_amount CHECK (amount > 0 AND debit_account_id <> credit_account_id)
);

CREATE INDEX linked_legs_debits ON linked_legs (debit_account_id, decision_seq);
CREATE INDEX linked_legs_credits ON linked_legs (credit_account_id, decision_seq);

-- One row per decided close_account id.
CREATE TABLE account_closings (
    id               uuid PRIMARY KEY,
    account_id       text COLLATE "C" NULL,
    status           text        NOT NULL,
    reason           text        NULL,
    detail           text        NULL,
    fields_hash      bytea       NOT NULL,
    source_topic     text        NOT NULL,
    source_partition integer     NOT NULL,
    source_offset    bigint      NOT NULL,
    decided_at       timestamptz NOT NULL,
    CONSTRAINT account_closings_status CHECK (status IN ('APPLIED', 'REJECTED')),
    CONSTRAINT account_closings_reason_iff_rejected CHECK ((status = 'REJECTED') = (reason IS NOT NULL))
);

-- Statements: every movement of posted money carries its place in decision order. A batch takes one number from
-- decision_batches after it holds every row lock it needs, and numbers its movements below it, so that for any one
-- account the numbers grow in exactly the order its movements were decided.
ALTER TABLE transfers ADD COLUMN decision_seq bigint NULL;

-- Movements decided before this migration keep the order of their decision times and Kafka positions.
UPDATE transfers AS t
SET decision_seq = o.seq
FROM (SELECT id, row_number() OVER (ORDER BY decided_at, source_partition, source_offset, id) AS seq
      FROM transfers
      WHERE status = 'APPLIED') AS o
WHERE t.id = o.id;

CREATE SEQUENCE decision_batches;
SELECT setval('decision_batches', (SELECT COALESCE(MAX(decision_seq), 0) FROM transfers) / 2097152 + 1);

DROP INDEX transfers_applied_debits;
DROP INDEX transfers_applied_credits;
CREATE INDEX transfers_applied_debits ON transfers (debit_account_id, decision_seq) WHERE status = 'APPLIED';
CREATE INDEX transfers_applied_credits ON transfers (credit_account_id, decision_seq) WHERE status = 'APPLIED';

-- Every movement of posted money, whatever command made it: plain transfers, posts of holds, legs of linked
-- transfers. An account's balance equals its credits minus its debits here.
CREATE VIEW movements AS
SELECT id AS command_id, 'transfer' AS type, NULL::integer AS leg, debit_account_id, credit_account_id, amount,
       currency, debit_balance, credit_balance, decision_seq, decided_at
FROM transfers
WHERE status = 'APPLIED'
UNION ALL
SELECT id, 'post_pending', NULL, debit_account_id, credit_account_id, amount,
       currency, debit_balance, credit_balance, decision_seq, decided_at
FROM hold_resolutions
WHERE status = 'APPLIED' AND type = 'post_pending'
UNION ALL
SELECT linked_id, 'linked_transfers', leg, debit_account_id, credit_account_id, amount,
       currency, debit_balance, credit_balance, decision_seq, decided_at
FROM linked_legs;
