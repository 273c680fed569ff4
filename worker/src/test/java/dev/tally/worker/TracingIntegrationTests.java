package dev.tally.worker;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.Command;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.OpenAccount;
import dev.tally.contracts.Result;
import dev.tally.contracts.Transfer;
import dev.tally.contracts.WireCodec;
import dev.tally.testkit.KafkaTopics;
import dev.tally.testkit.TallyServices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The worker's spans, recorded by an in-memory span exporter in a worker of this class's own (topics and group of
 * its own, so no other test's records are traced): each command record's span continues the traceparent the
 * record came with and is tagged with the outcome, every record of a poll is linked from the poll's span, the SQL
 * transaction is a child of the poll, and a dead letter keeps the original record's traceparent unchanged although
 * the worker's sends are observed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TracingIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final String topicPrefix = KafkaTopics.unique("tracing");
    private final TallyServices services = TallyServices.get();
    private ConfigurableApplicationContext context;
    private InMemorySpanExporter spans;
    private WorkerHarness harness;

    @Configuration(proxyBeanMethods = false)
    static class InMemoryExport {

        @Bean
        InMemorySpanExporter inMemorySpanExporter() {
            return InMemorySpanExporter.create();
        }
    }

    @BeforeAll
    void startTracedWorker() {
        context = new SpringApplicationBuilder(WorkerApplication.class, InMemoryExport.class)
                .web(WebApplicationType.NONE)
                .run("--spring.datasource.url=" + services.jdbcUrl(),
                        "--spring.datasource.username=" + services.jdbcUser(),
                        "--spring.datasource.password=" + services.jdbcPassword(),
                        "--spring.kafka.bootstrap-servers=" + services.kafkaBootstrap(),
                        "--tally.worker.topics.commands=" + topicPrefix + ".commands",
                        "--tally.worker.topics.results=" + topicPrefix + ".results",
                        "--tally.worker.topics.dead-letters=" + topicPrefix + ".commands.DLT",
                        "--tally.worker.topics.partitions=2",
                        "--tally.worker.group-id=" + topicPrefix + "-worker",
                        "--management.opentelemetry.tracing.export.schedule-delay=50ms");
        spans = context.getBean(InMemorySpanExporter.class);
        harness = WorkerHarness.forPrefix(services.kafkaBootstrap(), topicPrefix);
    }

    @AfterAll
    void stop() {
        if (harness != null) {
            harness.close();
        }
        if (context != null) {
            context.close();
        }
    }

    @Test
    void continuesEachRecordsTraceLinksThemFromThePollAndTimesTheSqlTransaction() {
        AccountId bank = new AccountId("bank-" + topicPrefix);
        AccountId alice = new AccountId("alice-" + topicPrefix);
        List<Command> commands = List.of(OpenAccount.unbounded(CommandId.random(), bank, "EUR"),
                OpenAccount.bounded(CommandId.random(), alice, "EUR", 0),
                new Transfer(CommandId.random(), alice, bank, 500, "EUR", null));
        List<String> traceparents = new ArrayList<>();
        for (Command command : commands) {
            String traceparent = traceparent();
            traceparents.add(traceparent);
            harness.publish(null, command.orderingKey().value().getBytes(StandardCharsets.UTF_8),
                    WireCodec.encodeCommand(command), List.of(header(traceparent)));
        }
        harness.flush();
        await().atMost(TIMEOUT).until(() -> commands.stream().allMatch(c -> !harness.results(c.id()).isEmpty())
                && commands.stream().allMatch(c -> commandSpan(c.id()).flatMap(this::pollLinking)
                .flatMap(this::ledgerChildOf).isPresent()));

        for (int i = 0; i < commands.size(); i++) {
            SpanData span = commandSpan(commands.get(i).id()).orElseThrow();
            String[] sent = traceparents.get(i).split("-");
            assertThat(span.getTraceId()).as("trace of %s", commands.get(i)).isEqualTo(sent[1]);
            assertThat(span.getParentSpanId()).isEqualTo(sent[2]);
            assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
            Result result = harness.results(commands.get(i).id()).get(0);
            assertThat(span.getAttributes().asMap().entrySet()).anyMatch(entry ->
                    entry.getKey().getKey().equals("tally.status") && entry.getValue().equals(result.status().name()));
            // The send span ends in the producer's callback, on its own thread, which can come after the client has
            // read the result.
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(spans.getFinishedSpanItems())
                    .as("the result's send span").anyMatch(child -> child.getKind() == SpanKind.PRODUCER
                            && child.getParentSpanId().equals(span.getSpanId())));
        }
        // Alice has nothing to send (or the bank is not open yet): rejected either way, and the span says why.
        Result rejection = harness.results(commands.get(2).id()).get(0);
        assertThat(rejection.applied()).isFalse();
        SpanData rejected = commandSpan(commands.get(2).id()).orElseThrow();
        assertThat(rejected.getAttributes().asMap().entrySet()).anyMatch(entry ->
                entry.getKey().getKey().equals("tally.reason") && entry.getValue().equals(rejection.reason().code()));
    }

    @Test
    void linksEveryRecordOfAPollLargerThanOpenTelemetrysDefaultLinkLimit() {
        // 300 transfers from one (unknown) account wait on one partition while the listener is stopped, so that
        // the first poll after it starts holds them all, more than the 128 links a span keeps by default.
        AccountId ghost = new AccountId("ghost-" + topicPrefix);
        List<Transfer> transfers = IntStream.range(0, 300)
                .mapToObj(i -> new Transfer(CommandId.random(), ghost, new AccountId("nobody"), 1, "EUR", null))
                .toList();
        MessageListenerContainer listener = context.getBean(KafkaListenerEndpointRegistry.class)
                .getListenerContainer("tally-commands");
        listener.stop();
        try {
            transfers.forEach(harness::sendAsync);
            harness.flush();
        } finally {
            listener.start();
        }
        await().atMost(TIMEOUT).until(() -> transfers.stream().allMatch(t -> commandSpan(t.id()).isPresent()));
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(transfers).allSatisfy(t ->
                assertThat(pollLinking(commandSpan(t.id()).orElseThrow())).as("a poll span linking %s", t.id())
                        .isPresent()));

        List<SpanData> polls = transfers.stream()
                .map(t -> pollLinking(commandSpan(t.id()).orElseThrow()).orElseThrow()).distinct().toList();
        assertThat(polls).allSatisfy(poll -> assertThat(poll.getLinks()).as("links of %s", poll)
                .hasSize(Integer.parseInt(String.valueOf(poll.getAttributes().asMap().entrySet().stream()
                        .filter(entry -> entry.getKey().getKey().equals("messaging.batch.message_count"))
                        .findFirst().orElseThrow().getValue()))));
        assertThat(polls).as("polls of more than 128 records").anyMatch(poll -> poll.getLinks().size() > 128);
    }

    @Test
    void deadLetterKeepsTheOriginalTraceparentAndTheRecordIsStillTraced() {
        String traceparent = traceparent();
        byte[] marker = ("tracing-" + traceparent).getBytes(StandardCharsets.UTF_8);
        harness.sendRaw("lane".getBytes(StandardCharsets.UTF_8), "{not json".getBytes(StandardCharsets.UTF_8),
                List.of(header(traceparent), new RecordHeader("test.marker", marker)));

        await().atMost(TIMEOUT).until(() -> deadLetter(marker).isPresent());
        ConsumerRecord<byte[], byte[]> letter = deadLetter(marker).orElseThrow();
        List<String> traceparents = new ArrayList<>();
        letter.headers().headers("traceparent")
                .forEach(header -> traceparents.add(new String(header.value(), StandardCharsets.UTF_8)));
        assertThat(traceparents).as("the dead letter's traceparent headers").containsExactly(traceparent);

        String[] sent = traceparent.split("-");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(spans.getFinishedSpanItems()).anyMatch(span ->
                span.getName().equals("tally.command") && span.getParentSpanId().equals(sent[2])));
    }

    private Optional<SpanData> commandSpan(CommandId id) {
        return spans.getFinishedSpanItems().stream()
                .filter(span -> span.getName().equals("tally.command") && span.getAttributes().asMap().entrySet()
                        .stream().anyMatch(entry -> entry.getKey().getKey().equals("tally.command.id")
                                && entry.getValue().equals(id.toString())))
                .findFirst();
    }

    private Optional<SpanData> pollLinking(SpanData command) {
        return spans.getFinishedSpanItems().stream()
                .filter(span -> span.getName().equals("tally.poll") && span.getLinks().stream()
                        .map(LinkData::getSpanContext)
                        .anyMatch(linked -> linked.getSpanId().equals(command.getSpanId())
                                && linked.getTraceId().equals(command.getTraceId())))
                .findFirst();
    }

    private Optional<SpanData> ledgerChildOf(SpanData poll) {
        return spans.getFinishedSpanItems().stream()
                .filter(span -> span.getName().equals("tally.ledger.apply")
                        && span.getParentSpanId().equals(poll.getSpanId())
                        && span.getTraceId().equals(poll.getTraceId()))
                .findFirst();
    }

    private Optional<ConsumerRecord<byte[], byte[]>> deadLetter(byte[] marker) {
        return harness.deadLetters().stream().filter(letter -> {
            Header header = letter.headers().lastHeader("test.marker");
            return header != null && java.util.Arrays.equals(header.value(), marker);
        }).findFirst();
    }

    /** A sampled W3C traceparent of a fresh, made-up caller span. */
    private static String traceparent() {
        String uuid = java.util.UUID.randomUUID().toString().replace("-", "");
        String span = java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        return "00-" + uuid + "-" + span + "-01";
    }

    private static Header header(String traceparent) {
        return new RecordHeader("traceparent", traceparent.getBytes(StandardCharsets.UTF_8));
    }
}
