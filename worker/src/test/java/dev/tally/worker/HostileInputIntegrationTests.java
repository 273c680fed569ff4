package dev.tally.worker;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.MessageListenerContainer;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.Headers;
import dev.tally.contracts.Result;
import dev.tally.contracts.Transfer;
import dev.tally.contracts.TransferResult;
import dev.tally.contracts.WireCodec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * Sends every record of the hostile-input corpus ({@code src/test/resources/hostile/}, outcomes in
 * {@code expected.tsv}) through Kafka to the running worker, one after another, and proves for each: it ends exactly
 * as documented (that dead-letter reason, or a result with that status and reason, or refused by the broker before
 * the worker could see it); its partition keeps flowing (a valid transfer of 1 published right after it, with the
 * same key to the same partition, is applied); and the worker did not restart (the same Spring context and the same
 * listener container, running, in its expected state, every consumer thread alive). At the end, the money the
 * corpus could touch is all accounted for in the journal.
 */
class HostileInputIntegrationTests extends WorkerIntegrationTest {

    private static final long FUNDS = 1_000_000;
    private static final String LISTENER_ID = "tally-commands";

    @Autowired
    private KafkaListenerEndpointRegistry registry;

    @Autowired
    private ApplicationContext context;

    @TestFactory
    Stream<DynamicTest> decidesEachHostileRecordAsDocumentedWithoutStallingOrRestarting() {
        AccountId payer = openFunded("payer", FUNDS);
        AccountId payee = open("payee", "EUR", 0);
        AccountId full = open("full", "EUR", 0);
        AccountId bank = openFunding("bank", "EUR");
        assertThat(decide(new Transfer(CommandId.random(), bank, full, Long.MAX_VALUE - 10, "EUR", null)).applied())
                .isTrue();
        Transfer previous = new Transfer(CommandId.random(), payer, payee, 1, "EUR", null);
        assertThat(decide(previous).applied()).isTrue();

        MessageListenerContainer container = registry.getListenerContainer(LISTENER_ID);
        assertThat(container).isNotNull();
        String contextId = context.getId();
        long startedAt = context.getStartupDate();

        Map<String, String> values = new HashMap<>();
        values.put("PAYER", payer.value());
        values.put("PAYEE", payee.value());
        values.put("FULL", full.value());
        values.put("GHOST", newAccount("ghost").value());
        values.put("PREV_ID", previous.id().toString());

        Stream<DynamicTest> records = HostileCorpus.entries().stream().map(entry -> DynamicTest.dynamicTest(
                entry.toString(), () -> {
                    values.put("ID", UUID.randomUUID().toString());
                    values.put("ID_NO_DASHES", UUID.randomUUID().toString().replace("-", ""));
                    values.put("NEW_ACCOUNT", newAccount("new").value());
                    check(entry, values, payer, payee);
                    assertWorkerDidNotRestart(container, contextId, startedAt);
                }));
        Stream<DynamicTest> books = Stream.of(DynamicTest.dynamicTest("money stayed between payer and payee",
                () -> assertBooksBalance(List.of(payer, payee), FUNDS)));
        return Stream.concat(records, books);
    }

