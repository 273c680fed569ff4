package dev.tally.demo;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.tally.producer.cli.TallyCli;
import dev.tally.testkit.WorkerProcess;

/**
 * The whole system on this machine in one command, with nothing installed but a JDK: a KRaft broker from the Kafka
 * jars, a fresh database, the worker jar as its own process, about 20 seconds of measured load (with deliberate
 * races on a hot account, retried duplicates and transfers that must be rejected) after a 20-second warm-up whose
 * latencies are not counted, then the invariant check. Everything it started is stopped at the end, and it exits
 * with the verdict: 0 when every invariant holds.
 *
 * <p>The database is, in this order and as printed: the one named by {@code TALLY_DB_URL} ({@code TALLY_DB_USER},
 * {@code TALLY_DB_PASSWORD}); a fresh one on the PostgreSQL at localhost:5432 ({@code TALLY_DEMO_PG_PORT}); on a
 * {@code postgres:16} container when Docker answers ({@code TALLY_DEMO_DOCKER=false} skips it); on an embedded
 * PostgreSQL from Maven Central (see {@link DatabaseServers}). An existing broker ({@code TALLY_KAFKA_BOOTSTRAP}) is
 * used instead of the in-JVM one; {@code TALLY_DEMO_SECONDS} sets the measured load's length and
 * {@code TALLY_DEMO_WARMUP_SECONDS} the warm-up's (0 for none).
 *
 * <p>{@code database} as the only argument finds or starts a database the same way, prints its JDBC URL and keeps it
 * until standard input ends (Enter or Ctrl-D), for running the worker by hand.
 */
public final class Demo {

    private final PrintWriter out;
    private final PrintWriter err;
    private final Map<String, String> environment;

    Demo(PrintWriter out, PrintWriter err, Map<String, String> environment) {
        this.out = out;
        this.err = err;
        this.environment = environment;
    }

