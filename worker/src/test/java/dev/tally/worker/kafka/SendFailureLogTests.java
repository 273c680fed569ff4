package dev.tally.worker.kafka;

import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TransactionAbortedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** A failed send is logged once, without a stack trace, and not at all when only its transaction ended. */
@ExtendWith(OutputCaptureExtension.class)
class SendFailureLogTests {

    private static final ProducerRecord<byte[], byte[]> RESULT = new ProducerRecord<>("tally.results", new byte[1]);

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final SendFailureLog log = new SendFailureLog(now::get);

    @Test
    void recordsOfAnAbortedOrFencedTransactionAreNotLoggedAsErrors(CapturedOutput output) {
        for (int i = 0; i < 500; i++) {
            log.onError(RESULT, null, new TransactionAbortedException("Failing batch since transaction was aborted"));
        }
        log.onError(RESULT, null, new InvalidProducerEpochException("Producer attempted to produce with an old epoch."));
        log.onError(RESULT, null, new KafkaException("wrapped", new TransactionFencedException(
                new ProducerFencedException("fenced"))));

        assertThat(output.getAll()).doesNotContain("ERROR").doesNotContain("could not be sent");
    }

    @Test
    void aRefusedRecordIsLoggedOnceASecondWithTheCountLeftOut(CapturedOutput output) {
        RecordTooLargeException refused = new RecordTooLargeException("The request included a message larger than "
                + "the max message size the server will accept.");
        for (int i = 0; i < 300; i++) {
            log.onError(RESULT, null, refused);
        }
        assertThat(errorLines(output)).isEqualTo(1);
        assertThat(output.getAll()).contains("a record to tally.results could not be sent: " + refused)
                .doesNotContain("\tat org.apache.kafka");

        now.addAndGet(1_000_000_000L);
        log.onError(RESULT, null, refused);

        assertThat(errorLines(output)).isEqualTo(2);
        assertThat(output.getAll()).contains("(299 more such failures since the last of these)");
    }

    private static long errorLines(CapturedOutput output) {
        return output.getAll().lines().filter(line -> line.contains("could not be sent")).count();
    }
}
