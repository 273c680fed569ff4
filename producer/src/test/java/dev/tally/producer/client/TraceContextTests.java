package dev.tally.producer.client;

import java.nio.charset.StandardCharsets;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The trace context a command carries: the caller's current span as a W3C {@code traceparent} (version, trace id,
 * span id, sampled flag), and no header at all when the caller has no current span.
 */
class TraceContextTests {

    private static final byte[] KEY = "alice".getBytes(StandardCharsets.UTF_8);
    private static final byte[] VALUE = "{}".getBytes(StandardCharsets.UTF_8);

    @Test
    void carriesTheCallersCurrentSpanAsTraceparent() {
        try (SdkTracerProvider tracing = SdkTracerProvider.builder().build()) {
            Span span = tracing.get("test").spanBuilder("caller").startSpan();
            byte[] traceparent;
            try (Scope ignored = span.makeCurrent()) {
                traceparent = TraceContext.current();
            } finally {
                span.end();
            }
            ProducerRecord<byte[], byte[]> record = TraceContext.record("tally.commands", KEY, VALUE, traceparent);

            Header header = record.headers().lastHeader("traceparent");
            assertThat(header).isNotNull();
            assertThat(new String(header.value(), StandardCharsets.US_ASCII)).isEqualTo(
                    "00-" + span.getSpanContext().getTraceId() + "-" + span.getSpanContext().getSpanId() + "-01");
            assertThat(record.key()).isEqualTo(KEY);
            assertThat(record.value()).isEqualTo(VALUE);
        }
    }

    @Test
    void passesOnTheCallersDecisionNotToSample() {
        try (SdkTracerProvider tracing = SdkTracerProvider.builder().setSampler(Sampler.alwaysOff()).build()) {
            Span span = tracing.get("test").spanBuilder("caller").startSpan();
            try (Scope ignored = span.makeCurrent()) {
                assertThat(new String(TraceContext.current(), StandardCharsets.US_ASCII)).endsWith("-00");
            } finally {
                span.end();
            }
        }
    }

    @Test
    void sendsNoTraceContextWithoutACurrentSpan() {
        byte[] traceparent = TraceContext.current();

        assertThat(traceparent).isNull();
        assertThat(TraceContext.record("tally.commands", KEY, VALUE, traceparent).headers().toArray()).isEmpty();
    }
}
