package dev.tally.worker.metrics;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.springframework.stereotype.Component;

import dev.tally.contracts.CommandType;
import dev.tally.contracts.DeadLetterReason;
import dev.tally.contracts.Reason;
import dev.tally.contracts.Result;
import dev.tally.contracts.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The worker's own metrics, recorded by the listener and the ledger. Thread-safe. Every series that can occur is
 * registered up front, so it exists (at zero) from start-up and a rate over it never starts with a gap.
 *
 * <ul>
 * <li>{@code tally.commands} (counter; tags {@code type}, {@code status}, {@code reason}, the latter {@code none}
 * when applied): results published that are not replays — one per decided command id, plus one per redelivery of a
 * record after a crash between the database and the Kafka commit;</li>
 * <li>{@code tally.commands.replays} (counter; same tags): results of new records carrying an id that was decided
 * before (client retries, and ids reused with other fields);</li>
 * <li>{@code tally.dead.letters} (counter; tag {@code reason}): records copied to the dead-letter topic;</li>
 * <li>{@code tally.batch.size} (distribution summary with a percentile histogram): records per applied batch;</li>
 * <li>{@code tally.apply.latency} (timer with a percentile histogram): time to apply one batch;</li>
 * <li>{@code tally.consumer.lag} (gauge): the largest number of records that any partition of this instance was
 * behind over the consumers' recent sampling window (Kafka's {@code records-lag-max}); {@code NaN} until a consumer
 * has fetched.</li>
 * <li>{@code tally.database.timeouts} (counter; tag {@code setting}, {@code lock_timeout} or
 * {@code statement_timeout}): attempts at a batch that PostgreSQL cancelled because a statement waited for a lock,
 * or ran, longer than the setting allows; each such attempt is retried after the listener's back-off.</li>
 * </ul>
 */
@Component
public class CommandMetrics {

    static final String COMMANDS = "tally.commands";
    static final String REPLAYS = "tally.commands.replays";
    static final String DEAD_LETTERS = "tally.dead.letters";
    static final String BATCH_SIZE = "tally.batch.size";
    static final String APPLY_LATENCY = "tally.apply.latency";
    static final String CONSUMER_LAG = "tally.consumer.lag";
    static final String DATABASE_TIMEOUTS = "tally.database.timeouts";

    /** The PostgreSQL settings whose expiry {@link #databaseTimedOut} counts. */
    public static final String LOCK_TIMEOUT = "lock_timeout";
    public static final String STATEMENT_TIMEOUT = "statement_timeout";

    /** The Kafka consumer metric that {@link #CONSUMER_LAG} is computed from, as Micrometer names it. */
    static final String RECORDS_LAG_MAX = "kafka.consumer.fetch.manager.records.lag.max";

    private static final String NO_REASON = "none";

    private final MeterRegistry registry;
    private final Map<Key, Counters> counters = new ConcurrentHashMap<>();
    private final Map<DeadLetterReason, Counter> deadLetters = new EnumMap<>(DeadLetterReason.class);
    private final DistributionSummary batchSize;
    private final Timer applyLatency;
    private final Map<String, Counter> databaseTimeouts = new ConcurrentHashMap<>();

