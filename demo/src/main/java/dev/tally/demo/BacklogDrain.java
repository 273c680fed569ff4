package dev.tally.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.Topics;
import dev.tally.contracts.Transfer;
import dev.tally.contracts.WireCodec;
import dev.tally.testkit.WorkerProcess;

/**
 * The backlog drain: a worker started on a backlog of transfers that waited for it, timed until a
 * {@code read_committed} reader of the results topic has seen a result for every one of them.
 *
 * <p>A worker opens and funds the accounts through {@code tally load} (with one transfer, as {@code --count} must be
 * positive) and is stopped; then the backlog goes straight into the commands topic with a plain fast producer: real
 * contract JSON from {@link WireCodec#encodeCommand}, keyed by debit account, uniform over the accounts, amounts
 * too small for any to be refused for funds. A fresh worker with the default settings drains it. The set-up's report
 * and the backlog's ids are written together as one {@code tally load} report, so that {@code tally verify --report}
 * checks every command of the drain (one result each, one agreeing journal row, each debit account's transfers in
 * publish order) as well as the book.
 */
final class BacklogDrain {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String STATUSES = """
            SELECT status, COUNT(*) AS transfers
            FROM transfers
            WHERE id = ANY(?)
            GROUP BY status
            """;

    /** Starts a worker with the default settings; {@code name} names its log. */
    interface Workers {
        WorkerProcess start(String name) throws IOException, InterruptedException;
    }

    /** The counters of a worker's Prometheus endpoint; empty when they cannot be read. */
    interface Metrics {
        Map<String, Double> of(WorkerProcess worker);
    }

    /**
     * What the drain measured.
     *
     * @param commands           transfers preloaded
     * @param preloadSeconds     to publish the backlog (not part of the drain)
     * @param startSeconds       from launching the worker's JVM until it said it had started
     * @param fromLaunchSeconds  from launching the worker's JVM until the last result was read
     * @param fromFirstSeconds   from the first result read until the last
     * @param afterFirstCommands results read after the first poll that returned any (the rate's numerator from the
     *                           first result, as the ceilings count theirs)
     * @param cpu                CPU of each process from the worker's start until the last result was read
     * @param cpuCommands        results read in that time
     * @param cpuWallSeconds     that time
     * @param statuses           journal rows of the backlog by status
     * @param workerMetrics      the drain worker's counters when the drain ended (it started with none)
     * @param verdict            {@code OK}, {@code VIOLATED} (by {@code tally verify}) or {@code INCOMPLETE}
     */
    record Outcome(long commands, double preloadSeconds, double startSeconds, double fromLaunchSeconds,
                   double fromFirstSeconds, long afterFirstCommands, CpuMeter cpu, long cpuCommands,
                   double cpuWallSeconds, Map<String, Long> statuses, Map<String, Double> workerMetrics,
                   String verdict) {

        double perSecondFromLaunch() {
            return fromLaunchSeconds > 0 ? commands / fromLaunchSeconds : 0;
        }

        double perSecondFromFirst() {
            return fromFirstSeconds > 0 ? afterFirstCommands / fromFirstSeconds : 0;
        }
    }

    private final String bootstrap;
    private final LocalDatabase database;
    private final Path tallyJar;
    private final Path logs;
    private final int accounts;
    private final Workers workers;
    private final Metrics metrics;
    private final PrintWriter out;
    private final String prefix = "drain";

    BacklogDrain(String bootstrap, LocalDatabase database, Path tallyJar, Path logs, int accounts, Workers workers,
                 Metrics metrics, PrintWriter out) {
        this.bootstrap = bootstrap;
        this.database = database;
        this.tallyJar = tallyJar;
        this.logs = logs;
        this.accounts = accounts;
        this.workers = workers;
        this.metrics = metrics;
        this.out = out;
    }

