package dev.tally.worker.ledger;

import java.util.Objects;

/** Where a command record was read from: the identity of one delivery-independent Kafka record. */
public record RecordSource(String topic, int partition, long offset) {

    public RecordSource {
        Objects.requireNonNull(topic, "topic");
        if (partition < 0 || offset < 0) {
            throw new IllegalArgumentException("partition and offset must be >= 0");
        }
    }

    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset;
    }
}
