package dev.tally.worker.ledger;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code partition_offsets} table: the next offset to decide, per commands partition. Locking its row first in
 * every transaction serializes all deciders of one partition, a stale consumer included.
 */
@Repository
class PartitionOffsets {

    private static final String LOCK = """
            SELECT next_offset
            FROM partition_offsets
            WHERE topic = :topic AND kafka_partition = :partition
            FOR UPDATE
            """;

    private static final String CREATE = """
            INSERT INTO partition_offsets (topic, kafka_partition, next_offset)
            VALUES (:topic, :partition, 0)
            ON CONFLICT DO NOTHING
            """;

    private static final String ADVANCE = """
            UPDATE partition_offsets
            SET next_offset = :next, updated_at = now()
            WHERE topic = :topic AND kafka_partition = :partition
            """;

    private final JdbcClient jdbc;

    PartitionOffsets(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Locks the partition's row, creating it on first use, and returns its next offset. */
    long lockNext(String topic, int partition) {
        Long next = lock(topic, partition);
        if (next == null) {
            jdbc.sql(CREATE).param("topic", topic).param("partition", partition).update();
            next = lock(topic, partition);
        }
        return next;
    }

    void advance(String topic, int partition, long next) {
        jdbc.sql(ADVANCE).param("next", next).param("topic", topic).param("partition", partition).update();
    }

    private Long lock(String topic, int partition) {
        return jdbc.sql(LOCK).param("topic", topic).param("partition", partition).query(Long.class)
                .optional().orElse(null);
    }
}
