-- The book of record. Ids use the "C" collation so that ORDER BY id is bytewise, the same order Java locks in.
CREATE TABLE accounts (
    id              text COLLATE "C" PRIMARY KEY,
    currency        text        NOT NULL,
    balance         bigint      NOT NULL DEFAULT 0,
    -- NULL means unbounded: a funding account, through which money enters the system.
    overdraft_limit bigint      NULL,
    version         bigint      NOT NULL DEFAULT 0,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT accounts_id_format CHECK (id ~ '^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,63}$'),
    CONSTRAINT accounts_currency_format CHECK (currency ~ '^[A-Z]{3}$'),
    CONSTRAINT accounts_overdraft_limit_not_negative CHECK (overdraft_limit >= 0),
    -- The database itself refuses a balance below the floor, whatever the application does.
    CONSTRAINT accounts_balance_above_floor CHECK (overdraft_limit IS NULL OR balance >= -overdraft_limit)
);