    private void check(HostileCorpus.Entry entry, Map<String, String> values, AccountId payer, AccountId payee)
            throws Exception {
        byte[] key = HostileCorpus.key(entry, values);
        byte[] value = HostileCorpus.value(entry, values);
        CommandId id = CommandId.parse(values.get("ID"));
        CommandId answeredId = entry.file().contains("reused-id") ? CommandId.parse(values.get("PREV_ID")) : id;
        int resultsBefore = harness().results(answeredId).size();
        byte[] trace = ("trace-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        HostileCorpus.Expected expected = entry.expected();

        Integer partition;
        try {
            RecordMetadata sent = harness().publish(null, key, value, List.of(new RecordHeader(TRACE_HEADER, trace)))
                    .get(30, TimeUnit.SECONDS);
            if (expected.producerError()) {
                fail("the broker accepted %s (%d bytes) at %s; expected %s", entry.file(), value.length, sent,
                        expected);
            }
            partition = sent.partition();
        } catch (ExecutionException e) {
            if (!expected.producerError()) {
                throw e;
            }
            assertThat(e.getCause().getClass().getSimpleName()).as("%s", e.getCause()).isEqualTo(expected.reason());
            assertRefusedByADefaultProducerToo(key, value);
            partition = null;
        }

        // The next transfer of 1 goes to the same partition with the same key and must be applied.
        CommandId nextId = expected.deadLetter() ? idOnSameResultsPartitionAs(id) : CommandId.random();
        Transfer next = new Transfer(nextId, payer, payee, 1, "EUR", null);
        harness().publish(partition, key, WireCodec.encodeCommand(next), List.of()).get(30, TimeUnit.SECONDS);
        Result decided = awaitResult(nextId);
        assertThat(decided.applied()).as("transfer after %s: %s", entry.file(), decided).isTrue();

        if (expected.deadLetter()) {
            ConsumerRecord<byte[], byte[]> letter = awaitDeadLetter(trace);
            assertThat(header(letter, Headers.DLT_REASON)).as("dead-letter reason of %s", entry.file())
                    .isEqualTo(expected.reason());
            assertThat(letter.value()).isEqualTo(value.length == 0 ? new byte[0] : value);
            assertThat(harness().results(id)).as("results for the id inside %s", entry.file()).isEmpty();
        } else if (expected.result()) {
            await().atMost(TIMEOUT).until(() -> harness().results(answeredId).size() > resultsBefore);
            List<Result> results = harness().results(answeredId);
            assertThat(results).as("results for %s", entry.file()).hasSize(resultsBefore + 1);
            Result result = results.get(resultsBefore);
            assertThat(result.status().name()).as("%s: %s", entry.file(), result).isEqualTo(expected.status());
            assertThat(result.reason() == null ? null : result.reason().code()).as("%s: %s", entry.file(), result)
                    .isEqualTo(expected.reason());
            assertThat(result.replay()).as("replay flag of %s", entry.file()).isEqualTo(resultsBefore > 0);
            assertThat(traced(trace)).as("dead letters of %s", entry.file()).isEmpty();
        } else {
            assertThat(traced(trace)).as("dead letters of %s", entry.file()).isEmpty();
            assertThat(harness().results(id)).as("results of %s", entry.file()).isEmpty();
        }
    }

    /**
     * A producer with Kafka's default {@code max.request.size} (1 MiB) refuses the record itself, before any
     * request, so nothing reaches the broker either way.
     */
    private void assertRefusedByADefaultProducerToo(byte[] key, byte[] value) throws InterruptedException {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, harness().bootstrap());
        try (KafkaProducer<byte[], byte[]> defaults =
                     new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            defaults.send(new ProducerRecord<>(settings.topics().commands(), key, value)).get(30, TimeUnit.SECONDS);
            fail("a producer with default settings sent a %d-byte record", value.length);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(RecordTooLargeException.class);
        } catch (java.util.concurrent.TimeoutException e) {
            fail("a producer with default settings neither sent nor refused a %d-byte record", value.length);
        }
    }

    private void assertWorkerDidNotRestart(MessageListenerContainer container, String contextId, long startedAt) {
        assertThat(context.getId()).isEqualTo(contextId);
        assertThat(context.getStartupDate()).isEqualTo(startedAt);
        assertThat(registry.getListenerContainer(LISTENER_ID)).isSameAs(container);
        assertThat(container.isRunning()).as("listener container running").isTrue();
        assertThat(container.isInExpectedState()).as("no consumer stopped abnormally").isTrue();
        if (container instanceof ConcurrentMessageListenerContainer<?, ?> concurrent) {
            assertThat(concurrent.getContainers()).as("consumer threads").hasSize(settings.concurrency())
                    .allSatisfy(child -> {
                        assertThat(child.isRunning()).isTrue();
                        assertThat(child.isInExpectedState()).isTrue();
                    });
        }
    }

    /** A fresh id whose result would land on the same results partition as {@code other}'s (see DeadLetterIntegrationTests). */
    private CommandId idOnSameResultsPartitionAs(CommandId other) {
        int partitions = settings.topics().partitions();
        int target = resultsPartition(other, partitions);
        CommandId id = CommandId.random();
        while (resultsPartition(id, partitions) != target) {
            id = CommandId.random();
        }
        return id;
    }

    private static int resultsPartition(CommandId id, int partitions) {
        return Utils.toPositive(Utils.murmur2(id.toString().getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    private static String header(ConsumerRecord<byte[], byte[]> letter, String name) {
        return new String(letter.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