    public CommandMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (CommandType type : CommandType.values()) {
            counters(new Key(type, Status.APPLIED, null));
            for (Reason reason : Reason.values()) {
                if (possible(type, reason)) {
                    counters(new Key(type, Status.REJECTED, reason));
                }
            }
        }
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            deadLetters.put(reason, Counter.builder(DEAD_LETTERS)
                    .description("Records of the commands topic that are not commands, copied to the dead-letter topic")
                    .tag("reason", reason.code())
                    .register(registry));
        }
        batchSize = DistributionSummary.builder(BATCH_SIZE)
                .description("Records per batch applied in one transaction")
                .publishPercentileHistogram()
                .register(registry);
        applyLatency = Timer.builder(APPLY_LATENCY)
                .description("Time to apply one batch of records, from the first database statement to its commit")
                .publishPercentileHistogram()
                .register(registry);
        for (String setting : new String[] {LOCK_TIMEOUT, STATEMENT_TIMEOUT}) {
            databaseTimeouts.put(setting, Counter.builder(DATABASE_TIMEOUTS)
                    .description("Attempts at a batch cancelled by PostgreSQL's lock_timeout or statement_timeout, "
                            + "each retried after a back-off")
                    .tag("setting", setting)
                    .register(registry));
        }
        Gauge.builder(CONSUMER_LAG, registry, CommandMetrics::recordsLagMax)
                .description("Largest number of records any partition of this instance was behind, over the "
                        + "consumers' recent sampling window")
                .register(registry);
    }

    /** Counts a result about to be published: under {@code tally.commands.replays} when it is a replay. */
    public void recorded(Result result) {
        Counters counters = counters(new Key(result.type(), result.status(), result.reason()));
        (result.replay() ? counters.replays() : counters.commands()).increment();
    }

    /** Counts a record copied to the dead-letter topic. */
    public void deadLettered(DeadLetterReason reason) {
        deadLetters.get(reason).increment();
    }

    /**
     * Records one applied batch.
     *
     * @param size  the number of records in it, at least 0
     * @param nanos how long applying it took, in nanoseconds
     */
    public void batchApplied(int size, long nanos) {
        if (size < 0 || nanos < 0) {
            throw new IllegalArgumentException("size and nanos must be >= 0, were " + size + " and " + nanos);
        }
        batchSize.record(size);
        applyLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Counts an attempt at a batch that PostgreSQL cancelled when a timeout expired.
     *
     * @param setting {@link #LOCK_TIMEOUT} or {@link #STATEMENT_TIMEOUT}
     */
    public void databaseTimedOut(String setting) {
        Counter counter = databaseTimeouts.get(setting);
        if (counter == null) {
            throw new IllegalArgumentException("setting must be " + LOCK_TIMEOUT + " or " + STATEMENT_TIMEOUT
                    + ", was " + setting);
        }
        counter.increment();
    }

    /** The two counters of a type, status and reason, registered on first use. */
    private Counters counters(Key key) {
        return counters.computeIfAbsent(key, k -> {
            String reason = k.reason() == null ? NO_REASON : k.reason().code();
            return new Counters(
                    Counter.builder(COMMANDS)
                            .description("Results published that are not replays, by command type, status and reason")
                            .tags("type", k.type().wireName(), "status", k.status().name(), "reason", reason)
                            .register(registry),
                    Counter.builder(REPLAYS)
                            .description("Results of records carrying an id that was decided before, by type, "
                                    + "status and reason")
                            .tags("type", k.type().wireName(), "status", k.status().name(), "reason", reason)
                            .register(registry));
        });
    }

    /**
     * Whether a command of this type can be rejected for this reason, so that its series is registered up front;
     * others are registered only if they ever happen (a reason added to the contract later, say).
     */
    private static boolean possible(CommandType type, Reason reason) {
        return switch (reason) {
            case INVALID_COMMAND, ID_REUSED_WITH_DIFFERENT_FIELDS -> true;
            case ACCOUNT_EXISTS -> type == CommandType.OPEN_ACCOUNT;
            default -> type == CommandType.TRANSFER;
        };
    }

    /**
     * The largest {@code records-lag-max} of this instance's consumers, as bound to the registry by
     * {@link KafkaClientMetricsConfiguration}; {@code NaN} while no consumer has a value.
     */
    private static double recordsLagMax(MeterRegistry registry) {
        return registry.find(RECORDS_LAG_MAX).gauges().stream()
                .mapToDouble(Gauge::value)
                .filter(Double::isFinite)
                .max()
                .orElse(Double.NaN);
    }

    private record Key(CommandType type, Status status, Reason reason) {
    }

    private record Counters(Counter commands, Counter replays) {
    }
}
