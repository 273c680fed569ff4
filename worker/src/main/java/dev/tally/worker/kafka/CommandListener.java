package dev.tally.worker.kafka;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import dev.tally.contracts.ParsedRecord;
import dev.tally.contracts.Result;
import dev.tally.contracts.WireCodec;
import dev.tally.worker.WorkerSettings;
import dev.tally.worker.ledger.Ledger;
import dev.tally.worker.metrics.CommandMetrics;
import dev.tally.worker.ledger.RecordSource;
import dev.tally.worker.tracing.CommandTracing;
import dev.tally.worker.tracing.PollTrace;

/**
 * Reads each poll of the commands topic inside one Kafka transaction. Every record ends as exactly one of: a
 * result on the results topic, or a dead letter. The poll's commands are decided in database transactions of up to
 * {@code tally.worker.batch-size} commands, which commit first; if anything fails after that, the Kafka
 * transaction aborts, the poll comes again, and the ledger answers the already-decided records from their stored
 * outcome.
 */
@Component
class CommandListener {

    private static final Logger log = LoggerFactory.getLogger(CommandListener.class);

    private final Ledger ledger;
    private final DeadLetters deadLetters;
    private final KafkaTemplate<byte[], byte[]> kafka;
    private final WorkerSettings settings;
    private final CommandMetrics metrics;
    private final CommandTracing tracing;
    private final String resultsTopic;
    private final int batchSize;

    CommandListener(Ledger ledger, DeadLetters deadLetters, KafkaTemplate<byte[], byte[]> kafka,
                    WorkerSettings settings, CommandMetrics metrics, CommandTracing tracing) {
        this.ledger = ledger;
        this.deadLetters = deadLetters;
        this.kafka = kafka;
        this.settings = settings;
        this.metrics = metrics;
        this.tracing = tracing;
        this.resultsTopic = settings.topics().results();
        this.batchSize = settings.batchSize();
    }

    @KafkaListener(id = "tally-commands", topics = "#{__listener.commandsTopic}", groupId = "#{__listener.groupId}",
            containerFactory = "commandListenerContainerFactory", batch = "true")
    void onCommands(List<ConsumerRecord<byte[], byte[]>> records) {
        PollTrace trace = tracing.start(records);
        try {
            decideAndPublish(records, trace);
        } catch (RuntimeException e) {
            trace.failed(e);
            throw e;
        } finally {
            trace.end();
        }
    }

    private void decideAndPublish(List<ConsumerRecord<byte[], byte[]>> records, PollTrace trace) {
        List<Ledger.Pending> pending = new ArrayList<>(Math.min(records.size(), batchSize));
        for (ConsumerRecord<byte[], byte[]> record : records) {
            ParsedRecord parsed = WireCodec.parseCommand(record.value());
            if (parsed instanceof ParsedRecord.Unusable unusable) {
                deadLetters.publish(record, unusable);
                continue;
            }
            pending.add(new Ledger.Pending((ParsedRecord.Identified) parsed,
                    new RecordSource(record.topic(), record.partition(), record.offset())));
            if (pending.size() == batchSize) {
                decideAndPublish(pending, records.size(), trace);
                pending.clear();
            }
        }
        decideAndPublish(pending, records.size(), trace);
    }

    private void decideAndPublish(List<Ledger.Pending> pending, int pollSize, PollTrace trace) {
        if (pending.isEmpty()) {
            return;
        }
        List<Result> results;
        long started = System.nanoTime();
        PollTrace.Scope sql = trace.ledger(pending.size());
        try {
            results = ledger.apply(pending);
        } catch (RuntimeException e) {
            sql.failed(e);
            log.warn("{} commands from {} (first {}) could not be decided: {}; the poll of {} records is rolled "
                    + "back and retried", pending.size(), pending.get(0).source(), pending.get(0).command().id(),
                    e.toString(), pollSize);
            throw e;
        } finally {
            sql.close();
        }
        metrics.batchApplied(results.size(), System.nanoTime() - started);
        for (int i = 0; i < results.size(); i++) {
            Result result = results.get(i);
            metrics.recorded(result);
            if (!result.applied() && log.isDebugEnabled()) {
                log.debug("command {} rejected: {} ({}){}", result.id(), result.reason().code(), result.detail(),
                        result.replay() ? ", replayed" : "");
            }
            try (PollTrace.Scope ignored = trace.publishing(pending.get(i).source(), result)) {
                kafka.send(resultsTopic, result.id().toString().getBytes(StandardCharsets.UTF_8),
                        WireCodec.encodeResult(result));
            }
        }
    }

    public String getCommandsTopic() {
        return settings.topics().commands();
    }

    public String getGroupId() {
        return settings.groupId();
    }
}
