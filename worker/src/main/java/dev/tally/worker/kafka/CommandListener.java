package dev.tally.worker.kafka;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
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
 * Reads each poll of the commands topics — the operator's and every client's, one subscription — inside one Kafka
 * transaction. Every record ends as exactly one of: a result on the results topic of the topic it came from, or a
 * dead letter on that topic's dead-letter topic ({@link ClientRoutes}). The poll's commands are decided in database
 * transactions of up to {@code tally.worker.batch-size} commands, which commit first; then the poll's dead letters
 * and results are sent. If anything fails after that — the Kafka commit, or a fence of the producer — the Kafka
 * transaction aborts, the poll is read again from the committed offsets, and the ledger answers the already-decided
 * records from their stored outcome.
 */
@Component
class CommandListener {

    private static final Logger log = LoggerFactory.getLogger(CommandListener.class);

    private final Ledger ledger;
    private final DeadLetters deadLetters;
    private final KafkaTemplate<byte[], byte[]> kafka;
    private final WorkerSettings settings;
    private final CommandMetrics metrics;
    private final PollFailures pollFailures;
    private final CommandTracing tracing;
    private final ClientRoutes routes;
    private final ClientGate gate;
    private final int batchSize;

    CommandListener(Ledger ledger, DeadLetters deadLetters, KafkaTemplate<byte[], byte[]> kafka,
                    WorkerSettings settings, CommandMetrics metrics, PollFailures pollFailures,
                    CommandTracing tracing, ClientRoutes routes, ClientGate gate) {
        this.ledger = ledger;
        this.deadLetters = deadLetters;
        this.kafka = kafka;
        this.settings = settings;
        this.metrics = metrics;
        this.pollFailures = pollFailures;
        this.tracing = tracing;
        this.routes = routes;
        this.gate = gate;
        this.batchSize = settings.batchSize();
    }

    @KafkaListener(id = ClientGate.LISTENER_ID, topicPattern = "#{__listener.subscription}",
            groupId = "#{__listener.groupId}", containerFactory = "commandListenerContainerFactory", batch = "true")
    void onCommands(List<ConsumerRecord<byte[], byte[]>> records) {
        if (gate.anyPaused()) {
            refusePausedClients(records);
        }
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

    /**
     * Throws, before anything is decided, when the poll holds records of a paused client: they were fetched before
     * the pause took effect, and must stay undecided (the rest of the poll is read again at once).
     */
    private void refusePausedClients(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<String, Set<TopicPartition>> refused = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            String client = routes.route(record.topic()).client();
            if (client != null && gate.isPaused(client)) {
                refused.computeIfAbsent(client, name -> new HashSet<>())
                        .add(new TopicPartition(record.topic(), record.partition()));
            }
        }
        if (!refused.isEmpty()) {
            refused.forEach(gate::holdBack);
            throw new ClientPausedException(refused.keySet().iterator().next());
        }
    }

    private void decideAndPublish(List<ConsumerRecord<byte[], byte[]>> records, PollTrace trace) {
        List<Ledger.Pending> pending = new ArrayList<>(Math.min(records.size(), batchSize));
        // The sources of the decided commands, in the order of their results (for the results' trace context).
        List<RecordSource> sources = new ArrayList<>(records.size());
        List<Result> results = new ArrayList<>(records.size());
        List<NotACommand> notCommands = List.of();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            ParsedRecord parsed = WireCodec.parseCommand(record.value());
            if (parsed instanceof ParsedRecord.Unusable unusable) {
                if (notCommands.isEmpty()) {
                    notCommands = new ArrayList<>();
                }
                notCommands.add(new NotACommand(record, unusable));
                continue;
            }
            pending.add(new Ledger.Pending((ParsedRecord.Identified) parsed,
                    new RecordSource(record.topic(), record.partition(), record.offset())));
            if (pending.size() == batchSize) {
                results.addAll(decide(pending, records.size(), trace));
                pending.forEach(decided -> sources.add(decided.source()));
                pending.clear();
            }
        }
        results.addAll(decide(pending, records.size(), trace));
        pending.forEach(decided -> sources.add(decided.source()));
        // Nothing is sent before the database work is done: the broker starts timing the Kafka transaction at its
        // first record, so the transaction now lasts only as long as publishing and committing take, far from
        // transaction.timeout.ms however slow the database was.
        for (NotACommand notCommand : notCommands) {
            deadLetters.publish(notCommand.record(), notCommand.unusable(),
                    routes.route(notCommand.record().topic()).deadLetters());
        }
        for (int i = 0; i < results.size(); i++) {
            publish(sources.get(i), results.get(i), trace);
        }
        if (pollFailures.any()) {
            // Only after a failure: once this poll's transaction commits, its partitions are no longer failing.
            pollFailures.polled(records);
        }
    }

    private List<Result> decide(List<Ledger.Pending> pending, int pollSize, PollTrace trace) {
        if (pending.isEmpty()) {
            return List.of();
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
        return results;
    }

    private void publish(RecordSource source, Result result, PollTrace trace) {
        metrics.recorded(result);
        if (!result.applied() && log.isDebugEnabled()) {
            log.debug("command {} rejected: {} ({}){}", result.id(), result.reason().code(), result.detail(),
                    result.replay() ? ", replayed" : "");
        }
        try (PollTrace.Scope ignored = trace.publishing(source, result)) {
            kafka.send(routes.route(source.topic()).results(),
                    result.id().toString().getBytes(StandardCharsets.UTF_8), WireCodec.encodeResult(result));
        }
    }

    /** A record of the poll that is not a command, kept until the poll's database work is done. */
    private record NotACommand(ConsumerRecord<byte[], byte[]> record, ParsedRecord.Unusable unusable) {
    }

    /** The operator's commands topic and every client's ({@link ClientRoutes#subscription()}). */
    public String getSubscription() {
        return routes.subscription().pattern();
    }

    public String getGroupId() {
        return settings.groupId();
    }
}
