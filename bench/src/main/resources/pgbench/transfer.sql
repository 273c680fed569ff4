-- One transfer per transaction, doing what the worker does for one command: lock both rows in id order, debit with
-- a conditional atomic UPDATE, credit, and record the transfer. Accounts pgb-00001 .. pgb-NNNNN, :accounts of them.
\set a random(1, :accounts)
\set r random(1, :accounts - 1)
\set b 1 + (:a - 1 + :r) % :accounts
\set amount random(1, 100)
BEGIN;
SELECT id FROM accounts WHERE id IN ('pgb-' || lpad(:a::text, 5, '0'), 'pgb-' || lpad(:b::text, 5, '0')) ORDER BY id FOR UPDATE;
UPDATE accounts SET balance = balance - :amount, version = version + 1 WHERE id = 'pgb-' || lpad(:a::text, 5, '0') AND balance - :amount >= -overdraft_limit;
UPDATE accounts SET balance = balance + :amount, version = version + 1 WHERE id = 'pgb-' || lpad(:b::text, 5, '0');
INSERT INTO transfers (id, debit_account_id, credit_account_id, amount, currency, status, debit_balance, credit_balance, fields_hash, source_topic, source_partition, source_offset, decided_at) VALUES (gen_random_uuid(), 'pgb-' || lpad(:a::text, 5, '0'), 'pgb-' || lpad(:b::text, 5, '0'), :amount, 'EUR', 'APPLIED', 0, 0, '\x00', 'pgbench', 0, 0, now());
END;
