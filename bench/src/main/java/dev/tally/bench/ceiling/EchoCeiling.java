package dev.tally.bench.ceiling;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The Kafka ceiling: what the worker's consume → produce loop costs with no database at all. A backlog of commands
 * (real command JSON, keyed by debit account) is preloaded; then {@link #THREADS} consumers of one group, with the
 * worker's consumer and producer settings, each poll, write one result-sized record per command keyed by a fresh id
 * to an output topic with as many partitions as the worker gives its results topic (so a transaction touches the
 * results partitions a worker transaction touches), and commit the poll's offsets in
 * the same Kafka transaction. A {@code read_committed} reader counts what becomes visible; the rate is what it saw
 * between the first and the last record it saw (the group's start-up, paid once, is left out).
 */
public final class EchoCeiling {

    /** The worker's consumer threads ({@code tally.worker.concurrency}). */
    static final int THREADS = 2;
    /** Partitions of the commands topic ({@code tally.worker.topics.partitions}). */
    private static final int PARTITIONS = 12;
    /** Partitions of the results topic the worker creates ({@code tally.worker.topics.result-partitions}). */
    static final int RESULT_PARTITIONS = 1;
    private static final byte[] RESULT = ("{\"id\":\"00000000-0000-0000-0000-000000000000\",\"type\":\"transfer\","
            + "\"status\":\"APPLIED\",\"reason\":null,\"replay\":false,\"debit_account_id\":\"bench-00001\","
            + "\"credit_account_id\":\"bench-00002\",\"amount\":42,\"currency\":\"EUR\",\"debit_balance\":999958,"
            + "\"credit_balance\":1000042,\"decided_at\":\"2026-11-25T12:00:00.123Z\"}").getBytes(StandardCharsets.UTF_8);

    /**
     * The worker's Kafka settings that matter here, as {@code application.yml} and {@code KafkaConfiguration} set
     * them: read_committed, manual commits, the default 500 records a poll, a 10 ms fetch wait for 16 KiB; an idempotent
     * transactional producer with {@code acks=all} and no linger.
     */
    static Map<String, Object> workerConsumerSettings(String bootstrap, String group) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        config.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 16 * 1024);
        return config;
    }

    /**
     * A producer that preloads a backlog fast: big batches, acks=1 and long timeouts. The order of a backlog across
     * partitions does not matter, and an idempotent producer that times out on a busy machine can get stuck
     * resending out-of-order sequences, so it is not idempotent.
     */
    public static Map<String, Object> backlogProducerSettings(String bootstrap) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        config.put(ProducerConfig.ACKS_CONFIG, "1");
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 120_000);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        return config;
    }

    static Map<String, Object> workerProducerSettings(String bootstrap, String transactionalId) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 30_000);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        return config;
    }

    /** What one run measured. */
    record Outcome(long records, double seconds, double perSecond, long transactions) {
    }

    private final String bootstrap;
    private final String name;
    private final int resultPartitions;
    private final int maxPollRecords;

    /**
     * @param resultPartitions partitions of the output topic: a transaction ends with a commit marker in each one
     *                         it wrote to, plus one in the offsets topic
     * @param maxPollRecords   records a poll (and so a transaction) holds at most: the worker's 500, or fewer to
     *                         see what a transaction costs at moderate load
     */
    EchoCeiling(String bootstrap, String name, int resultPartitions, int maxPollRecords) {
        this.bootstrap = bootstrap;
        this.name = name;
        this.resultPartitions = resultPartitions;
        this.maxPollRecords = maxPollRecords;
    }

    /** Creates the two topics and preloads {@code count} commands; returns when all are acknowledged. */
    void preload(int count, int accounts) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(in(), PARTITIONS, (short) 1),
                    new NewTopic(out(), resultPartitions, (short) 1))).all().get();
        }
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(backlogProducerSettings(bootstrap),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            java.util.Random random = new java.util.Random(42);
            for (int i = 0; i < count; i++) {
                String debit = String.format("bench-%05d", random.nextInt(accounts));
                String value = "{\"type\":\"transfer\",\"id\":\"" + UUID.randomUUID() + "\",\"debit_account_id\":\""
                        + debit + "\",\"credit_account_id\":\"" + String.format("bench-%05d", random.nextInt(accounts))
                        + "\",\"amount\":" + (1 + random.nextInt(100)) + ",\"currency\":\"EUR\"}";
                producer.send(new ProducerRecord<>(in(), debit.getBytes(StandardCharsets.UTF_8),
                        value.getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }

    /** Echoes the backlog until the reader has seen {@code expected} records or {@code limit} passed. */
    Outcome run(long expected, Duration limit) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong transactions = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            String id = name + "-" + i;
            Thread thread = new Thread(() -> {
                try {
                    echo(id, running, transactions);
                } catch (Exception e) {
                    failures.add(e);
                }
            }, "echo-" + i);
            threads.add(thread);
        }
        Map<String, Object> readerConfig = new HashMap<>();
        readerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        readerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        readerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        long seen = 0;
        long started;
        long first = 0;
        long firstCount = 0;
        long last = 0;
        try (KafkaConsumer<byte[], byte[]> reader = new KafkaConsumer<>(readerConfig, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : reader.partitionsFor(out())) {
                partitions.add(new TopicPartition(info.topic(), info.partition()));
            }
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            started = System.nanoTime();
            threads.forEach(Thread::start);
            long deadline = started + limit.toNanos();
            while (seen < expected && System.nanoTime() < deadline && failures.isEmpty()) {
                int polled = reader.poll(Duration.ofMillis(100)).count();
                if (polled > 0 && first == 0) {
                    // Joining the group takes seconds that the worker pays once, not per command.
                    first = System.nanoTime();
                    firstCount = polled;
                }
                seen += polled;
                if (polled > 0) {
                    last = System.nanoTime();
                }
            }
        } finally {
            running.set(false);
            for (Thread thread : threads) {
                thread.join(30_000);
            }
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("the Kafka echo failed: " + failures.get(0), failures.get(0));
        }
        double seconds = (last - first) / 1e9;
        return new Outcome(seen, seconds, seconds > 0 ? (seen - firstCount) / seconds : 0, transactions.get());
    }

    private void echo(String transactionalId, AtomicBoolean running, AtomicLong transactions)
            throws ExecutionException, InterruptedException {
        Map<String, Object> consumerSettings = workerConsumerSettings(bootstrap, name);
        consumerSettings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                consumerSettings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                     workerProducerSettings(bootstrap, transactionalId), new ByteArraySerializer(),
                     new ByteArraySerializer())) {
            producer.initTransactions();
            consumer.subscribe(List.of(in()));
            while (running.get()) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                if (records.isEmpty()) {
                    continue;
                }
                producer.beginTransaction();
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    producer.send(new ProducerRecord<>(out(),
                            UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8), RESULT));
                    offsets.put(new TopicPartition(record.topic(), record.partition()),
                            new OffsetAndMetadata(record.offset() + 1));
                }
                producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
                producer.commitTransaction();
                transactions.incrementAndGet();
            }
        }
    }

    private String in() {
        return name + ".in";
    }

    private String out() {
        return name + ".out";
    }
}
