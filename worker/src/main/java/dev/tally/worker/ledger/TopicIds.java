package dev.tally.worker.ledger;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * Kafka's id of each commands topic this instance reads, as the Kafka side learned it when the topic's partitions
 * were assigned. A topic deleted and created again under the same name has a new id and offsets that start again at
 * 0: {@link PartitionOffsets} compares its rows' ids with these, so that the new topic's records are never taken for
 * records of the old one. Learned once per assignment, never looked up per record.
 */
@Component
public class TopicIds {

    private final Map<String, UUID> ids = new ConcurrentHashMap<>();

    /** Records the id of {@code topic}, replacing the one learned before (the topic was recreated). */
    public void learned(String topic, UUID id) {
        ids.put(topic, id);
    }

    /** The id of {@code topic}, or {@code null} when it is not known (then offset rows are not compared by id). */
    public UUID of(String topic) {
        return ids.get(topic);
    }
}