    public static void main(String[] args) throws Exception {
        // The testkit on the class path ships a logback-test.xml, which logback would prefer to this jar's own quiet
        // logback.xml; the demo speaks through its progress lines.
        System.setProperty("logback.configurationFile", "logback.xml");
        if (args.length == 1 && args[0].equals("bench")) {
            System.err.println("The benchmark is its own jar now: java -jar bench/target/tally-bench.jar");
            System.exit(2);
        }
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        Demo demo = new Demo(out, err, System.getenv());
        if (args.length == 1 && args[0].equals("database")) {
            System.exit(demo.keepDatabase(System.in));
        }
        if (args.length > 0) {
            System.out.println("usage: java -jar demo/target/tally-demo.jar [database]\n"
                    + "  without arguments: the demo (about a minute);"
                    + "\n  database: a database found or started as the demo does, kept until Enter;"
                    + "\n  the benchmark is java -jar bench/target/tally-bench.jar (see docs/benchmarks.md)");
            System.exit(args[0].equals("--help") ? 0 : 2);
        }
        DemoJvm.relaunch(true, System.err);
        Duration loadDuration;
        Duration warmup;
        try {
            loadDuration = seconds(System.getenv(), "TALLY_DEMO_SECONDS", 20, 1);
            warmup = seconds(System.getenv(), "TALLY_DEMO_WARMUP_SECONDS", 20, 0);
        } catch (IllegalArgumentException e) {
            err.println("demo: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(demo.run(loadDuration, warmup));
    }

    /**
     * A whole number of seconds from the environment, {@code defaultSeconds} when the variable is not set.
     *
     * @throws IllegalArgumentException naming the variable when its value is not a whole number of at least
     *                                  {@code atLeast}
     */
    static Duration seconds(Map<String, String> environment, String variable, long defaultSeconds, long atLeast) {
        String value = environment.get(variable);
        if (value == null || value.isBlank()) {
            return Duration.ofSeconds(defaultSeconds);
        }
        try {
            long seconds = Long.parseLong(value.trim());
            if (seconds >= atLeast) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // Reported below, with the variable's name.
        }
        throw new IllegalArgumentException(variable + " must be a whole number of seconds, at least " + atLeast
                + ", was '" + value + "'");
    }

    /**
     * Runs the demo and returns its exit code: 0 all invariants OK, 1 a violation, 2 it could not run.
     *
     * @param loadDuration how long the measured load runs
     * @param warmup       how long the load runs before, not counted in its latencies and throughput; zero for none
     */
    int run(Duration loadDuration, Duration warmup) {
        long started = System.nanoTime();
        try (DatabaseServer server = server(); LocalDatabase database = database(server); LocalKafka kafka = kafka()) {
            String bootstrap = kafka == null ? environment.get("TALLY_KAFKA_BOOTSTRAP") : kafka.bootstrap();
            Path logs = Path.of("target", "demo");
            Path report = logs.resolve("load-report.json");
            List<String> jvmOptions = new ArrayList<>(List.of("-Xmx512m"));
            jvmOptions.addAll(DemoJvm.workerOptions());
            if (jvmOptions.contains(DemoJvm.C1_ONLY)) {
                step("The demo's JVMs compile with C1 only (" + DemoJvm.C1_ONLY + "): they run for a minute,"
                        + " too short for the optimising compiler to finish on a small machine");
            }
            if (ManagementFactory.getRuntimeMXBean().getInputArguments().contains(DemoJvm.BROKER_HEAP)) {
                step("The broker's JVM starts with a 1 GB heap (" + DemoJvm.BROKER_HEAP + ", as Kafka's start script"
                        + " gives a broker): its young collections, which stop the broker, come a third as often");
            }
            step("Starting the worker (java " + String.join(" ", jvmOptions) + " -jar " + WorkerProcess.jar()
                    + "), log in " + logs.resolve("worker.log"));
            try (WorkerProcess worker = WorkerProcess.start(Map.of(
                    "SPRING_DATASOURCE_URL", database.url(),
                    "SPRING_DATASOURCE_USERNAME", database.user(),
                    "SPRING_DATASOURCE_PASSWORD", database.password(),
                    "SPRING_KAFKA_BOOTSTRAP_SERVERS", bootstrap,
                    "TALLY_WORKER_INSTANCE_ID", "demo",
                    "SERVER_PORT", "0"), jvmOptions, logs.resolve("worker.log"))) {
                step("Worker running (pid " + worker.pid() + "). Publishing load for " + loadDuration.toSeconds()
                        + " s" + (warmup.isZero() ? "" : " after a " + warmup.toSeconds() + " s warm-up that is not"
                        + " counted: the JVMs just started compile their hot code") + ". 800 transfers/s over 200"
                        + " accounts, 30% of them racing on one hot account, 2% retried duplicates, 5% that must be"
                        + " rejected, 10% holds (posted, voided or left to expire) and 5% linked transfers");
                int load = TallyCli.execute(out, err, "load", "--bootstrap", bootstrap, "--accounts", "200",
                        "--rate", "800", "--warmup", warmup.toSeconds() + "s",
                        "--duration", loadDuration.toSeconds() + "s", "--hot-share", "0.3",
                        "--duplicate-share", "0.02", "--reject-share", "0.05", "--hold-share", "0.1",
                        "--linked-share", "0.05", "--hold-expiry", "2s", "--report", report.toString());
                if (load != 0) {
                    err.println("demo: the load did not complete (exit code " + load + ")");
                    return 2;
                }
                step("Verifying every invariant against the book of record and the results topic");
                int verdict = TallyCli.execute(out, err, "verify", "--bootstrap", bootstrap,
                        "--db-url", database.url(), "--db-user", database.user(),
                        "--db-password", database.password(), "--report", report.toString());
                step("Stopping the worker and everything else the demo started");
                return verdict;
            }
        } catch (Exception e) {
            err.println("demo: " + e.getMessage());
            return 2;
        } finally {
            step("Done in " + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s");
        }
    }

    /**
     * Finds or starts a database as {@link #run} does, prints its JDBC URL, and keeps it until {@code stdin} ends or
     * a line is read from it. Returns the exit code: 0, or 2 when no database could be had.
     */
    int keepDatabase(InputStream stdin) {
        try (DatabaseServer server = server(); LocalDatabase database = database(server)) {
            out.println(database.url() + " user=" + database.user()
                    + (database.password().isEmpty() ? "" : " password=" + database.password()));
            step("Press Enter to " + (server == null ? "stop" : "drop the database and stop"));
            new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)).readLine();
            return 0;
        } catch (Exception e) {
            err.println("demo: " + e.getMessage());
            return 2;
        }
    }

    /** The server to create the database on, or {@code null} when {@code TALLY_DB_URL} names the database. */
    private DatabaseServer server() {
        String url = environment.get("TALLY_DB_URL");
        if (url != null && !url.isBlank()) {
            return null;
        }
        DatabaseServer server = DatabaseServers.find(DatabaseServers.Settings.fromEnvironment(environment),
                this::step);
        step("Database server: " + server.description());
        return server;
    }

    private LocalDatabase database(DatabaseServer server) {
        if (server == null) {
            String url = environment.get("TALLY_DB_URL");
            step("Database: " + url + " (TALLY_DB_URL)");
            return LocalDatabase.existing(url, environment.getOrDefault("TALLY_DB_USER", "postgres"),
                    environment.getOrDefault("TALLY_DB_PASSWORD", ""));
        }
        LocalDatabase database = LocalDatabase.fresh(server, "tally_demo");
        step("Created the database " + database.url());
        return database;
    }

    private LocalKafka kafka() {
        String bootstrap = environment.get("TALLY_KAFKA_BOOTSTRAP");
        if (bootstrap != null && !bootstrap.isBlank()) {
            step("Using the Kafka broker at " + bootstrap);
            return null;
        }
        step("Starting a Kafka broker (KRaft, from the Kafka jars)");
        LocalKafka kafka = LocalKafka.start();
        step("Broker listening on " + kafka.bootstrap());
        return kafka;
    }

    private void step(String text) {
        out.println("==> " + text);
        out.flush();
    }
}
