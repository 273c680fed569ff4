package dev.tally.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tally.demo.LocalDatabase;
import dev.tally.testkit.WorkerProcess;

/**
 * What every scenario runs against: the run's database and broker, the {@code tally.jar} that loads, the folder of
 * logs and reports, the scale of counts and durations, and the workers it starts on them and reads the metrics of.
 */
public final class Testbed {

    /** Accounts of every scenario: uniform transfers over 1,000 accounts, as the targets are stated. */
    public static final int ACCOUNTS = 1_000;

    private static final Pattern PORT = Pattern.compile("Tomcat started on port[s]?[ (]*(\\d+)");
    private static final List<String> METRICS = List.of("tally_apply_latency_seconds_sum",
            "tally_apply_latency_seconds_count", "tally_batch_size_sum",
            "kafka_producer_txn_send_offsets_time_ns_total", "kafka_producer_txn_commit_time_ns_total");

    private final LocalDatabase database;
    private final String bootstrap;
    private final Path tallyJar;
    private final Path logs;
    private final double scale;
    private final PrintWriter out;
    private int scenarios;

    Testbed(LocalDatabase database, String bootstrap, Path tallyJar, Path logs, double scale, PrintWriter out) {
        this.database = database;
        this.bootstrap = bootstrap;
        this.tallyJar = tallyJar;
        this.logs = logs;
        this.scale = scale;
        this.out = out;
    }

    public LocalDatabase database() {
        return database;
    }

    public String bootstrap() {
        return bootstrap;
    }

    /** The {@code tally.jar} each {@code tally load} runs from ({@code TALLY_BENCH_LOAD_JAR} may name another). */
    public Path tallyJar() {
        return tallyJar;
    }

    /** The folder of the workers' logs and the loads' reports. */
    public Path logs() {
        return logs;
    }

    /** {@code TALLY_BENCH_SCALE}: every count and duration is scaled by it. */
    public double scale() {
        return scale;
    }

    public PrintWriter out() {
        return out;
    }

    /** Numbers the {@code tally load} runs of the whole benchmark in order, for their logs and reports. */
    int nextScenarioNumber() {
        return ++scenarios;
    }

    /** Prints a step of the run. */
    public void step(String text) {
        out.println("==> " + text);
    }

    /** A worker with the default settings on the run's database; {@code name} names its log. */
    public WorkerProcess startWorker(String name) throws IOException, InterruptedException {
        return startWorker(database, "500", "pessimistic", name, List.of(), Map.of());
    }

    /**
     * Starts a worker, and tries once more when it does not start in time.
     *
     * @param settings further environment settings of the worker, which win over the benchmark's own
     */
    public WorkerProcess startWorker(LocalDatabase on, String batchSize, String locking, String name,
                                     List<String> jvmOptions, Map<String, String> settings)
            throws IOException, InterruptedException {
        List<String> jvm = new ArrayList<>(List.of("-Xmx512m"));
        jvm.addAll(jvmOptions);
        try {
            return launchWorker(on, batchSize, locking, name, jvm, settings);
        } catch (IllegalStateException slowStart) {
            // On a machine shared with other work a start can take minutes; one more try before giving up.
            step("The worker did not start (" + slowStart.getMessage().lines().findFirst().orElse("") + "); "
                    + "trying once more");
            return launchWorker(on, batchSize, locking, name, jvm, settings);
        }
    }

    private WorkerProcess launchWorker(LocalDatabase on, String batchSize, String locking, String name,
                                       List<String> jvm, Map<String, String> settings)
            throws IOException, InterruptedException {
        Map<String, String> environment = new HashMap<>(Map.of(
                "SPRING_DATASOURCE_URL", on.url(),
                "SPRING_DATASOURCE_USERNAME", on.user(),
                "SPRING_DATASOURCE_PASSWORD", on.password(),
                "SPRING_KAFKA_BOOTSTRAP_SERVERS", bootstrap,
                "TALLY_WORKER_BATCH_SIZE", batchSize,
                "TALLY_WORKER_LOCKING", locking,
                "TALLY_WORKER_INSTANCE_ID", "bench-" + name,
                "SERVER_PORT", "0"));
        environment.putAll(settings);
        return WorkerProcess.start(environment, jvm, logs.resolve("worker-" + name + ".log"));
    }

    /** The worker's counters of interest from its Prometheus endpoint; empty when they cannot be read. */
    public static Map<String, Double> workerMetrics(WorkerProcess worker) {
        Map<String, Double> metrics = new HashMap<>();
        try {
            Integer found = port(worker.log());
            if (found == null) {
                return metrics;
            }
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + found + "/actuator/prometheus"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            for (String line : response.body().split("\n")) {
                for (String name : METRICS) {
                    if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                        metrics.merge(name, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)),
                                Double::sum);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return metrics;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return metrics;
    }

    /** The worker's HTTP port from its log, or {@code null} before it said. */
    public static Integer port(Path log) throws IOException {
        if (!Files.exists(log)) {
            return null;
        }
        Matcher port = PORT.matcher(Files.readString(log));
        String found = null;
        while (port.find()) {
            found = port.group(1);
        }
        return found == null ? null : Integer.valueOf(found);
    }
}
