package dev.tally.worker.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.AfterRollbackProcessor;
import org.springframework.kafka.listener.ContainerProperties.EOSMode;
import org.springframework.kafka.listener.ListenerUtils;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

/**
 * After a poll's Kafka transaction failed — the listener threw, the commit failed, or the producer was fenced —
 * puts every partition of the poll back where the consumer group's committed offsets say, so that the next poll
 * reads again exactly the records whose outcomes were not committed. Nothing is ever skipped: there is no
 * "recovery" that gives up on a record.
 *
 * <p>Why committed offsets and not simply the first offsets of the poll: a commit that failed with an unknown
 * outcome (a timeout) may still have taken effect. Reading the poll again then would publish its results a second
 * time. A {@code read_committed} consumer's offset lookup waits until no transaction is open on the partitions
 * (Kafka answers it only with stable offsets), so it tells which way the failed transaction went. While the broker
 * does not answer, the lookup is retried with the back-off; meanwhile the consumer stays at the poll's first
 * offsets, which lose nothing.
 *
 * <p>The back-off paces retries of a poll that failed; a poll that only lost its offset commit to a rebalance is read
 * again at once (see {@link #lostToRebalance}).
 */
final class ResumeFromCommittedOffsets implements AfterRollbackProcessor<byte[], byte[]> {

    private static final Logger log = LoggerFactory.getLogger(ResumeFromCommittedOffsets.class);
    /** How long one lookup of the committed offsets may wait; an open transaction must end within its timeout. */
    static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(30);
    /** Polls in a row that a rebalance failed and that are read again without a back-off. */
    static final int REBALANCE_RETRIES_AT_ONCE = 3;

    private final BackOff backOff;
    private final PollFailures failures;
    private final Map<Thread, BackOffExecution> backOffs = new ConcurrentHashMap<>();
    private final Map<Thread, Long> lastIntervals = new ConcurrentHashMap<>();
    private final Map<Thread, Integer> rebalanceFailures = new ConcurrentHashMap<>();

    ResumeFromCommittedOffsets(BackOff backOff, PollFailures failures) {
        this.backOff = backOff;
        this.failures = failures;
    }

    @Override
    public void process(List<ConsumerRecord<byte[], byte[]>> records, Consumer<byte[], byte[]> consumer,
                        MessageListenerContainer container, Exception exception, boolean recoverable,
                        EOSMode eosMode) {
        Map<TopicPartition, Long> firstOffsets = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            firstOffsets.putIfAbsent(new TopicPartition(record.topic(), record.partition()), record.offset());
        }
        // At once, so that whatever happens below, the next poll cannot go on past this one.
        firstOffsets.forEach((partition, offset) -> {
            seek(consumer, partition, offset);
            failures.failed(partition, offset, exception);
        });
        try {
            if (!lostToRebalance(exception)) {
                ListenerUtils.unrecoverableBackOff(backOff, backOffs, lastIntervals, container);
            } else {
                // A rebalance, not a fault: the next poll completes it and reads the poll again at once, if this
                // consumer still owns the partitions. The database kept the decisions, which are answered again.
                rebalanceFailures.merge(Thread.currentThread(), 1, Integer::sum);
            }
            resumeFromCommitted(consumer, firstOffsets, container);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void resumeFromCommitted(Consumer<byte[], byte[]> consumer, Map<TopicPartition, Long> firstOffsets,
                                     MessageListenerContainer container) throws InterruptedException {
        while (container.isRunning()) {
            Map<TopicPartition, OffsetAndMetadata> committed;
            try {
                committed = consumer.committed(firstOffsets.keySet(), LOOKUP_TIMEOUT);
            } catch (RuntimeException e) {
                log.warn("the committed offsets of {} could not be read ({}); trying again, reading from the "
                        + "first offsets of the failed poll meanwhile", firstOffsets.keySet(), e.toString());
                ListenerUtils.unrecoverableBackOff(backOff, backOffs, lastIntervals, container);
                continue;
            }
            committed.forEach((partition, offset) -> {
                if (offset != null && offset.offset() != firstOffsets.get(partition)) {
                    log.warn("{}: the failed transaction's offsets are committed after all (next offset {}, the "
                            + "poll began at {}); resuming from the committed offset", partition, offset.offset(),
                            firstOffsets.get(partition));
                    seek(consumer, partition, offset.offset());
                }
            });
            return;
        }
    }

    /**
     * Whether the poll failed because the group moved on while it was being decided: its offsets, sent to the
     * transaction with the group's generation (or member epoch) of when it was polled, were refused as stale. This
     * happens in every incremental rebalance (the cooperative assignor, KIP-848's protocol), where members go on
     * deciding while partitions move. A poll refused for holding a paused client's records ({@link
     * ClientPausedException}) is read again at once too: the pause takes effect before the next poll. Only the first
     * few in a row skip the back-off, so that a refusal that does not
     * clear by itself cannot spin.
     */
    private boolean lostToRebalance(Exception exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof CommitFailedException || cause instanceof RebalanceInProgressException
                    || cause instanceof ClientPausedException) {
                return rebalanceFailures.getOrDefault(Thread.currentThread(), 0) < REBALANCE_RETRIES_AT_ONCE;
            }
        }
        return false;
    }

    private static void seek(Consumer<byte[], byte[]> consumer, TopicPartition partition, long offset) {
        try {
            consumer.seek(partition, offset);
        } catch (IllegalStateException revoked) {
            // No longer assigned to this consumer: its new owner starts from the committed offset anyway.
            log.debug("{} is no longer assigned; not seeking it", partition);
        }
    }

    @Override
    public void clearThreadState() {
        backOffs.remove(Thread.currentThread());
        lastIntervals.remove(Thread.currentThread());
        rebalanceFailures.remove(Thread.currentThread());
    }
}
