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
    private final String resultsTopic;
    private final int batchSize;

    CommandListener(Ledger ledger, DeadLetters deadLetters, KafkaTemplate<byte[], byte[]> kafka,
                    WorkerSettings settings, CommandMetrics metrics) {
        this.ledger = ledger;
        this.deadLetters = deadLetters;
        this.kafka = kafka;
        this.settings = settings;
        this.metrics = metrics;
        this.resultsTopic = settings.topics().results();
        this.batchSize = settings.batchSize();
    }

    @KafkaListener(id = "tally-commands", topics = "#{__listener.commandsTopic}", groupId = "#{__listener.groupId}",
            containerFactory = "commandListenerContainerFactory", batch = "true")
    void onCommands(List<ConsumerRecord<byte[], byte[]>> records) {
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
                decideAndPublish(pending, records.size());
                pending.clear();
            }
        }
        decideAndPublish(pending, records.size());
    }

    private void decideAndPublish(List<Ledger.Pending> pending, int pollSize) {
        if (pending.isEmpty()) {
            return;
        }
        List<Result> results;
        long started = System.nanoTime();
        try {
            results = ledger.apply(pending);
        } catch (RuntimeException e) {
            log.warn("{} commands from {} (first {}) could not be decided: {}; the poll of {} records is rolled "
                    + "back and retried", pending.size(), pending.get(0).source(), pending.get(0).command().id(),
                    e.toString(), pollSize);
            throw e;
        }
        metrics.batchApplied(results.size(), System.nanoTime() - started);
        for (Result result : results) {
            metrics.recorded(result);
            if (!result.applied() && log.isDebugEnabled()) {
                log.debug("command {} rejected: {} ({}){}", result.id(), result.reason().code(), result.detail(),
                        result.replay() ? ", replayed" : "");
            }
            kafka.send(resultsTopic, result.id().toString().getBytes(StandardCharsets.UTF_8),
                    WireCodec.encodeResult(result));
        }
    }

    public String getCommandsTopic() {
        return settings.topics().commands();
    }

    public String getGroupId() {
        return settings.groupId();
    }
}
