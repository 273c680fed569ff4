package dev.tally.producer.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import dev.tally.contracts.CommandId;
import dev.tally.contracts.Reason;
import dev.tally.contracts.Result;
import dev.tally.contracts.WireCodec;

/**
 * Reads the results topic from its beginning to its current end, once, on a consumer of its own, looking for one
 * id's decision. This is how a client awaits an id decided longer ago than its recent results reach back.
 */
final class ResultScan {

    private ResultScan() {
    }

    /**
     * @return the id's original (non-replay) result if the topic holds one, else a replay carrying the stored
     * outcome, else empty
     */
    static Optional<Result> find(Map<String, Object> consumerConfig, List<TopicPartition> partitions, CommandId id,
                                 Duration timeout) {
        byte[] key = id.toString().getBytes(StandardCharsets.UTF_8);
        long deadline = System.nanoTime() + timeout.toNanos();
        Result found = null;
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            while (!reachedEnd(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    break;
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (!Arrays.equals(record.key(), key)) {
                        continue;
                    }
                    Result result;
                    try {
                        result = WireCodec.decodeResultLeniently(record.value());
                    } catch (IllegalArgumentException e) {
                        continue;
                    }
                    if (!result.id().equals(id) || result.reason() == Reason.ID_REUSED_WITH_DIFFERENT_FIELDS) {
                        continue;
                    }
                    if (!result.replay()) {
                        return Optional.of(result);
                    }
                    if (found == null) {
                        found = result;
                    }
                }
            }
        }
        return Optional.ofNullable(found);
    }

    private static boolean reachedEnd(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
            if (consumer.position(partition.getKey()) < partition.getValue()) {
                return false;
            }
        }
        return true;
    }
}
