-- One row per decided open_account command id: its idempotency record.
CREATE TABLE account_openings (
    id               uuid PRIMARY KEY,
    account_id       text COLLATE "C" NULL,
    currency         text        NULL,
    overdraft_limit  bigint      NULL,
    unbounded        boolean     NULL,
    status           text        NOT NULL,
    reason           text        NULL,
    detail           text        NULL,
    fields_hash      bytea       NOT NULL,
    source_topic     text        NOT NULL,
    source_partition integer     NOT NULL,
    source_offset    bigint      NOT NULL,
    decided_at       timestamptz NOT NULL,
    CONSTRAINT account_openings_status CHECK (status IN ('APPLIED', 'REJECTED')),
    CONSTRAINT account_openings_reason_iff_rejected CHECK ((status = 'REJECTED') = (reason IS NOT NULL))
);
