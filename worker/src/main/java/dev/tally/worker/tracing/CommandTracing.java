package dev.tally.worker.tracing;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Whether the worker traces, and the spans of each poll when it does. Tracing is on when a span exporter is
 * configured (Spring Boot creates the OTLP exporter when {@code management.opentelemetry.tracing.export.otlp.endpoint}
 * is set); otherwise {@link #start} returns {@link PollTrace#OFF}, whose methods do nothing, so the per-record path
 * pays one method call per record and allocates nothing.
 */
@Component
public class CommandTracing {

    /** Reads the trace context a client put in a command record's headers. */
    private static final Propagator.Getter<ConsumerRecord<?, ?>> HEADERS = (record, name) -> {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    };

    private final Tracer tracer;
    private final Propagator propagator;
    private final boolean enabled;

    CommandTracing(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator,
                   ObjectProvider<SpanExporter> exporters) {
        this.tracer = tracer.getIfAvailable(() -> Tracer.NOOP);
        this.propagator = propagator.getIfAvailable(() -> Propagator.NOOP);
        this.enabled = this.tracer != Tracer.NOOP && this.propagator != Propagator.NOOP
                && exporters.orderedStream().findAny().isPresent();
    }

    /** Whether spans are recorded and exported; decided once, at start-up. */
    public boolean enabled() {
        return enabled;
    }

    /**
     * Starts the spans of one poll: a span per record, continuing the record's {@code traceparent} when it has one,
     * and the poll's span, which links every record's span.
     *
     * @return {@link PollTrace#OFF} when tracing is off; never {@code null}
     */
    public PollTrace start(List<? extends ConsumerRecord<?, ?>> records) {
        if (!enabled) {
            return PollTrace.OFF;
        }
        return TracedPoll.start(tracer, propagator, HEADERS, records);
    }
}
