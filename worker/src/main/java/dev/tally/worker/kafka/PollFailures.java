package dev.tally.worker.kafka;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.stereotype.Component;

/**
 * The partitions of this instance whose poll keeps failing at the same offset. A poll is never skipped, so a
 * failure that never clears by itself — a result the broker refuses, a stored outcome this version cannot read — stops
 * its partition until someone acts; this is how the worker says so. A partition counts as stuck from
 * {@link #ATTEMPTS_BEFORE_STUCK} failed attempts at one offset on, and is cleared by the first commit that covers it
 * or when it is revoked from this instance.
 */
@Component
public class PollFailures {

    /** Enough attempts that a short outage (a deadlock, a broker leader change) does not count. */
    public static final int ATTEMPTS_BEFORE_STUCK = 5;
    private static final int ERROR_CHARS = 300;

    /**
     * @param offset   the offset the failing poll begins at
     * @param since    when it first failed at that offset
     * @param attempts failed attempts at that offset
     * @param error    the most specific cause of the last failure, cut to 300 characters
     */
    public record Failure(long offset, Instant since, int attempts, String error) {
    }

    private final Map<TopicPartition, Failure> failing = new ConcurrentHashMap<>();
    private final ThreadLocal<List<ConsumerRecord<byte[], byte[]>>> inTransaction = new ThreadLocal<>();
    private final Clock clock;

    PollFailures() {
        this(Clock.systemUTC());
    }

    PollFailures(Clock clock) {
        this.clock = clock;
    }

    /** The partitions stuck now, each with its failure; empty when none. */
    public Map<TopicPartition, Failure> stuck() {
        Map<TopicPartition, Failure> stuck = new java.util.TreeMap<>(
                java.util.Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        failing.forEach((partition, failure) -> {
            if (failure.attempts() >= ATTEMPTS_BEFORE_STUCK) {
                stuck.put(partition, failure);
            }
        });
        return stuck;
    }

    void failed(TopicPartition partition, long offset, Exception error) {
        inTransaction.remove();
        String cause = NestedExceptionUtils.getMostSpecificCause(error).toString();
        String text = cause.length() <= ERROR_CHARS ? cause : cause.substring(0, ERROR_CHARS);
        Instant now = clock.instant();
        failing.merge(partition, new Failure(offset, now, 1, text), (before, latest) -> before.offset() == offset
                ? new Failure(offset, before.since(), before.attempts() + 1, text)
                : latest);
    }

    /** Whether any partition has failed since its last commit: the only case in which a poll has work here. */
    boolean any() {
        return !failing.isEmpty();
    }

    /** Remembers the poll the listener of this thread has just processed, until its transaction ends. */
    void polled(List<ConsumerRecord<byte[], byte[]>> poll) {
        inTransaction.set(poll);
    }

    /** The Kafka transaction of this thread committed: the partitions of its poll are no longer failing. */
    void committed() {
        List<ConsumerRecord<byte[], byte[]>> poll = inTransaction.get();
        if (poll != null) {
            inTransaction.remove();
            for (ConsumerRecord<byte[], byte[]> record : poll) {
                failing.remove(new TopicPartition(record.topic(), record.partition()));
            }
        }
    }

    void revoked(Collection<TopicPartition> partitions) {
        partitions.forEach(failing::remove);
    }
}
