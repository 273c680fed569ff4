package dev.tally.worker.tracing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanLimits;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.Reason;
import dev.tally.contracts.Result;
import dev.tally.contracts.Transfer;
import dev.tally.contracts.TransferResult;
import dev.tally.worker.ledger.RecordSource;

/**
 * What tracing adds to the listener's per-record path, without Kafka or the database: the calls the listener makes
 * on {@link PollTrace} for polls of 500 records (start, one ledger scope, one publishing scope per record, end),
 * with tracing off and with tracing on (the OpenTelemetry SDK, a batch span processor and an exporter that drops
 * everything, as Spring Boot wires it). Prints CPU nanoseconds per record. Not a test: run its {@code main} with the
 * worker's test class path.
 */
public final class PollTraceBenchmark {

    private static final int POLL = 500;
    private static final com.sun.management.OperatingSystemMXBean CPU =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    public static void main(String[] args) {
        int polls = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        List<RecordSource> sources = new ArrayList<>();
        Transfer transfer = new Transfer(CommandId.random(), new AccountId("alice"), new AccountId("bob"), 1, "EUR",
                null);
        Result result = TransferResult.rejected(transfer, Reason.INSUFFICIENT_FUNDS, "alice has 0, needs 1",
                Instant.now());
        for (int i = 0; i < POLL; i++) {
            ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("tally.commands", 0, i, new byte[8],
                    new byte[200]);
            record.headers().add("traceparent", ("00-" + "%032x".formatted(i + 1) + "-" + "%016x".formatted(i + 1)
                    + "-01").getBytes(StandardCharsets.US_ASCII));
            records.add(record);
            sources.add(new RecordSource(record.topic(), record.partition(), record.offset()));
        }

        CommandTracing off = tracing(Tracer.NOOP, Propagator.NOOP, null);
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setSpanLimits(SpanLimits.getDefault().toBuilder().setMaxNumberOfLinks(POLL).build())
                .addSpanProcessor(BatchSpanProcessor.builder(new DroppingExporter()).build()).build();
        io.opentelemetry.api.trace.Tracer otel = provider.get("benchmark");
        CommandTracing on = tracing(new OtelTracer(otel, new OtelCurrentTraceContext(), event -> { }),
                new OtelPropagator(ContextPropagators.create(W3CTraceContextPropagator.getInstance()), otel),
                new DroppingExporter());
        if (off.enabled() || !on.enabled()) {
            throw new IllegalStateException("tracing should be off, then on");
        }
        for (int round = 0; round < 5; round++) {
            double offNs = nanosPerRecord(off, records, sources, result, polls);
            double onNs = nanosPerRecord(on, records, sources, result, polls / 10);
            System.out.printf(Locale.ROOT, "round %d: tracing off %.1f ns/record, tracing on %.0f ns/record "
                            + "(CPU time of the whole process, the span processor's thread included)%n",
                    round + 1, offNs, onNs);
        }
        provider.close();
    }

    private static double nanosPerRecord(CommandTracing tracing, List<ConsumerRecord<byte[], byte[]>> records,
                                         List<RecordSource> sources, Result result, int polls) {
        long started = CPU.getProcessCpuTime();
        for (int poll = 0; poll < polls; poll++) {
            PollTrace trace = tracing.start(records);
            try (PollTrace.Scope ignored = trace.ledger(POLL)) {
                // the database transaction
            }
            for (int i = 0; i < POLL; i++) {
                try (PollTrace.Scope ignored = trace.publishing(sources.get(i), result)) {
                    // the result's send
                }
            }
            trace.end();
        }
        return (CPU.getProcessCpuTime() - started) / (double) polls / POLL;
    }

    private static CommandTracing tracing(Tracer tracer, Propagator propagator, SpanExporter exporter) {
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("tracer", tracer);
        beans.addBean("propagator", propagator);
        if (exporter != null) {
            beans.addBean("exporter", exporter);
        }
        return new CommandTracing(beans.getBeanProvider(Tracer.class), beans.getBeanProvider(Propagator.class),
                beans.getBeanProvider(SpanExporter.class));
    }

    private static final class DroppingExporter implements SpanExporter {

        @Override
        public CompletableResultCode export(java.util.Collection<SpanData> spans) {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
