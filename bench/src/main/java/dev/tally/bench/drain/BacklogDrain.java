package dev.tally.bench.drain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.tally.bench.CpuMeter;
import dev.tally.bench.Testbed;
import dev.tally.bench.VerifyReport;
import dev.tally.contracts.Topics;
import dev.tally.contracts.Transfer;
import dev.tally.demo.LocalDatabase;
import dev.tally.testkit.WorkerProcess;

/**
 * The backlog drain: a worker started on a backlog of transfers that waited for it, timed until a
 * {@code read_committed} reader of the results topic has seen a result for every one of them.
 *
 * <p>A worker opens and funds the accounts through {@code tally load} (with one transfer, as {@code --count} must be
 * positive) and is stopped; then the {@link Backlog} goes straight into the commands topic. A fresh worker with the
 * default settings drains it. The set-up's report and the backlog's ids are written together as one
 * {@code tally load} report, so that {@code tally verify --report} checks every command of the drain (one result
 * each, one agreeing journal row, each debit account's transfers in publish order) as well as the book.
 */
final class BacklogDrain {

    private static final String STATUSES = """
            SELECT status, COUNT(*) AS transfers
            FROM transfers
            WHERE id = ANY(?)
            GROUP BY status
            """;

    private final Testbed bed;
    private final String prefix = "drain";

    BacklogDrain(Testbed bed) {
        this.bed = bed;
    }

    /** Sets up, preloads {@code count} transfers, drains them with a fresh worker and verifies. */
    DrainOutcome run(int count) throws Exception {
        Path setupReport = bed.logs().resolve("drain-setup.json");
        setUp(setupReport);
        long preloadStarted = System.nanoTime();
        List<Transfer> backlog = Backlog.publish(bed.bootstrap(), prefix, Testbed.ACCOUNTS, count);
        double preloadSeconds = (System.nanoTime() - preloadStarted) / 1e9;
        bed.out().printf(Locale.ROOT, "    %,d transfers preloaded in %.1f s%n", count, preloadSeconds);
        Path report = bed.logs().resolve("drain.json");
        Backlog.writeReport(setupReport, backlog, report);

        Set<String> ids = new HashSet<>(count * 2);
        backlog.forEach(transfer -> ids.add(transfer.id().toString()));
        ResultsReader reader = new ResultsReader(bed.bootstrap(), ids);
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
        try (WorkerProcess worker = bed.startWorker("drain")) {
            long started = System.nanoTime();
            startSeconds = (started - launched) / 1e9;
            CpuMeter before = CpuMeter.read(worker.pid());
            long seenAtStart = reader.seen.get();
            reading.join();
            cpu = CpuMeter.read(worker.pid()).minus(before);
            cpuCommands = reader.seen.get() - seenAtStart;
            cpuWallSeconds = ((reader.last > 0 ? reader.last : System.nanoTime()) - started) / 1e9;
            workerMetrics = Testbed.workerMetrics(worker);
        }
        boolean complete = reader.seen.get() == count;
        if (!complete) {
            bed.out().printf(Locale.ROOT, "    only %,d of %,d results within %d s%n", reader.seen.get(), count,
                    limit.toSeconds());
        }
        Map<String, Long> statuses = statuses(bed.database(), backlog);
        String verdict = VerifyReport.run(bed.out(), bed.bootstrap(), null, bed.database(), report);
        return new DrainOutcome(count, preloadSeconds, startSeconds, complete ? (reader.last - launched) / 1e9 : 0,
                complete ? (reader.last - reader.first) / 1e9 : 0, count - reader.firstCount, cpu, cpuCommands,
                cpuWallSeconds, statuses, workerMetrics, complete ? verdict : "INCOMPLETE");
    }

    /** A worker decides the accounts' opening and funding through {@code tally load}; then it is stopped. */
    private void setUp(Path report) throws IOException, InterruptedException {
        Path log = bed.logs().resolve("load-drain-setup.log");
        Files.deleteIfExists(report);
        try (WorkerProcess ignored = bed.startWorker("drain-setup")) {
            Process load = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx1g",
                    "-jar", bed.tallyJar().toString(), "load", "--bootstrap", bed.bootstrap(), "--accounts",
                    Integer.toString(Testbed.ACCOUNTS), "--prefix", prefix, "--count", "1", "--timeout", "300s",
                    "--report", report.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            int exit = load.waitFor();
            if (exit != 0 || !Files.isRegularFile(report)) {
                throw new IllegalStateException("opening and funding the drain's accounts failed (exit code " + exit
                        + "), see " + log);
            }
        }
    }

    private static Map<String, Long> statuses(LocalDatabase database, List<Transfer> backlog) throws SQLException {
        Map<String, Long> statuses = new TreeMap<>();
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
}
