package dev.tally.bench.drain;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import dev.tally.contracts.Topics;

/**
 * A {@code read_committed} reader of every results partition from the beginning: it first reads up to the end
 * (no worker is running, so nothing of the backlog can be there yet, but whatever is gets counted), says so,
 * then counts the backlog's ids among the results until it has seen them all or {@code limit} passed.
 */
final class ResultsReader {

    private final String bootstrap;
    private final Set<String> remaining;
    final CountDownLatch caughtUp = new CountDownLatch(1);
    final AtomicLong seen = new AtomicLong();
    volatile long first;
    volatile long firstCount;
    volatile long last;

    /** @param ids the backlog's command ids, removed as their results are read */
    ResultsReader(String bootstrap, Set<String> ids) {
        this.bootstrap = bootstrap;
        this.remaining = ids;
    }

    void read(Duration limit) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(Topics.RESULTS)) {
                partitions.add(new TopicPartition(info.topic(), info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                count(consumer);
            }
            caughtUp.countDown();
            long deadline = System.nanoTime() + limit.toNanos();
            while (!remaining.isEmpty() && System.nanoTime() < deadline) {
                count(consumer);
            }
        } finally {
            caughtUp.countDown();
        }
    }

    private void count(KafkaConsumer<byte[], byte[]> consumer) {
        long counted = 0;
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
            if (record.key() != null && remaining.remove(new String(record.key(), StandardCharsets.UTF_8))) {
                counted++;
            }
        }
        if (counted == 0) {
            return;
        }
        long now = System.nanoTime();
        if (first == 0) {
            // The worker's start and its group's join are paid once; the rate from here is counted as the
            // ceilings count theirs, from the first poll that returned anything.
            first = now;
            firstCount = counted;
        }
        seen.addAndGet(counted);
        last = now;
    }
}
