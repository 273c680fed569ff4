package dev.tally.producer.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import dev.tally.contracts.Command;
import dev.tally.contracts.OpenAccount;
import dev.tally.contracts.OpenAccountResult;
import dev.tally.contracts.ParsedRecord;
import dev.tally.contracts.Transfer;
import dev.tally.contracts.TransferResult;
import dev.tally.contracts.WireCodec;

/**
 * Stands in for the worker in the client's own tests, on a real broker: reads every command published to the
 * commands topic and publishes, keyed by the command's id, the result values the test's answer function gives for
 * it (raw bytes, so that a test can publish what no worker of this version would: a new reason code, a result that
 * echoes other fields). Much faster than a worker process, and no database.
 */
final class FakeWorker implements AutoCloseable {

    private static final Instant DECIDED_AT = Instant.parse("2026-11-25T12:00:00Z");

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final String resultsTopic;
    private final Function<Command, List<byte[]>> answer;
    private final List<Command> received = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    FakeWorker(String bootstrap, String commandsTopic, String resultsTopic, Function<Command, List<byte[]>> answer) {
        Map<String, Object> config = Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        this.resultsTopic = resultsTopic;
        this.answer = answer;
        List<TopicPartition> partitions = consumer.partitionsFor(commandsTopic, Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(commandsTopic, info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.thread = new Thread(this::run, "fake-worker-" + commandsTopic);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** The applied result of a transfer or an opening, as the real worker would publish it. */
    static byte[] applied(Command command) {
        if (command instanceof Transfer transfer) {
            return WireCodec.encodeResult(TransferResult.applied(transfer, 0, transfer.amount(), DECIDED_AT));
        }
        return WireCodec.encodeResult(OpenAccountResult.applied((OpenAccount) command, DECIDED_AT));
    }

    /** Publishes a result for the command now (for a command the answer function held back). */
    void answer(Command command, byte[] result) {
        producer.send(new ProducerRecord<>(resultsTopic, command.id().toString().getBytes(StandardCharsets.UTF_8),
                result));
        producer.flush();
    }

    /** Every command read so far, in the order read. */
    List<Command> received() {
        return received;
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    if (WireCodec.parseCommand(record.value()) instanceof ParsedRecord.Valid valid) {
                        received.add(valid.command());
                        for (byte[] result : answer.apply(valid.command())) {
                            producer.send(new ProducerRecord<>(resultsTopic,
                                    valid.command().id().toString().getBytes(StandardCharsets.UTF_8), result));
                        }
                        producer.flush();
                    }
                }
            }
        } catch (WakeupException e) {
            // close() ends the loop.
        } finally {
            consumer.close(Duration.ZERO);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(10_000);
        producer.close(Duration.ZERO);
    }
}
