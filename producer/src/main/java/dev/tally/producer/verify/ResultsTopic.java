package dev.tally.producer.verify;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

import dev.tally.contracts.Result;
import dev.tally.contracts.WireCodec;

/**
 * The results topic (or topics) as a {@code read_committed} consumer sees it, read from the beginning to the end offsets of
 * the moment the read starts, keeping only the ids asked about.
 */
public final class ResultsTopic {

    /** The non-replay results of each id asked about (a correct system has exactly one per decided id). */
    private final Map<UUID, List<Result>> originals = new HashMap<>();
    private long recordsRead;

    private ResultsTopic() {
    }

    public static ResultsTopic read(Map<String, Object> consumerConfig, String topic, Set<UUID> ids,
                                    Duration timeout) {
        return read(consumerConfig, List.of(topic), ids, timeout);
    }

    /** Several results topics read as one: the operator's and its clients' (contract v1.2). */
    public static ResultsTopic read(Map<String, Object> consumerConfig, List<String> topics, Set<UUID> ids,
                                    Duration timeout) {
        ResultsTopic results = new ResultsTopic();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
                if (infos.isEmpty()) {
                    throw new IllegalArgumentException("results topic " + topic + " does not exist");
                }
                infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            while (!reached(consumer, end)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    results.recordsRead++;
                    UUID key = keyOf(record.key());
                    if (key == null || !ids.contains(key)) {
                        continue;
                    }
                    Result result;
                    try {
                        result = WireCodec.decodeResult(record.value());
                    } catch (IllegalArgumentException e) {
                        continue;
                    }
                    if (!result.replay()) {
                        results.originals.computeIfAbsent(result.id().value(), id -> new ArrayList<>())
                                .add(result);
                    }
                }
            }
        }
        return results;
    }

    /** The non-replay results seen for {@code id}; empty when none. */
    public List<Result> originals(UUID id) {
        return originals.getOrDefault(id, List.of());
    }

    public long recordsRead() {
        return recordsRead;
    }

    private static UUID keyOf(byte[] key) {
        if (key == null || key.length != 36) {
            return null;
        }
        try {
            return UUID.fromString(new String(key, StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean reached(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
            if (consumer.position(partition.getKey()) < partition.getValue()) {
                return false;
            }
        }
        return true;
    }
}
