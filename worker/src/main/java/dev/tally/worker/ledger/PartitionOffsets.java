package dev.tally.worker.ledger;

import java.util.HashMap;
import java.util.Map;
import java.util.SortedSet;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code partition_offsets} table: the next offset to decide, per commands partition. Locking a partition's row
 * first in every transaction serializes all deciders of that partition, a stale consumer included.
 */
@Repository
class PartitionOffsets {

    // Ordered, like every lock Tally takes, so that two transactions locking overlapping partitions cannot deadlock.
    private static final String LOCK = """
            SELECT kafka_partition, next_offset
            FROM partition_offsets
            WHERE topic = ? AND kafka_partition = ANY(?)
            ORDER BY kafka_partition
            FOR UPDATE
            """;

    private static final String CREATE = """
            INSERT INTO partition_offsets (topic, kafka_partition, next_offset)
            SELECT ?, p, 0
            FROM unnest(?::integer[]) AS p
            ORDER BY p
            ON CONFLICT DO NOTHING
            """;

    private static final String ADVANCE = """
            UPDATE partition_offsets AS o
            SET next_offset = d.next_offset, updated_at = now()
            FROM unnest(?::integer[], ?::bigint[]) AS d(kafka_partition, next_offset)
            WHERE o.topic = ? AND o.kafka_partition = d.kafka_partition AND o.next_offset < d.next_offset
            """;

    private final JdbcClient jdbc;

    PartitionOffsets(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Locks the rows of the topic's partitions, creating missing ones, and returns each one's next offset. */
    Map<Integer, Long> lockNext(String topic, SortedSet<Integer> partitions) {
        Integer[] values = partitions.toArray(Integer[]::new);
        Map<Integer, Long> next = lock(topic, values);
        if (next.size() < values.length) {
            jdbc.sql(CREATE).param(topic).param(values).update();
            next = lock(topic, values);
        }
        return next;
    }

    /** Moves the partitions' next offsets forward (never back). */
    void advance(String topic, Map<Integer, Long> next) {
        if (next.isEmpty()) {
            return;
        }
        jdbc.sql(ADVANCE)
                .param(next.keySet().toArray(Integer[]::new))
                .param(next.values().toArray(Long[]::new))
                .param(topic)
                .update();
    }

    private Map<Integer, Long> lock(String topic, Integer[] partitions) {
        Map<Integer, Long> next = new HashMap<>();
        jdbc.sql(LOCK).param(topic).param(partitions)
                .query((rs, rowNum) -> next.put(rs.getInt(1), rs.getLong(2)))
                .list();
        return next;
    }
}
