package dev.tally.worker.kafka;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TransactionAbortedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.support.ProducerListener;

/**
 * Logs the results and dead letters that could not be sent, in place of spring-kafka's {@code LoggingProducerListener},
 * which logs every failed record with its stack trace: hundreds of lines for one poll whose transaction was aborted.
 *
 * <p>A failed send fails its poll, whose failure the listener container logs once before it rolls the poll back and
 * reads it again, so nothing is lost. Records that failed only because their transaction was aborted or fenced say
 * nothing of their own and are logged at DEBUG. Any other failure (the broker refused a record, say) is logged at
 * ERROR with the record's topic and the cause, at most once a second, with the count of those left out since, and
 * reported to the {@link ClientGate} (through {@code onFailure}), which pauses the client whose topic cannot take it.
 */
final class SendFailureLog implements ProducerListener<byte[], byte[]> {

    private static final Logger log = LoggerFactory.getLogger(SendFailureLog.class);
    private static final long INTERVAL_NANOS = 1_000_000_000L;

    private final LongSupplier nanoTime;
    private final AtomicLong nextLogAt;
    private final AtomicLong leftOut = new AtomicLong();
    private final BiConsumer<String, Exception> onFailure;

    SendFailureLog(BiConsumer<String, Exception> onFailure) {
        this(System::nanoTime, onFailure);
    }

    SendFailureLog(LongSupplier nanoTime) {
        this(nanoTime, (topic, failure) -> { });
    }

    private SendFailureLog(LongSupplier nanoTime, BiConsumer<String, Exception> onFailure) {
        this.nanoTime = nanoTime;
        this.onFailure = onFailure;
        this.nextLogAt = new AtomicLong(nanoTime.getAsLong());
    }

    @Override
    public void onError(ProducerRecord<byte[], byte[]> record, RecordMetadata metadata, Exception exception) {
        if (endedWithItsTransaction(exception)) {
            log.debug("a record to {} was not sent: its transaction ended ({})", record.topic(), exception.toString());
            return;
        }
        onFailure.accept(record.topic(), exception);
        long now = nanoTime.getAsLong();
        long due = nextLogAt.get();
        if (now - due < 0 || !nextLogAt.compareAndSet(due, now + INTERVAL_NANOS)) {
            leftOut.incrementAndGet();
            return;
        }
        long more = leftOut.getAndSet(0);
        log.error("a record to {} could not be sent: {}; its poll is rolled back and read again{}", record.topic(),
                exception.toString(), more == 0 ? "" : " (" + more + " more such failures since the last of these)");
    }

    private static boolean endedWithItsTransaction(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof TransactionAbortedException || cause instanceof ProducerFencedException
                    || cause instanceof InvalidProducerEpochException || cause instanceof TransactionFencedException) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
