package dev.tally.demo;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.tally.producer.cli.TallyCli;
import dev.tally.testkit.WorkerProcess;

/**
 * The whole system on this machine in one command, without Docker: a KRaft broker from the Kafka jars, a fresh
 * database, the worker jar as its own process, about 20 seconds of load (with deliberate races on a hot account,
 * retried duplicates and transfers that must be rejected), then the invariant check. Everything it started is
 * stopped at the end, and it exits with the verdict: 0 when every invariant holds.
 *
 * <p>An existing broker ({@code TALLY_KAFKA_BOOTSTRAP}) or database ({@code TALLY_DB_URL}, {@code TALLY_DB_USER},
 * {@code TALLY_DB_PASSWORD}) is used instead of the local default; {@code TALLY_DEMO_SECONDS} sets the load's length.
 */
public final class Demo {

    private final PrintWriter out;
    private final PrintWriter err;

    Demo(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("bench")) {
            Benchmark.main(args);
            return;
        }
        if (args.length > 0) {
            System.out.println("usage: java -jar demo/target/tally-demo.jar [bench]\n"
                    + "  without arguments: the demo (about a minute); bench: the benchmark (see docs/benchmarks.md)");
            System.exit(args[0].equals("--help") ? 0 : 2);
        }
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        String seconds = System.getenv().getOrDefault("TALLY_DEMO_SECONDS", "20");
        System.exit(new Demo(out, err).run(Duration.ofSeconds(Long.parseLong(seconds))));
    }

    /** Runs the demo and returns its exit code: 0 all invariants OK, 1 a violation, 2 it could not run. */
    int run(Duration loadDuration) {
        long started = System.nanoTime();
        try (LocalDatabase database = database(); LocalKafka kafka = kafka()) {
            String bootstrap = kafka == null ? System.getenv("TALLY_KAFKA_BOOTSTRAP") : kafka.bootstrap();
            Path logs = Path.of("target", "demo");
            Path report = logs.resolve("load-report.json");
            step("Starting the worker (java -jar " + WorkerProcess.jar() + "), log in " + logs.resolve("worker.log"));
            try (WorkerProcess worker = WorkerProcess.start(Map.of(
                    "SPRING_DATASOURCE_URL", database.url(),
                    "SPRING_DATASOURCE_USERNAME", database.user(),
                    "SPRING_DATASOURCE_PASSWORD", database.password(),
                    "SPRING_KAFKA_BOOTSTRAP_SERVERS", bootstrap,
                    "TALLY_WORKER_INSTANCE_ID", "demo",
                    "SERVER_PORT", "0"), List.of("-Xmx512m"), logs.resolve("worker.log"))) {
                step("Worker running (pid " + worker.pid() + "). Publishing load for " + loadDuration.toSeconds()
                        + " s: 200 accounts, 30% of transfers racing on one hot account, 2% retried duplicates,"
                        + " 5% that must be rejected, 10% holds (posted, voided or left to expire) and 5% linked"
                        + " transfers");
                int load = TallyCli.execute(out, err, "load", "--bootstrap", bootstrap, "--accounts", "200",
                        "--rate", "800", "--duration", loadDuration.toSeconds() + "s", "--hot-share", "0.3",
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
                step("Stopping the worker" + (kafka == null ? "" : ", the broker") + " and dropping the demo database");
                return verdict;
            }
        } catch (Exception e) {
            err.println("demo: " + e.getMessage());
            return 2;
        } finally {
            step("Done in " + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s");
        }
    }

    private LocalDatabase database() {
        String url = System.getenv("TALLY_DB_URL");
        if (url != null && !url.isBlank()) {
            step("Using the database " + url);
            return LocalDatabase.existing(url, System.getenv().getOrDefault("TALLY_DB_USER", "postgres"),
                    System.getenv().getOrDefault("TALLY_DB_PASSWORD", ""));
        }
        LocalDatabase database = LocalDatabase.fresh("tally_demo");
        step("Created the database " + database.url());
        return database;
    }

    private LocalKafka kafka() {
        String bootstrap = System.getenv("TALLY_KAFKA_BOOTSTRAP");
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
