package dev.tally.producer.client;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The W3C trace context ({@code traceparent} header) that a command carries from its caller to the worker, which
 * continues the caller's trace and sends the context back on the result.
 *
 * <p>The caller's current span is read through the OpenTelemetry API when the application has it on its class path
 * (the OpenTelemetry SDK or Java agent, or Micrometer Tracing's OpenTelemetry bridge, which Spring Boot uses). The
 * client does not depend on it: without it, or without a current span, commands carry no trace context.
 */
final class TraceContext {

    /** The W3C Trace Context header. */
    static final String TRACEPARENT = "traceparent";

    private static final boolean OPENTELEMETRY = present("io.opentelemetry.api.trace.Span");

    private TraceContext() {
    }

    /**
     * The {@code traceparent} value of the calling thread's current span, or {@code null} when there is none.
     * Read on the caller's thread, before the command is handed to the publishing thread.
     */
    static byte[] current() {
        return OPENTELEMETRY ? OpenTelemetrySpan.traceparent() : null;
    }

    /** The record of a command, with the trace context of its caller when it has one. */
    static ProducerRecord<byte[], byte[]> record(String topic, byte[] key, byte[] value, byte[] traceparent) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, key, value);
        if (traceparent != null) {
            record.headers().add(TRACEPARENT, traceparent);
        }
        return record;
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, TraceContext.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Loaded only when the OpenTelemetry API is present, so that its absence never fails the client. */
    private static final class OpenTelemetrySpan {

        static byte[] traceparent() {
            io.opentelemetry.api.trace.SpanContext span = io.opentelemetry.api.trace.Span.current().getSpanContext();
            if (!span.isValid()) {
                return null;
            }
            // version 00, trace id, parent (span) id, flags: https://www.w3.org/TR/trace-context/#traceparent-header
            String value = "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex();
            return value.getBytes(StandardCharsets.US_ASCII);
        }
    }
}
