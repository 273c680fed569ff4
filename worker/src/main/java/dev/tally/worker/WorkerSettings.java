package dev.tally.worker;

import java.time.Duration;
import java.util.UUID;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.tally.contracts.ClientTopics;
import dev.tally.contracts.Topics;
import dev.tally.worker.account.Locking;

/**
 * The worker's own settings, {@code tally.worker.*}. Everything has a default; a bad value stops start-up with a
 * message naming the property.
 *
 * @param topics      topic names and how to create them
 * @param groupId     the consumer group every worker instance joins
 * @param concurrency consumer threads in this instance (each owns some partitions)
 * @param batchSize   most commands decided in one database transaction; a poll (at most
 *                    {@code spring.kafka.consumer.max-poll-records}, 500 by default) is split into such batches
 * @param locking     how a batch keeps other transactions off its accounts: {@code pessimistic} (the default),
 *                    {@code optimistic} or {@code conditional}; see {@link Locking}
 * @param instanceId  names this instance's transactional producers ({@code tally-worker-<instance-id>-<n>}). It
 *                    must differ between live instances: two instances with one id fence each other's transactions
 *                    (nothing is lost — a fenced poll is read again — but they keep stalling each other). The
 *                    default, the host name and a random suffix ({@link #defaultInstanceId()}), is unique per
 *                    process. A stable value per instance (a StatefulSet pod name) lets a restarted instance fence
 *                    its predecessor's open transaction at once, instead of readers of the results topic waiting
 *                    until that transaction times out
 * @param retry       back-off between attempts at a batch that failed (the database or broker is down, a
 *                    deadlock, ...); attempts never stop, and a failing batch is never skipped
 * @param database    how long the worker's database statements may wait for a lock, or run
 * @param clients     where the worker finds clients' topics (contract v1.2), and how often it checks again those it
 *                    cannot serve yet
 */
