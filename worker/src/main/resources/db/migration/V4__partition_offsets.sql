-- The next offset to decide, per commands partition. Read with a row lock and advanced in the same transaction as
-- the decision, it keeps a stale consumer (one whose partition was reassigned while it still ran) from deciding a
-- record out of order: a record below next_offset was decided already and only its stored outcome is republished.
CREATE TABLE partition_offsets (
    topic           text        NOT NULL,
    kafka_partition integer     NOT NULL,
    next_offset     bigint      NOT NULL,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (topic, kafka_partition)
);
