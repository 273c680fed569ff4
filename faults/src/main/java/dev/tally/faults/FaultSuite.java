package dev.tally.faults;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.tally.producer.cli.TallyCli;
import dev.tally.testkit.BrokerProcess;
import dev.tally.testkit.OwnedPostgres;

/**
 * Runs {@code tally load} against three worker JVMs, a Kafka broker process and a PostgreSQL server of its own, and
 * meanwhile kills a random worker with SIGKILL and restarts it, kills the broker with SIGKILL and restarts it on the
 * same ports and log directory, and stops PostgreSQL in immediate mode and starts it again — each fault in turn, a
 * few seconds apart. Then {@code tally verify --report} checks every invariant. It prints a table of the faults
 * injected and the invariants, and exits non-zero when the load failed or any invariant is violated.
 *
 * <p>{@code --corrupt} then applies one applied transfer a second time directly in SQL, behind the worker's back,
 * and runs {@code tally verify} again, to show that the check can fail; the suite exits with that verdict.
 *
 * <p>Usage: {@code FaultSuite [--short | --long] [--corrupt]} (the short form by default).
 */
public final class FaultSuite {

    /** What to run: the load, and how many faults of each kind, spaced by {@code gap}. */
    public record Plan(String name, int transfers, int accounts, int ratePerSecond, int workerKills,
                       int brokerKills, int databaseStops, Duration gap) {

        /** About three minutes on a small machine: the form that {@code ./mvnw verify} runs. */
        public static Plan shortForm() {
            return new Plan("short", 5_000, 200, 45, 4, 1, 1, Duration.ofSeconds(4));
        }

        /** The soak: at least ten minutes. */
        public static Plan longForm() {
            return new Plan("long", 50_000, 1_000, 80, 12, 2, 1, Duration.ofSeconds(20));
        }
    }

    /** One injected fault and how long the system took to have the process back. */
    public record Fault(String kind, String target, long atMs, long recoveredMs) {
    }

    /** What a run found. */
    public record Outcome(Plan plan, List<Fault> faults, int loadExit, String loadOutput, int verifyExit,
                          String verifyOutput, Integer corruptedVerifyExit, String corruptedVerifyOutput,
                          String table) {

        /** The load finished and every invariant held. */
        public boolean passed() {
            return loadExit == 0 && verifyExit == 0;
        }

        public long count(String kind) {
            return faults.stream().filter(fault -> fault.kind().equals(kind)).count();
        }
    }

    static final String WORKER_KILL = "worker SIGKILL + restart";
    static final String BROKER_KILL = "broker SIGKILL + restart";
    static final String DATABASE_STOP = "PostgreSQL stop -m immediate + start";

    private FaultSuite() {
    }

    public static void main(String[] args) throws Exception {
        List<String> options = List.of(args);
        Plan plan = options.contains("--long") ? Plan.longForm() : Plan.shortForm();
        Outcome outcome = run(plan, options.contains("--corrupt"), Files.createTempDirectory("tally-faults-"));
        System.out.print(outcome.table());
        System.out.flush();
        int exit = outcome.corruptedVerifyExit() != null ? outcome.corruptedVerifyExit() : (outcome.passed() ? 0 : 1);
        System.exit(exit);
    }

