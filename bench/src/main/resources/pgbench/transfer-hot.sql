-- As transfer.sql, but every transfer credits the one hot account pgb-hot: its row lock is held until each commit
-- is flushed, so these transactions queue on it.
\set a random(1, :accounts)
\set amount random(1, 100)
BEGIN;
SELECT id FROM accounts WHERE id IN ('pgb-' || lpad(:a::text, 5, '0'), 'pgb-hot') ORDER BY id FOR UPDATE;
UPDATE accounts SET balance = balance - :amount, version = version + 1 WHERE id = 'pgb-' || lpad(:a::text, 5, '0') AND balance - :amount >= -overdraft_limit;
UPDATE accounts SET balance = balance + :amount, version = version + 1 WHERE id = 'pgb-hot';
INSERT INTO transfers (id, debit_account_id, credit_account_id, amount, currency, status, debit_balance, credit_balance, fields_hash, source_topic, source_partition, source_offset, decided_at) VALUES (gen_random_uuid(), 'pgb-' || lpad(:a::text, 5, '0'), 'pgb-hot', :amount, 'EUR', 'APPLIED', 0, 0, '\x00', 'pgbench', 0, 0, now());
END;
