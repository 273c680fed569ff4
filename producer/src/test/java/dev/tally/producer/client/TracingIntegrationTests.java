package dev.tally.producer.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.tally.contracts.CommandId;
import dev.tally.contracts.TransferResult;
import dev.tally.producer.testing.OtlpReceiver;
import dev.tally.producer.testing.OtlpReceiver.ReceivedSpan;
import dev.tally.producer.testing.RunningWorker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One transfer followed end to end through the real broker, the real worker (its jar, exporting over OTLP to a
 * receiver in this test) and the real database: the caller's span is the parent of the worker's span for the
 * command, whose result send span travels back in the result's {@code traceparent}; so caller, worker decision and
 * result received form one trace. The worker's poll span links the command's span and holds the SQL transaction's
 * span. The caller's spans are recorded by an in-memory exporter; the span tree is printed.
 */
class TracingIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(90);

    private static final OtlpReceiver collector = OtlpReceiver.start();

    @RegisterExtension
    static final RunningWorker worker = new RunningWorker(Map.of(
            "MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT", collector.endpoint(),
            // Export within a fraction of a second rather than the default five seconds.
            "MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_SCHEDULEDELAY", "100ms"));

    @AfterAll
    static void stopCollector() {
        collector.close();
    }

    @Test
    void followsOneTransferFromTheCallerThroughTheWorkerDecisionToItsResultInOneTrace() throws Exception {
        InMemorySpanExporter callerSpans = InMemorySpanExporter.create();
        try (SdkTracerProvider tracing = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(callerSpans)).build();
             TransferClient client = worker.clientBuilder().build()) {
            Tracer tracer = tracing.get("tally-tests");
            client.ready().get(60, TimeUnit.SECONDS);
            String bank = worker.newAccount("bank");
            String shop = worker.newAccount("shop");
            assertThat(client.openFundingAccount(bank, "EUR").get(90, TimeUnit.SECONDS).applied()).isTrue();
            assertThat(client.openAccount(shop, "EUR", 0).get(90, TimeUnit.SECONDS).applied()).isTrue();

            Span caller = tracer.spanBuilder("checkout (the caller)").startSpan();
            TransferResult result;
            try (Scope ignored = caller.makeCurrent()) {
                result = client.transfer(bank, shop, 1250, "EUR", "order-42").get(90, TimeUnit.SECONDS);
            } finally {
                caller.end();
            }
            assertThat(result.applied()).as("%s", result).isTrue();
            String traceId = caller.getSpanContext().getTraceId();

            // What a consumer of results does: continue the trace from the result record's traceparent.
            ConsumerRecord<byte[], byte[]> resultRecord = resultRecord(result.id());
            Context sent = W3CTraceContextPropagator.getInstance().extract(Context.root(), resultRecord, HEADERS);
            tracer.spanBuilder("result received").setParent(sent).setSpanKind(SpanKind.CONSUMER).startSpan().end();

            // Found by the command's id, not by trace, so that a broken propagation fails on the assertions below.
            await().atMost(WAIT).until(() -> commandSpan(result.id()).flatMap(command -> producerSpanIn(command)
                    .flatMap(send -> pollSpanLinking(command).flatMap(TracingIntegrationTests::ledgerSpanOf)))
                    .isPresent());

            ReceivedSpan command = commandSpan(result.id()).orElseThrow();
            ReceivedSpan resultSent = producerSpanIn(command).orElseThrow();
            ReceivedSpan poll = pollSpanLinking(command).orElseThrow();
            ReceivedSpan ledger = ledgerSpanOf(poll).orElseThrow();
            SpanData received = callerSpans.getFinishedSpanItems().stream()
                    .filter(span -> span.getName().equals("result received")).findFirst().orElseThrow();

            List<ReceivedSpan> spans = new ArrayList<>();
            callerSpans.getFinishedSpanItems().stream()
                    .filter(span -> span.getTraceId().equals(traceId))
                    .map(TracingIntegrationTests::fromCaller).forEach(spans::add);
            collector.spans().stream()
                    .filter(span -> span.traceId().equals(traceId) || span.traceId().equals(poll.traceId()))
                    .forEach(spans::add);
            System.out.println("Spans of one traced transfer (test caller + worker over OTLP):");
            System.out.println(tree(spans));

            assertThat(command.service()).isEqualTo("tally-worker");
            assertThat(command.traceId()).as("the worker's span is in the caller's trace").isEqualTo(traceId);
            assertThat(command.parentSpanId()).as("the worker continues the caller's span")
                    .isEqualTo(caller.getSpanContext().getSpanId());
            assertThat(command.kind()).isEqualTo("CONSUMER");
            assertThat(command.attributes()).containsEntry("tally.command.id", result.id().toString())
                    .containsEntry("tally.status", "APPLIED");
            assertThat(resultSent.parentSpanId()).as("the result is sent inside the command's span")
                    .isEqualTo(command.spanId());
            assertThat(received.getTraceId()).as("the result carries the trace back").isEqualTo(traceId);
            assertThat(received.getParentSpanId()).isEqualTo(resultSent.spanId());
            assertThat(poll.linkedSpanIds()).as("the poll's span links the command's span").contains(command.spanId());
            assertThat(ledger.parentSpanId()).as("the SQL transaction is a child of the poll").isEqualTo(poll.spanId());
            assertThat(ledger.attributes()).containsEntry("db.system.name", "postgresql");
        }
    }

    private static final TextMapGetter<ConsumerRecord<byte[], byte[]>> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(ConsumerRecord<byte[], byte[]> record) {
            List<String> keys = new ArrayList<>();
            record.headers().forEach(header -> keys.add(header.key()));
            return keys;
        }

        @Override
        public String get(ConsumerRecord<byte[], byte[]> record, String key) {
            Header header = record == null ? null : record.headers().lastHeader(key);
            return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        }
    };

    private static ConsumerRecord<byte[], byte[]> resultRecord(CommandId id) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, worker.bootstrap(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(worker.resultsTopic()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            byte[] key = id.toString().getBytes(StandardCharsets.UTF_8);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (java.util.Arrays.equals(record.key(), key)) {
                        return record;
                    }
                }
            }
            throw new AssertionError("no result record for " + id + " within " + WAIT);
        }
    }

    private static Optional<ReceivedSpan> commandSpan(CommandId id) {
        return collector.spans().stream()
                .filter(span -> span.name().equals("tally.command")
                        && id.toString().equals(span.attributes().get("tally.command.id")))
                .findFirst();
    }

    private static Optional<ReceivedSpan> producerSpanIn(ReceivedSpan command) {
        return collector.spans().stream()
                .filter(span -> span.kind().equals("PRODUCER") && span.parentSpanId().equals(command.spanId()))
                .findFirst();
    }

    private static Optional<ReceivedSpan> pollSpanLinking(ReceivedSpan command) {
        return collector.spans().stream()
                .filter(span -> span.name().equals("tally.poll") && span.linkedSpanIds().contains(command.spanId()))
                .findFirst();
    }

    private static Optional<ReceivedSpan> ledgerSpanOf(ReceivedSpan poll) {
        return collector.spans().stream()
                .filter(span -> span.name().equals("tally.ledger.apply") && span.parentSpanId().equals(poll.spanId()))
                .findFirst();
    }

    private static ReceivedSpan fromCaller(SpanData span) {
        Map<String, String> attributes = span.getAttributes().asMap().entrySet().stream()
                .collect(Collectors.toMap(entry -> entry.getKey().getKey(), entry -> String.valueOf(entry.getValue())));
        String parent = span.getParentSpanContext().isValid() ? span.getParentSpanId() : "";
        return new ReceivedSpan("test caller", span.getTraceId(), span.getSpanId(), parent, span.getName(),
                span.getKind().name(), span.getLinks().stream().map(LinkData::getSpanContext)
                .map(context -> context.getSpanId()).toList(), attributes, span.getStartEpochNanos(),
                span.getEndEpochNanos());
    }

    /** The spans as trees: roots by start time, each child indented under its parent. */
    private static String tree(List<ReceivedSpan> spans) {
        StringBuilder text = new StringBuilder();
        List<ReceivedSpan> byStart = spans.stream().sorted(Comparator.comparingLong(ReceivedSpan::startNanos)).toList();
        List<String> ids = byStart.stream().map(ReceivedSpan::spanId).toList();
        byStart.stream().filter(span -> !ids.contains(span.parentSpanId()))
                .forEach(root -> print(root, byStart, "  ", text));
        return text.toString();
    }

    private static void print(ReceivedSpan span, List<ReceivedSpan> all, String indent, StringBuilder text) {
        text.append(indent).append(span.name())
                .append("  [").append(span.service()).append(", ").append(span.kind().toLowerCase())
                .append(", trace ").append(span.traceId(), 0, 8).append("…, span ").append(span.spanId())
                .append(String.format(", %.1f ms]", (span.endNanos() - span.startNanos()) / 1e6));
        span.attributes().entrySet().stream()
                .filter(entry -> entry.getKey().startsWith("tally.") || entry.getKey().startsWith("db.")
                        || entry.getKey().startsWith("messaging.batch"))
                .forEach(entry -> text.append(' ').append(entry.getKey()).append('=').append(entry.getValue()));
        if (!span.linkedSpanIds().isEmpty()) {
            text.append(" links=").append(span.linkedSpanIds());
        }
        text.append(System.lineSeparator());
        all.stream().filter(child -> child.parentSpanId().equals(span.spanId()))
                .forEach(child -> print(child, all, indent.replace("└─", "  ") + "└─ ", text));
    }
}
