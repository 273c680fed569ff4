package dev.tally.worker.kafka;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import dev.tally.contracts.Headers;
import dev.tally.contracts.ParsedRecord;
import dev.tally.worker.metrics.CommandMetrics;

/**
 * Copies a record that is not a command to its topic's dead-letter topic (the operator's, or the client's whose topic
 * it came from): the original key, value and headers unchanged,
 * plus the reason, a detail sentence and where the original was read from. It is sent in the listener's Kafka
 * transaction, so the dead letter and the consumer offset past the original become visible together or not at all.
 */
@Component
class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final KafkaTemplate<byte[], byte[]> kafka;
    private final CommandMetrics metrics;
    private final ClientGate gate;

    DeadLetters(KafkaTemplate<byte[], byte[]> kafka, CommandMetrics metrics, ClientGate gate) {
        this.kafka = kafka;
        this.metrics = metrics;
        this.gate = gate;
    }

    void publish(ConsumerRecord<byte[], byte[]> original, ParsedRecord.Unusable unusable, String topic) {
        ProducerRecord<byte[], byte[]> letter = new ProducerRecord<>(topic, null, original.key(), original.value());
        for (Header header : original.headers()) {
            letter.headers().add(header);
        }
        letter.headers()
                .add(Headers.DLT_REASON, utf8(unusable.reason().code()))
                .add(Headers.DLT_DETAIL, utf8(unusable.detail()))
                .add(Headers.DLT_ORIGINAL_TOPIC, utf8(original.topic()))
                .add(Headers.DLT_ORIGINAL_PARTITION, utf8(Integer.toString(original.partition())))
                .add(Headers.DLT_ORIGINAL_OFFSET, utf8(Long.toString(original.offset())));
        // Straight to the transaction's producer: the template's observation (on when tracing is) would replace the
        // original's traceparent header with its own, and a dead letter keeps the original's headers unchanged.
        kafka.execute(producer -> producer.send(letter, (metadata, failure) -> {
            if (failure != null) {
                gate.sendFailed(topic, failure);
            }
        }));
        metrics.deadLettered(unusable.reason());
        log.warn("record {}-{}@{} is not a command ({}: {}); copied to {}", original.topic(), original.partition(),
                original.offset(), unusable.reason().code(), unusable.detail(), topic);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
