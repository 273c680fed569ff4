package dev.tally.worker.kafka;

import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionAbortedException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client is paused after a failed send only when the failure is its topic's own — missing, not writable, or never
 * found in the broker's metadata — and not when the poll's transaction ended for everyone (an abort, a fence, a
 * rebalance) or the broker was slow: those would pause every client of the poll for nothing.
 */
class ClientGateTests {

    @Test
    void aMissingOrForbiddenTopicPausesItsClient() {
        assertThat(ClientGate.topicUnusable(new UnknownTopicOrPartitionException("gone"))).isTrue();
        assertThat(ClientGate.topicUnusable(new KafkaException("Send failed",
                new TopicAuthorizationException("no WRITE")))).isTrue();
        assertThat(ClientGate.topicUnusable(new KafkaException("Send failed", new TimeoutException(
                "Topic tally.client.a.results not present in metadata after 60000 ms.")))).isTrue();
    }

    @Test
    void aFailureOfTheWholeTransactionPausesNoClient() {
        assertThat(ClientGate.topicUnusable(new TransactionAbortedException("aborted"))).isFalse();
        assertThat(ClientGate.topicUnusable(new ProducerFencedException("fenced"))).isFalse();
        assertThat(ClientGate.topicUnusable(new KafkaException(new CommitFailedException("rebalance")))).isFalse();
        assertThat(ClientGate.topicUnusable(new TimeoutException("Expiring 3 record(s): 120000 ms has passed")))
                .isFalse();
    }
}
