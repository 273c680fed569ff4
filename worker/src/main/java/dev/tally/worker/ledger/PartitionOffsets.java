package dev.tally.worker.ledger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code partition_offsets} table: the next offset to decide, per commands partition, and Kafka's id of the
 * topic it counts for. Locking a partition's row first in every transaction serializes all deciders of that
 * partition, a stale consumer included.
 *
 * <p>A row whose topic id differs from the topic's current id ({@link TopicIds}) counts offsets of a topic that was
 * deleted since, whose name was given to a new topic: its offsets start again at 0, so the row does too. A row
 * written before topic ids were recorded (id {@code NULL}) is taken to count for the current topic and gets its id.
 */
@Repository
class PartitionOffsets {

    private static final Logger log = LoggerFactory.getLogger(PartitionOffsets.class);

    // Ordered, like every lock Tally takes, so that two transactions locking overlapping partitions cannot deadlock.
    private static final String LOCK = """
            SELECT kafka_partition, next_offset, topic_id
            FROM partition_offsets
            WHERE topic = ? AND kafka_partition = ANY(?)
            ORDER BY kafka_partition
            FOR UPDATE
            """;

    private static final String CREATE = """
            INSERT INTO partition_offsets (topic, kafka_partition, next_offset, topic_id)
            SELECT ?, p, 0, ?::uuid
            FROM unnest(?::integer[]) AS p
            ORDER BY p
            ON CONFLICT DO NOTHING
            """;

    // Only for rows locked above whose id is not the topic's: a recreated topic starts again at offset 0.
    private static final String ADOPT = """
            UPDATE partition_offsets
            SET topic_id = ?,
                next_offset = CASE WHEN topic_id IS NULL THEN next_offset ELSE 0 END,
                updated_at = now()
            WHERE topic = ? AND kafka_partition = ANY(?)
            """;

    private static final String ADVANCE = """
            UPDATE partition_offsets AS o
            SET next_offset = d.next_offset, updated_at = now()
            FROM unnest(?::integer[], ?::bigint[]) AS d(kafka_partition, next_offset)
            WHERE o.topic = ? AND o.kafka_partition = d.kafka_partition AND o.next_offset < d.next_offset
            """;

    private final JdbcClient jdbc;
    private final TopicIds topicIds;

    PartitionOffsets(JdbcClient jdbc, TopicIds topicIds) {
        this.jdbc = jdbc;
        this.topicIds = topicIds;
    }

    /**
     * Locks the rows of the topic's partitions, creating missing ones, and returns each one's next offset: 0 for a
     * row that counted offsets of an earlier topic of the same name.
     */
    Map<Integer, Long> lockNext(String topic, SortedSet<Integer> partitions) {
        UUID topicId = topicIds.of(topic);
        Integer[] values = partitions.toArray(Integer[]::new);
        Map<Integer, Row> rows = lock(topic, values);
        if (rows.size() < values.length) {
            jdbc.sql(CREATE).param(topic).param(topicId).param(values).update();
            rows = lock(topic, values);
        }
        Map<Integer, Long> next = new HashMap<>();
        List<Integer> adopted = new ArrayList<>();
        rows.forEach((partition, row) -> {
            if (topicId != null && !topicId.equals(row.topicId())) {
                adopted.add(partition);
                if (row.topicId() != null) {
                    log.warn("{}-{}: the topic was recreated (id {}, was {}); its offsets start again at 0, where "
                            + "{} was the next offset of the old topic", topic, partition, topicId, row.topicId(),
                            row.next());
                    next.put(partition, 0L);
                    return;
                }
            }
            next.put(partition, row.next());
        });
        if (!adopted.isEmpty()) {
            jdbc.sql(ADOPT).param(topicId).param(topic).param(adopted.toArray(Integer[]::new)).update();
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

    private Map<Integer, Row> lock(String topic, Integer[] partitions) {
        Map<Integer, Row> rows = new HashMap<>();
        jdbc.sql(LOCK).param(topic).param(partitions)
                .query((rs, rowNum) -> rows.put(rs.getInt(1), new Row(rs.getLong(2), rs.getObject(3, UUID.class))))
                .list();
        return rows;
    }

    private record Row(long next, UUID topicId) {
    }
}