    /** Runs the plan in {@code directory} (logs of every process, the load report) and stops everything it started. */
    public static Outcome run(Plan plan, boolean corrupt, Path directory) throws Exception {
        long started = System.nanoTime();
        Random random = new Random();
        List<Fault> faults = Collections.synchronizedList(new ArrayList<>());
        WorkerPool workers = null;
        try (OwnedPostgres database = OwnedPostgres.start();
             BrokerProcess broker = BrokerProcess.format(directory.resolve("kafka"), List.of())) {
            broker.start();
            Map<String, String> base = Map.of(
                    "SPRING_DATASOURCE_URL", database.jdbcUrl(),
                    "SPRING_DATASOURCE_USERNAME", database.user(),
                    "SPRING_DATASOURCE_PASSWORD", "",
                    "SPRING_KAFKA_BOOTSTRAP_SERVERS", broker.bootstrap(),
                    "SERVER_PORT", "0");
            workers = new WorkerPool(base, directory);
            workers.startAll();

            Path report = directory.resolve("load-report.json");
            StringWriter loadOutput = new StringWriter();
            CountDownLatch transfersStarted = new CountDownLatch(1);
            PrintWriter progress = new PrintWriter(new ProgressWatch(directory.resolve("load-progress.log"),
                    "transfers", transfersStarted), true);
            CompletableFuture<Integer> load = CompletableFuture.supplyAsync(() -> TallyCli.execute(
                    new PrintWriter(loadOutput, true), progress, "load", "--bootstrap", broker.bootstrap(),
                    "--accounts", Integer.toString(plan.accounts()), "--count", Integer.toString(plan.transfers()),
                    "--rate", Integer.toString(plan.ratePerSecond()), "--hot-share", "0.1",
                    "--duplicate-share", "0.05", "--reject-share", "0.05", "--hold-share", "0.1",
                    "--linked-share", "0.05", "--timeout", "300s",
                    // A send blocks (rather than fails) while the broker is down and restarting; a command whose
                    // send failed was never acknowledged, and verify would rightly count it as without a result.
                    "--connect-timeout", "120s",
                    "--report", report.toString()));
            load.whenComplete((exit, failure) -> transfersStarted.countDown());
            transfersStarted.await(10, TimeUnit.MINUTES);

            for (String kind : schedule(plan, random)) {
                if (load.isDone()) {
                    break;
                }
                if (!kind.equals(WORKER_KILL)) {
                    workers.awaitRestarts();
                }
                long at = elapsedMs(started);
                String target;
                switch (kind) {
                    case WORKER_KILL -> {
                        // The restart goes on in the background, so that the kills that follow overlap it (on a
                        // slow machine a worker JVM takes 30-50 s to start, and restarts awaited one by one did
                        // not fit in the load).
                        workers.killOneAndRestart(random,
                                killed -> faults.add(new Fault(WORKER_KILL, killed, at, elapsedMs(started) - at)));
                        pause(plan.gap());
                        continue;
                    }
                    case BROKER_KILL -> {
                        target = broker.bootstrap();
                        broker.kill();
                        pause(Duration.ofSeconds(2));
                        broker.start();
                    }
                    default -> {
                        target = "port " + database.port();
                        database.stop();
                        pause(Duration.ofSeconds(3));
                        database.startAgain();
                    }
                }
                faults.add(new Fault(kind, target, at, elapsedMs(started) - at));
                pause(plan.gap());
            }
            workers.awaitRestarts();
            int loadExit = load.get(30, TimeUnit.MINUTES);

            StringWriter verifyOutput = new StringWriter();
            int verifyExit = verify(broker, database, report, verifyOutput);
            Integer corruptedExit = null;
            StringWriter corruptedOutput = new StringWriter();
            if (corrupt) {
                applyOneTransferAgain(database);
                corruptedExit = verify(broker, database, report, corruptedOutput);
            }
            String table = FaultTable.table(plan, faults, loadExit, loadOutput.toString(), verifyExit, verifyOutput.toString(),
                    corruptedExit, corruptedOutput.toString(), elapsedMs(started), directory);
            return new Outcome(plan, faults, loadExit, loadOutput.toString(), verifyExit, verifyOutput.toString(),
                    corruptedExit, corruptedOutput.toString(), table);
        } finally {
            if (workers != null) {
                workers.killAll();
            }
        }
    }

    /**
     * The broker and database faults first, in a random order, each with every worker up (a worker starting while
     * the database is away would fail its migration check); then the worker kills, whose restarts overlap.
     */
    private static List<String> schedule(Plan plan, Random random) {
        List<String> others = new ArrayList<>();
        for (int i = 0; i < plan.brokerKills(); i++) {
            others.add(BROKER_KILL);
        }
        for (int i = 0; i < plan.databaseStops(); i++) {
            others.add(DATABASE_STOP);
        }
        Collections.shuffle(others, random);
        List<String> schedule = new ArrayList<>(others);
        for (int i = 0; i < plan.workerKills(); i++) {
            schedule.add(WORKER_KILL);
        }
        return schedule;
    }

    private static int verify(BrokerProcess broker, OwnedPostgres database, Path report, StringWriter output) {
        return TallyCli.execute(new PrintWriter(output, true), new PrintWriter(output, true), "verify",
                "--report", report.toString(), "--db-url", database.jdbcUrl(), "--db-user", database.user(),
                "--db-password", "", "--bootstrap", broker.bootstrap());
    }

    /**
     * Moves the money of one applied transfer a second time, directly in the database: exactly what a broken
     * idempotency check would do. Conservation still holds (the money only moved), so it is the journal
     * reconciliation that must catch it.
     */
    private static void applyOneTransferAgain(OwnedPostgres database) throws SQLException {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(), "");
             Statement statement = connection.createStatement()) {
            statement.executeUpdate("""
                    WITH t AS (
                        SELECT debit_account_id, credit_account_id, amount
                        FROM transfers
                        WHERE status = 'APPLIED'
                        ORDER BY decided_at DESC
                        LIMIT 1
                    )
                    UPDATE accounts AS a
                    SET balance = a.balance + CASE WHEN a.id = t.credit_account_id THEN t.amount ELSE -t.amount END
                    FROM t
                    WHERE a.id IN (t.debit_account_id, t.credit_account_id)
                    """);
        }
    }

    private static long elapsedMs(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    /** A fault lasts this long on purpose: a pause, not a wait for an outcome. */
    private static void pause(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
    }
}
