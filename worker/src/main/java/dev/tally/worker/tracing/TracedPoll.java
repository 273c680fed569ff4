package dev.tally.worker.tracing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.tracing.Link;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import dev.tally.contracts.Result;
import dev.tally.worker.ledger.RecordSource;

/** The spans of one poll of a worker that traces. */
final class TracedPoll extends PollTrace {

    static final String POLL_SPAN = "tally.poll";
    static final String RECORD_SPAN = "tally.command";
    static final String LEDGER_SPAN = "tally.ledger.apply";

    private final Tracer tracer;
    private final Span poll;
    private final Map<RecordSource, Span> records;

    private TracedPoll(Tracer tracer, Span poll, Map<RecordSource, Span> records) {
        this.tracer = tracer;
        this.poll = poll;
        this.records = records;
    }

    static TracedPoll start(Tracer tracer, Propagator propagator, Propagator.Getter<ConsumerRecord<?, ?>> headers,
                            List<? extends ConsumerRecord<?, ?>> polled) {
        Map<RecordSource, Span> records = new HashMap<>(polled.size() * 2);
        Span.Builder poll = tracer.spanBuilder().name(POLL_SPAN).kind(Span.Kind.CONSUMER).setNoParent()
                .tag("messaging.system", "kafka")
                .tag("messaging.batch.message_count", Integer.toString(polled.size()));
        for (ConsumerRecord<?, ?> record : polled) {
            // A record without a traceparent starts a trace of its own: one trace per command either way.
            Span span = propagator.extract(record, headers).name(RECORD_SPAN).kind(Span.Kind.CONSUMER)
                    .tag("messaging.system", "kafka")
                    .tag("messaging.destination.name", record.topic())
                    .tag("messaging.destination.partition.id", Integer.toString(record.partition()))
                    .tag("messaging.kafka.offset", Long.toString(record.offset()))
                    .start();
            records.put(new RecordSource(record.topic(), record.partition(), record.offset()), span);
            poll.addLink(new Link(span));
        }
        return new TracedPoll(tracer, poll.start(), records);
    }

    @Override
    public Scope ledger(int commands) {
        Span span = tracer.spanBuilder().setParent(poll.context()).name(LEDGER_SPAN).kind(Span.Kind.CLIENT)
                .tag("db.system.name", "postgresql")
                .tag("tally.commands", Integer.toString(commands))
                .start();
        return new SpanScope(span, tracer.withSpan(span), true);
    }

    @Override
    public Scope publishing(RecordSource source, Result result) {
        Span span = records.get(source);
        if (span == null) {
            return NOTHING;
        }
        span.tag("tally.command.id", result.id().toString());
        span.tag("tally.status", result.status().name());
        if (!result.applied()) {
            span.tag("tally.reason", result.reason().code());
        }
        if (result.replay()) {
            span.tag("tally.replay", "true");
        }
        return new SpanScope(span, tracer.withSpan(span), false);
    }

    @Override
    public void failed(Throwable failure) {
        poll.error(failure);
        records.values().forEach(span -> span.error(failure));
    }

    @Override
    public void end() {
        records.values().forEach(Span::end);
        poll.end();
    }

    private record SpanScope(Span span, Tracer.SpanInScope scope, boolean endOnClose) implements Scope {

        @Override
        public void failed(Throwable failure) {
            span.error(failure);
        }

        @Override
        public void close() {
            scope.close();
            if (endOnClose) {
                span.end();
            }
        }
    }
}
