package dev.tally.worker;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.Command;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.Result;
import dev.tally.contracts.Transfer;
import dev.tally.contracts.WireCodec;
import dev.tally.testkit.KafkaTopics;

/**
 * A client of a running worker for tests: publishes commands (or any bytes) to the commands topic and collects,
 * with {@code read_committed} consumers, every result and dead letter that becomes visible, so that tests can
 * count them as well as read them.
 */
final class WorkerHarness implements AutoCloseable {

    private final String bootstrap;
    private final Map<String, Object> security;
    private final String commandsTopic;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Map<CommandId, List<Result>> results = new ConcurrentHashMap<>();
    private final List<ConsumerRecord<byte[], byte[]>> deadLetters = new CopyOnWriteArrayList<>();
    private final List<Tail> tails = new ArrayList<>();

    /**
     * The harness for the topics {@link WorkerIntegrationTest#registerWorker} names after {@code topicPrefix}:
     * {@code <prefix>.commands}, {@code <prefix>.results} and {@code <prefix>.commands.DLT}.
     */
    static WorkerHarness forPrefix(String bootstrap, String topicPrefix) {
        return new WorkerHarness(bootstrap, topicPrefix + ".commands", topicPrefix + ".results",
                topicPrefix + ".commands.DLT");
    }

    /**
     * Creates client {@code name}'s three topics under {@code topicPrefix} as an operator would (contract v1.2:
     * {@code <prefix>.client.<name>.commands} with {@code partitions} partitions, its {@code .results} and
     * {@code .commands.DLT}) and returns a harness on them.
     */
    static WorkerHarness forClient(String bootstrap, String topicPrefix, String name, int partitions) {
        String client = topicPrefix + ".client." + name;
        KafkaTopics.create(bootstrap, partitions, client + ".commands");
        KafkaTopics.create(bootstrap, 1, client + ".results", client + ".commands.DLT");
        return new WorkerHarness(bootstrap, client + ".commands", client + ".results", client + ".commands.DLT");
    }

    WorkerHarness(String bootstrap, String commandsTopic, String resultsTopic, String deadLetterTopic) {
        this(bootstrap, Map.of(), commandsTopic, resultsTopic, deadLetterTopic);
    }

    /**
     * A harness whose producer and consumers also take {@code security} (a secured broker's
     * {@code security.protocol}, {@code sasl.*} and {@code ssl.*} settings).
     */
    WorkerHarness(String bootstrap, Map<String, Object> security, String commandsTopic, String resultsTopic,
                  String deadLetterTopic) {
        this.bootstrap = bootstrap;
        this.security = Map.copyOf(security);
        this.commandsTopic = commandsTopic;
        Properties config = new Properties();
        config.putAll(security);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * 1024 * 1024);
        this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        tails.add(new Tail(resultsTopic, record -> {
            Result result = WireCodec.decodeResult(record.value());
            results.computeIfAbsent(result.id(), id -> new CopyOnWriteArrayList<>()).add(result);
        }));
        tails.add(new Tail(deadLetterTopic, deadLetters::add));
        tails.forEach(Thread::start);
    }

    /** The topic this harness publishes commands on. */
    String commandsTopic() {
        return commandsTopic;
    }

    /** Publishes a command keyed as the contract says, waiting for the broker's acknowledgement. */
    void send(Command command) {
        sendRaw(command.orderingKey().value().getBytes(StandardCharsets.UTF_8), WireCodec.encodeCommand(command));
    }

    /** Publishes a command under an explicit key (a post or void names no account: it takes its hold's debit). */
    void send(Command command, AccountId key) {
        sendRaw(key.value().getBytes(StandardCharsets.UTF_8), WireCodec.encodeCommand(command));
    }

    /** Publishes without waiting; {@link #flush()} waits for all. */
    void sendAsync(Command command) {
        producer.send(new ProducerRecord<>(commandsTopic,
                command.orderingKey().value().getBytes(StandardCharsets.UTF_8), WireCodec.encodeCommand(command)));
    }

    void sendRaw(byte[] key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(commandsTopic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not publish to " + commandsTopic, e);
        }
    }

    /**
     * Publishes any bytes with the given headers, waiting for the broker's acknowledgement.
     *
     * @return where the record was written, so that a test can find it again (in a dead letter's headers, say)
     */
    RecordMetadata sendRaw(byte[] key, byte[] value, List<Header> headers) {
        try {
            return producer.send(new ProducerRecord<>(commandsTopic, null, key, value, headers)).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not publish to " + commandsTopic, e);
        }
    }

    /**
     * Publishes any bytes to the given partition ({@code null}: the producer's choice) without waiting, so that a
     * test can see how the broker answers.
     */
    java.util.concurrent.Future<RecordMetadata> publish(Integer partition, byte[] key, byte[] value,
                                                        List<Header> headers) {
        return producer.send(new ProducerRecord<>(commandsTopic, partition, key, value, headers));
    }

    /**
     * Sends {@code count} EUR transfers of 1 to 900 between two different accounts of {@code accounts}, picked at
     * random, flushes them, and adds their ids to {@code ids}.
     */
    void sendRandomTransfers(List<AccountId> accounts, List<CommandId> ids, int count) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < count; i++) {
            int from = random.nextInt(accounts.size());
            int to = (from + 1 + random.nextInt(accounts.size() - 1)) % accounts.size();
            Transfer transfer = new Transfer(CommandId.random(), accounts.get(from), accounts.get(to),
                    1 + random.nextInt(900), "EUR", null);
            sendAsync(transfer);
            ids.add(transfer.id());
        }
        flush();
    }

    void flush() {
        producer.flush();
    }

    /** Every result seen for the id so far, in the order they became visible. */
    List<Result> results(CommandId id) {
        return results.getOrDefault(id, List.of());
    }

    Map<CommandId, List<Result>> allResults() {
        return results;
    }

    List<ConsumerRecord<byte[], byte[]>> deadLetters() {
        return deadLetters;
    }

    String bootstrap() {
        return bootstrap;
    }

    @Override
    public void close() {
        tails.forEach(Tail::shutdown);
        producer.close(Duration.ofSeconds(5));
    }

    /** Follows one topic from its beginning with a {@code read_committed} consumer. */
    private final class Tail extends Thread {

        private final KafkaConsumer<byte[], byte[]> consumer;
        private final String topic;
        private final java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> sink;
        private volatile boolean running = true;

        Tail(String topic, java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> sink) {
            super("tail-" + topic);
            setDaemon(true);
            this.topic = topic;
            this.sink = sink;
            Properties config = new Properties();
            config.putAll(security);
            config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            config.put(ConsumerConfig.GROUP_ID_CONFIG, "harness-" + topic + "-" + CommandId.random());
            this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }

        @Override
        public void run() {
            try {
                consumer.subscribe(List.of(topic));
                while (running) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                        sink.accept(record);
                    }
                }
            } catch (WakeupException e) {
                // shutting down
            } finally {
                consumer.close(Duration.ofSeconds(2));
            }
        }

        void shutdown() {
            running = false;
            consumer.wakeup();
        }
    }
}