@ConfigurationProperties("tally.worker")
public record WorkerSettings(TopicSettings topics, String groupId, Integer concurrency, Integer batchSize,
                             Locking locking, String instanceId, RetrySettings retry,
                             DatabaseSettings database, ClientSettings clients) {

    public WorkerSettings {
        topics = topics == null ? new TopicSettings(null, null, null, null, null, null) : topics;
        groupId = blankToDefault(groupId, "tally-worker");
        concurrency = concurrency == null ? 2 : concurrency;
        if (concurrency < 1) {
            throw new IllegalArgumentException("tally.worker.concurrency must be at least 1, was " + concurrency);
        }
        batchSize = batchSize == null ? 500 : batchSize;
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException("tally.worker.batch-size must be 1-10000, was " + batchSize);
        }
        locking = locking == null ? Locking.PESSIMISTIC : locking;
        instanceId = blankToDefault(instanceId, defaultInstanceId());
        if (!instanceId.matches("[A-Za-z0-9._-]{1,100}")) {
            throw new IllegalArgumentException(
                    "tally.worker.instance-id must be 1-100 characters from A-Z a-z 0-9 . _ -, was " + instanceId);
        }
        retry = retry == null ? new RetrySettings(null, null) : retry;
        database = database == null ? new DatabaseSettings(null, null) : database;
        clients = clients == null ? new ClientSettings(null, null) : clients;
    }

    /**
     * @param commands          the topic the worker reads commands from
     * @param results           the topic the worker publishes one result per command id to
     * @param deadLetters       the topic records that are not commands are copied to, with the reason in headers
     * @param partitions        partitions of the commands and dead-letter topics created at start-up (existing
     *                          topics are left alone)
     * @param resultPartitions  partitions of the results topic created at start-up. Each poll's Kafka transaction
     *                          ends with a commit marker in every partition it wrote a result to, so fewer
     *                          partitions mean fewer markers per poll (docs/benchmarks.md); clients read every
     *                          partition, whatever their number. {@code null} means {@value #RESULT_PARTITIONS}
     * @param replicationFactor replicas of each created topic; {@code null} means the broker's default
     */
    public record TopicSettings(String commands, String results, String deadLetters, Integer partitions,
                                Integer resultPartitions, Short replicationFactor) {

        /** The default number of partitions of a results topic the worker creates. */
        public static final int RESULT_PARTITIONS = 1;

        public TopicSettings {
            commands = blankToDefault(commands, Topics.COMMANDS);
            results = blankToDefault(results, Topics.RESULTS);
            deadLetters = blankToDefault(deadLetters, Topics.DEAD_LETTERS);
            partitions = partitions == null ? 12 : partitions;
            if (partitions < 1) {
                throw new IllegalArgumentException(
                        "tally.worker.topics.partitions must be at least 1, was " + partitions);
            }
            resultPartitions = resultPartitions == null ? RESULT_PARTITIONS : resultPartitions;
            if (resultPartitions < 1) {
                throw new IllegalArgumentException(
                        "tally.worker.topics.result-partitions must be at least 1, was " + resultPartitions);
            }
            if (replicationFactor != null && replicationFactor < 1) {
                throw new IllegalArgumentException(
                        "tally.worker.topics.replication-factor must be at least 1, was " + replicationFactor);
            }
        }
    }

    /**
     * @param initialInterval the first pause after a failure; it doubles with each further failure
     * @param maxInterval     the longest pause; keep it well below {@code max.poll.interval.ms}
     */
    public record RetrySettings(Duration initialInterval, Duration maxInterval) {

        public RetrySettings {
            initialInterval = initialInterval == null ? Duration.ofMillis(200) : initialInterval;
            maxInterval = maxInterval == null ? Duration.ofSeconds(10) : maxInterval;
            if (initialInterval.isNegative() || initialInterval.isZero()) {
                throw new IllegalArgumentException("tally.worker.retry.initial-interval must be positive");
            }
            if (maxInterval.compareTo(initialInterval) < 0) {
                throw new IllegalArgumentException(
                        "tally.worker.retry.max-interval must be at least tally.worker.retry.initial-interval");
            }
        }
    }

    /**
     * This host's name (from {@code HOSTNAME}, else the local address), reduced to the characters an instance id
     * may hold and to 60 of them, a dash, and 8 random hexadecimal digits: {@code worker-7f9c-1a2b3c4d}.
     */
    static String defaultInstanceId() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                host = "worker";
            }
        }
        String safe = host.replaceAll("[^A-Za-z0-9._-]", "-");
        safe = safe.substring(0, Math.min(safe.length(), 60));
        return (safe.isEmpty() ? "worker" : safe) + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * PostgreSQL's {@code lock_timeout} and {@code statement_timeout}, set on every connection of the worker's pool.
     * A batch whose statement waited or ran longer is cancelled by the database and retried after the listener's
     * back-off, like any other transient failure. Keep both well below the Kafka transaction timeout
     * ({@code transaction.timeout.ms}, 30 s by default), which a poll's database work happens inside.
     *
     * @param lockTimeout      longest wait for one row lock (an operator's open transaction on an account, say)
     * @param statementTimeout longest run of one statement, waits included
     */
    public record DatabaseSettings(Duration lockTimeout, Duration statementTimeout) {

        public DatabaseSettings {
            lockTimeout = lockTimeout == null ? Duration.ofSeconds(5) : lockTimeout;
            statementTimeout = statementTimeout == null ? Duration.ofSeconds(10) : statementTimeout;
            if (lockTimeout.toMillis() < 1) {
                throw new IllegalArgumentException("tally.worker.database.lock-timeout must be at least 1ms, was "
                        + lockTimeout);
            }
            if (statementTimeout.toMillis() < 1) {
                throw new IllegalArgumentException(
                        "tally.worker.database.statement-timeout must be at least 1ms, was " + statementTimeout);
            }
            if (lockTimeout.toMillis() > Integer.MAX_VALUE || statementTimeout.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("tally.worker.database.lock-timeout and statement-timeout must be "
                        + "at most " + Integer.MAX_VALUE + "ms");
            }
        }
    }

    /**
     * @param topicPrefix     the prefix of every client's topics: {@code <prefix><name>.commands}, {@code .results}
     *                        and {@code .commands.DLT}. The contract's {@code tally.client.} unless several Tally
     *                        deployments (or test runs) share one cluster
     * @param recheckInterval how often a client whose results or dead-letter topic is missing or not writable is
     *                        checked again (its commands wait, paused, meanwhile)
     */
    public record ClientSettings(String topicPrefix, Duration recheckInterval) {

        public ClientSettings {
            topicPrefix = blankToDefault(topicPrefix, ClientTopics.PREFIX);
            if (!topicPrefix.matches("[A-Za-z0-9._-]{1,150}")) {
                throw new IllegalArgumentException("tally.worker.clients.topic-prefix must be 1-150 characters from "
                        + "A-Z a-z 0-9 . _ -, was " + topicPrefix);
            }
            recheckInterval = recheckInterval == null ? Duration.ofSeconds(10) : recheckInterval;
            if (recheckInterval.toMillis() < 1) {
                throw new IllegalArgumentException("tally.worker.clients.recheck-interval must be positive");
            }
        }
    }

    private static String blankToDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
