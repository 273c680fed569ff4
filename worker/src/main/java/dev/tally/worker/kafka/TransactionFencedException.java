package dev.tally.worker.kafka;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ProducerFencedException;

/**
 * The worker's Kafka transaction was fenced: another producer started with the same transactional id (a second
 * instance with the same {@code tally.worker.instance-id}), or the broker bumped the producer's epoch. The
 * transaction is aborted, and nothing of it — results, dead letters, consumer offsets — becomes visible.
 *
 * <p>It stands in for {@link ProducerFencedException}, which spring-kafka's listener container only logs: it neither
 * rolls the poll back through the after-rollback processor nor moves the consumer back, so the next poll would go on
 * past records whose outcomes were never committed. As an ordinary failure the poll is read again from the committed
 * offsets instead, and the ledger answers its commands from their stored outcomes.
 */
final class TransactionFencedException extends KafkaException {

    TransactionFencedException(ProducerFencedException fenced) {
        super("the Kafka transaction was fenced: " + fenced.getMessage(), fenced);
    }
}