    /** Sets up, preloads {@code count} transfers, drains them with a fresh worker and verifies. */
    Outcome run(int count) throws Exception {
        Path setupReport = logs.resolve("drain-setup.json");
        setUp(setupReport);
        long preloadStarted = System.nanoTime();
        List<Transfer> backlog = preload(count);
        double preloadSeconds = (System.nanoTime() - preloadStarted) / 1e9;
        out.printf(java.util.Locale.ROOT, "    %,d transfers preloaded in %.1f s%n", count, preloadSeconds);
        Path report = logs.resolve("drain.json");
        writeReport(setupReport, backlog, report);

        Set<String> ids = new HashSet<>(count * 2);
        backlog.forEach(transfer -> ids.add(transfer.id().toString()));
        Reader reader = new Reader(ids);
        Duration limit = Duration.ofSeconds(120 + count / 500);
        CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> reader.read(limit));
        if (!reader.caughtUp.await(120, TimeUnit.SECONDS) || reading.isDone()) {
            reading.join();
            throw new IllegalStateException("the results reader did not reach the end of " + Topics.RESULTS);
        }
        long launched = System.nanoTime();
        CpuMeter cpu;
        long cpuCommands;
        double startSeconds;
        double cpuWallSeconds;
        Map<String, Double> workerMetrics;
        try (WorkerProcess worker = workers.start("drain")) {
            long started = System.nanoTime();
            startSeconds = (started - launched) / 1e9;
            CpuMeter before = CpuMeter.read(worker.pid());
            long seenAtStart = reader.seen.get();
            reading.join();
            cpu = CpuMeter.read(worker.pid()).minus(before);
            cpuCommands = reader.seen.get() - seenAtStart;
            cpuWallSeconds = ((reader.last > 0 ? reader.last : System.nanoTime()) - started) / 1e9;
            workerMetrics = metrics.of(worker);
        }
        boolean complete = reader.seen.get() == count;
        if (!complete) {
            out.printf(java.util.Locale.ROOT, "    only %,d of %,d results within %d s%n", reader.seen.get(), count,
                    limit.toSeconds());
        }
        Map<String, Long> statuses = statuses(backlog);
        String verdict = VerifyReport.run(out, bootstrap, null, database, report);
        return new Outcome(count, preloadSeconds, startSeconds, complete ? (reader.last - launched) / 1e9 : 0,
                complete ? (reader.last - reader.first) / 1e9 : 0, count - reader.firstCount, cpu, cpuCommands,
                cpuWallSeconds, statuses, workerMetrics, complete ? verdict : "INCOMPLETE");
    }

    /** A worker decides the accounts' opening and funding through {@code tally load}; then it is stopped. */
    private void setUp(Path report) throws IOException, InterruptedException {
        Path log = logs.resolve("load-drain-setup.log");
        Files.deleteIfExists(report);
        try (WorkerProcess ignored = workers.start("drain-setup")) {
            Process load = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx1g",
                    "-jar", tallyJar.toString(), "load", "--bootstrap", bootstrap, "--accounts",
                    Integer.toString(accounts), "--prefix", prefix, "--count", "1", "--timeout", "300s",
                    "--report", report.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            int exit = load.waitFor();
            if (exit != 0 || !Files.isRegularFile(report)) {
                throw new IllegalStateException("opening and funding the drain's accounts failed (exit code " + exit
                        + "), see " + log);
            }
        }
    }

    /**
     * Publishes {@code count} transfers into the commands topic, returned in publish order. One request in flight
     * keeps each partition in publish order even when a send is retried, so that {@code tally verify} can check
     * the order of decisions; the order of the backlog as a whole does not matter.
     */
    private List<Transfer> preload(int count) {
        Map<String, Object> config = EchoCeiling.backlogProducerSettings(bootstrap);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        List<AccountId> ids = new ArrayList<>(accounts);
        for (int i = 0; i < accounts; i++) {
            ids.add(new AccountId(String.format("%s-%05d", prefix, i)));
        }
        List<Transfer> backlog = new ArrayList<>(count);
        Random random = new Random(7);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                int debit = random.nextInt(accounts);
                int credit = (debit + 1 + random.nextInt(accounts - 1)) % accounts;
                // Each account is funded with tally load's 1,000,000 and debited about count/accounts times by at
                // most 100: none is refused for funds.
                Transfer transfer = new Transfer(CommandId.random(), ids.get(debit), ids.get(credit),
                        1 + random.nextInt(100), "EUR", null);
                backlog.add(transfer);
                producer.send(new ProducerRecord<>(Topics.COMMANDS,
                        transfer.orderingKey().value().getBytes(StandardCharsets.UTF_8),
                        WireCodec.encodeCommand(transfer)));
            }
            producer.flush();
        }
        return backlog;
    }

    /** The set-up's report with the backlog appended in publish order, as {@code tally verify --report} reads it. */
    private static void writeReport(Path setupReport, List<Transfer> backlog, Path report) throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(setupReport.toFile());
        ArrayNode commands = (ArrayNode) root.get("commands");
        long sequence = 0;
        for (JsonNode command : commands) {
            sequence = Math.max(sequence, command.get("seq").asLong() + 1);
        }
        ObjectNode figures = root.putObject("figures");
        figures.put("setup_commands", commands.size());
        figures.put("preloaded", backlog.size());
        for (Transfer transfer : backlog) {
            ObjectNode node = commands.addObject();
            node.put("seq", sequence++);
            node.put("id", transfer.id().toString());
            node.put("kind", "transfer");
            node.put("type", transfer.type().wireName());
            node.put("ordering_key", transfer.orderingKey().value());
            node.put("debit_account_id", transfer.debitAccountId().value());
            node.put("credit_account_id", transfer.creditAccountId().value());
            node.put("amount", transfer.amount());
        }
        JSON.writeValue(report.toFile(), root);
    }

    private Map<String, Long> statuses(List<Transfer> backlog) throws SQLException {
        Map<String, Long> statuses = new java.util.TreeMap<>();
        try (Connection connection = DriverManager.getConnection(database.url(), database.user(),
                database.password()); PreparedStatement statement = connection.prepareStatement(STATUSES)) {
            statement.setArray(1, connection.createArrayOf("uuid",
                    backlog.stream().map(transfer -> transfer.id().value()).toArray()));
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    statuses.put(row.getString("status"), row.getLong("transfers"));
                }
            }
        }
        return statuses;
    }

    /**
     * A {@code read_committed} reader of every results partition from the beginning: it first reads up to the end
     * (no worker is running, so nothing of the backlog can be there yet, but whatever is gets counted), says so,
     * then counts the backlog's ids among the results until it has seen them all or {@code limit} passed.
     */
    private final class Reader {

        private final Set<String> remaining;
        final CountDownLatch caughtUp = new CountDownLatch(1);
        final AtomicLong seen = new AtomicLong();
        volatile long first;
        volatile long firstCount;
        volatile long last;

        Reader(Set<String> ids) {
            this.remaining = ids;
        }

        void read(Duration limit) {
            Map<String, Object> config = new HashMap<>();
            config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer())) {
                List<TopicPartition> partitions = new ArrayList<>();
                for (PartitionInfo info : consumer.partitionsFor(Topics.RESULTS)) {
                    partitions.add(new TopicPartition(info.topic(), info.partition()));
                }
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                    count(consumer);
                }
                caughtUp.countDown();
                long deadline = System.nanoTime() + limit.toNanos();
                while (!remaining.isEmpty() && System.nanoTime() < deadline) {
                    count(consumer);
                }
            } finally {
                caughtUp.countDown();
            }
        }

        private void count(KafkaConsumer<byte[], byte[]> consumer) {
            long counted = 0;
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                if (record.key() != null && remaining.remove(new String(record.key(), StandardCharsets.UTF_8))) {
                    counted++;
                }
            }
            if (counted == 0) {
                return;
            }
            long now = System.nanoTime();
            if (first == 0) {
                // The worker's start and its group's join are paid once; the rate from here is counted as the
                // ceilings count theirs, from the first poll that returned anything.
                first = now;
                firstCount = counted;
            }
            seen.addAndGet(counted);
            last = now;
        }
    }
}
