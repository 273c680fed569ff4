package dev.tally.demo;

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
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.tally.producer.load.Latencies;
import dev.tally.testkit.WorkerProcess;

/**
 * A rolling restart under load: three worker instances in one consumer group decide an open-loop load of uniform
 * transfers while each is stopped gracefully (SIGTERM, as an orchestrator stops a pod), awaited until it exited,
 * started again with the same instance id and awaited until it is ready and owns partitions again, one after the
 * other. The latency of the commands that were due during the restart (from the first SIGTERM until the last
 * instance owned partitions again, plus a few seconds of settling) is read from the {@code tally load} report's
 * per-command due times and latencies; {@code tally verify --report} then checks that nothing was lost or decided
 * twice.
 *
 * <p>It runs once per {@link Variant}: the classic consumer group protocol with each assignor, and KIP-848's
 * {@code consumer} protocol ({@code group.protocol=consumer}, set on the workers through
 * {@code SPRING_KAFKA_CONSUMER_PROPERTIES_GROUP_PROTOCOL}). Each run has a database, topics and a consumer group of
 * its own, so that neither sees the other's commands; the broker tells which protocol the group really used.
 */
final class RollingRestart {

    /**
     * A way for the group to hand partitions over: a consumer group protocol, and for the classic one the assignor.
     *
     * @param name     names the run's database, topics, group and logs
     * @param label    the consumer settings, as the tables show them
     * @param settings the workers' environment that selects it
     */
    record Variant(String name, String label, Map<String, String> settings) {
    }

    /** The variants compared, in the order they run. */
    static final List<Variant> VARIANTS = List.of(
            // Kafka's default: the range assignor, eager, so every rebalance revokes every partition of every member.
            new Variant("classic", "`group.protocol=classic` (range assignor, eager)",
                    Map.of("SPRING_KAFKA_CONSUMER_PROPERTIES_GROUP_PROTOCOL", "classic")),
            // Incremental: a rebalance revokes only the partitions that move. The default assignor list
            // [range, cooperative-sticky] lets a running group switch to it in one rolling restart.
            new Variant("cooperative", "`group.protocol=classic`, `CooperativeStickyAssignor`",
                    Map.of("SPRING_KAFKA_CONSUMER_PROPERTIES_GROUP_PROTOCOL", "classic",
                            "SPRING_KAFKA_CONSUMER_PROPERTIES_PARTITION_ASSIGNMENT_STRATEGY",
                            "org.apache.kafka.clients.consumer.CooperativeStickyAssignor")),
            // KIP-848: the broker assigns, and hands partitions over on its members' heartbeats.
            new Variant("consumer", "`group.protocol=consumer` (KIP-848)",
                    Map.of("SPRING_KAFKA_CONSUMER_PROPERTIES_GROUP_PROTOCOL", "consumer")));
    /**
     * The variants the benchmark runs unless told otherwise: the cooperative assignor is left out, as its rebalances
     * fail the offset commits of the polls in flight, which the worker then retries after its back-off.
     */
    static final List<String> DEFAULT_VARIANTS = List.of("classic", "consumer");
    /**
     * Consumer threads per instance: three instances of one thread each are the group of three consumers a
     * machine of two cores can serve, where a single worker runs two.
     */
    static final int CONCURRENCY = 1;
    /** Worker instances in the group. */
    static final int INSTANCES = 3;
    /** The offered rate, as the target is stated. */
    static final int RATE = 1_000;
    /** The target: at most this p99 for the commands due during the restart, and nothing lost. */
    static final double TARGET_P99_MS = 1_000;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern PORT = Pattern.compile("Tomcat started on port[s]?[ (]*(\\d+)");
    /** The load's progress line once the measured part runs (after its warm-up). */
    private static final Pattern MEASURING = Pattern.compile("(?m)^\\s*\\d+s\\s+transfers\\s");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    /** Starts a worker on the given database with the given settings; {@code name} names its log. */
    interface Workers {
        WorkerProcess start(LocalDatabase database, String name, Map<String, String> environment)
                throws IOException, InterruptedException;
    }

    /**
     * One instance's restart, in seconds: from SIGTERM until the process exited, from its relaunch until it said it
     * had started, and until it was ready and owned partitions again.
     */
    record Restart(String instance, double stopSeconds, double startSeconds, double readySeconds) {
    }

    /**
     * What one variant's rolling restart measured.
     *
     * @param variant         the consumer settings ({@link Variant#label()})
     * @param groupType       the group's type as the broker described it once every instance had joined
     * @param restarts        each instance's restart, in order
     * @param windowSeconds   from the first SIGTERM until the last instance owned partitions again, settling
     *                        included
     * @param windowCommands  commands due in that window
     * @param window          latencies of those commands (the ones without a result are not in it; see
     *                        {@code noResult})
     * @param wholeP50        the load's measured part (steady state, restart and after), from its figures, ms
     * @param wholeP99        the same, ms
     * @param wholeMax        the same, ms
     * @param perSecond       commands decided per second in the load's measured part
     * @param noResult        commands of the run without a result
     * @param windowInsideLoad whether the window ended before the load's schedule did, so that it was covered whole
     * @param verdict         {@code tally verify --report}: {@code OK}, {@code VIOLATED}, or {@code LOAD FAILED}
     */
    record Outcome(String variant, String groupType, List<Restart> restarts, double windowSeconds,
                   long windowCommands, Latencies window, double wholeP50, double wholeP99, double wholeMax,
                   double perSecond, long noResult, boolean windowInsideLoad, String verdict) {

        double windowP50() {
            return window.quantileMs(0.50);
        }

        double windowP99() {
            return window.quantileMs(0.99);
        }

        double windowMax() {
            return window.maxMs();
        }

        /** p99 ≤ 1 s for the commands due during the restart, the restart covered whole, and verify OK. */
        boolean met() {
            return verdict.equals("OK") && windowInsideLoad && windowCommands > 0 && noResult == 0
                    && window.count() == windowCommands && windowP99() <= TARGET_P99_MS;
        }
    }

    private final String bootstrap;
    private final Path tallyJar;
    private final Path logs;
    private final int accounts;
    private final double scale;
    private final Workers workers;
    private final PrintWriter out;
    private final HttpClient http = HttpClient.newHttpClient();

    RollingRestart(String bootstrap, Path tallyJar, Path logs, int accounts, double scale, Workers workers,
                   PrintWriter out) {
        this.bootstrap = bootstrap;
        this.tallyJar = tallyJar;
        this.logs = logs;
        this.accounts = accounts;
        this.scale = scale;
        this.workers = workers;
        this.out = out;
    }

    /** The load's warm-up, not counted: the load JVM compiles its hot code, the workers theirs. */
    int warmupSeconds() {
        return Math.max(3, (int) Math.round(10 * scale));
    }

    /** Of the measured part, before the first SIGTERM: the group's steady state, counted in the whole-run figures. */
    int steadySeconds() {
        return Math.max(3, (int) Math.round(10 * scale));
    }

    /** After the last instance owns partitions again, still counted in the window: what the restart left queued. */
    int settleSeconds() {
        return 5;
    }

    /**
     * The measured part of the load: the steady seconds, the restart of three instances (each stop and start of a
     * worker JVM takes 13 to 21 s on two shared cores) and the settling, with room to spare. A restart that takes
     * longer still is reported as not covered whole.
     */
    int loadSeconds() {
        return steadySeconds() + Math.max(45, (int) Math.round(90 * scale)) + settleSeconds();
    }

    /** Runs the rolling restart for one variant on a database, topics and a consumer group of its own. */
    Outcome run(Variant variant) throws Exception {
        String protocol = variant.name();
        String prefix = "bench.rolling." + protocol;
        String group = "tally-rolling-" + protocol;
        Map<String, String> environment = new HashMap<>(variant.settings());
        environment.put("TALLY_WORKER_CONCURRENCY", Integer.toString(CONCURRENCY));
        environment.put("TALLY_WORKER_TOPICS_COMMANDS", prefix + ".commands");
        environment.put("TALLY_WORKER_TOPICS_RESULTS", prefix + ".results");
        environment.put("TALLY_WORKER_TOPICS_DEAD_LETTERS", prefix + ".commands.DLT");
        environment.put("TALLY_WORKER_GROUP_ID", group);
        try (LocalDatabase database = LocalDatabase.fresh("tally_bench_rolling_" + protocol)) {
            List<WorkerProcess> running = new ArrayList<>();
            try {
                // The first instance migrates the schema and creates the topics; the others then start together.
                running.add(start(database, protocol, 1, environment, ""));
                List<CompletableFuture<WorkerProcess>> others = new ArrayList<>();
                for (int instance = 2; instance <= INSTANCES; instance++) {
                    int number = instance;
                    others.add(CompletableFuture.supplyAsync(() -> {
                        try {
                            return start(database, protocol, number, environment, "");
                        } catch (IOException | InterruptedException e) {
                            throw new IllegalStateException("worker " + number + " did not start: " + e.getMessage(),
                                    e);
                        }
                    }));
                }
                for (CompletableFuture<WorkerProcess> other : others) {
                    running.add(other.join());
                }
                for (WorkerProcess worker : running) {
                    awaitOwningPartitions(worker);
                }
                String groupType = describeGroup(group);
                return restartUnderLoad(database, variant, prefix, environment, running, groupType);
            } finally {
                for (WorkerProcess worker : running) {
                    worker.close();
                }
            }
        }
    }

    private Outcome restartUnderLoad(LocalDatabase database, Variant variant, String prefix,
                                     Map<String, String> environment, List<WorkerProcess> running, String groupType)
            throws Exception {
        String protocol = variant.name();
        Path report = logs.resolve("rolling-" + protocol + ".json");
        Path log = logs.resolve("load-rolling-" + protocol + ".log");
        Files.deleteIfExists(report);
        List<String> command = List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx1g",
                DemoJvm.C1_ONLY, "-jar",
                tallyJar.toString(), "load", "--bootstrap", bootstrap, "--commands-topic", prefix + ".commands",
                "--results-topic", prefix + ".results", "--accounts", Integer.toString(accounts), "--prefix",
                "rolling-" + protocol, "--timeout", "300s", "--rate", Integer.toString(RATE), "--duration",
                loadSeconds() + "s", "--warmup", warmupSeconds() + "s", "--duplicate-share", "0.01",
                "--reject-share", "0.01", "--report", report.toString());
        out.printf(Locale.ROOT, "    load: %,d/s uniform over %,d accounts, %d s warm-up, then %d s measured (see %s)%n",
                RATE, accounts, warmupSeconds(), loadSeconds(), log);
        Process load = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long scheduleEndMs;
        List<Restart> restarts = new ArrayList<>();
        long windowStartMs;
        long windowEndMs;
        try {
            awaitMeasuring(load, log);
            scheduleEndMs = System.currentTimeMillis() + loadSeconds() * 1_000L;
            load.waitFor(steadySeconds(), TimeUnit.SECONDS);
            windowStartMs = System.currentTimeMillis();
            for (int i = 0; i < running.size(); i++) {
                String instance = instanceName(protocol, i + 1);
                long stopping = System.nanoTime();
                running.get(i).close();
                long stopped = System.nanoTime();
                WorkerProcess restarted = start(database, protocol, i + 1, environment, "-restarted");
                running.set(i, restarted);
                long started = System.nanoTime();
                awaitOwningPartitions(restarted);
                long ready = System.nanoTime();
                Restart restart = new Restart(instance, (stopped - stopping) / 1e9, (started - stopped) / 1e9,
                        (ready - stopped) / 1e9);
                restarts.add(restart);
                out.printf(Locale.ROOT, "    %s: stopped in %.1f s, started in %.1f s, owned partitions again %.1f s "
                                + "after it stopped%n", instance, restart.stopSeconds(), restart.startSeconds(),
                        restart.readySeconds());
            }
            load.waitFor(settleSeconds(), TimeUnit.SECONDS);
            windowEndMs = System.currentTimeMillis();
            int exit = load.waitFor(loadSeconds() + 330L, TimeUnit.SECONDS) ? load.exitValue() : -1;
            if (exit != 0 || !Files.isRegularFile(report)) {
                out.println("    load failed (exit code " + exit + "), see " + log);
                return new Outcome(variant.label(), groupType, restarts, (windowEndMs - windowStartMs) / 1e3, 0,
                        new Latencies(), 0, 0, 0, 0, 0, false, "LOAD FAILED");
            }
        } finally {
            load.destroyForcibly();
        }
        String verdict = VerifyReport.run(out, bootstrap, prefix + ".results", database, report);
        return outcome(variant.label(), groupType, restarts, report, windowStartMs, windowEndMs,
                windowEndMs <= scheduleEndMs, verdict);
    }

    /** Reads the report: the latencies of the commands due in the window, and the run's own figures. */
    private Outcome outcome(String variant, String groupType, List<Restart> restarts, Path report,
                            long windowStartMs, long windowEndMs, boolean insideLoad, String verdict)
            throws IOException {
        JsonNode root = JSON.readTree(report.toFile());
        Latencies window = new Latencies();
        long windowCommands = 0;
        long noResult = 0;
        for (JsonNode command : root.get("commands")) {
            if (!command.has("latency_ms")) {
                noResult++;
            }
            long due = command.get("due_at_ms").asLong();
            if (due >= windowStartMs && due <= windowEndMs) {
                windowCommands++;
                if (command.has("latency_ms")) {
                    window.record(Math.round(command.get("latency_ms").asDouble() * 1e6));
                }
            }
        }
        JsonNode figures = root.get("figures");
        Outcome outcome = new Outcome(variant, groupType, restarts, (windowEndMs - windowStartMs) / 1e3,
                windowCommands, window, figures.get("latency_ms_p50").asDouble(),
                figures.get("latency_ms_p99").asDouble(), figures.get("latency_ms_max").asDouble(),
                figures.get("throughput_per_s").asDouble(), noResult, insideLoad, verdict);
        out.printf(Locale.ROOT, "    during the restart (%.1f s, %,d commands due): p50 %.1f ms, p99 %.1f ms, max %.1f "
                        + "ms; whole run: p50 %.1f ms, p99 %.1f ms, max %.1f ms, %.0f/s; verify %s; target p99 ≤ 1 s"
                        + " during the restart: %s%n", outcome.windowSeconds(), windowCommands, outcome.windowP50(),
                outcome.windowP99(), outcome.windowMax(), outcome.wholeP50(), outcome.wholeP99(), outcome.wholeMax(),
                outcome.perSecond(), verdict,
                outcome.met() ? "met" : "not met");
        if (!insideLoad) {
            out.println("    the restart outlasted the load's schedule: the window was not covered whole");
        }
        return outcome;
    }

    private WorkerProcess start(LocalDatabase database, String protocol, int instance, Map<String, String> environment,
                                String suffix) throws IOException, InterruptedException {
        Map<String, String> settings = new HashMap<>(environment);
        // The same instance id after a restart, as a StatefulSet pod keeps its name: the new process's producers
        // fence any transaction its predecessor left open.
        settings.put("TALLY_WORKER_INSTANCE_ID", instanceName(protocol, instance));
        return workers.start(database, instanceName(protocol, instance) + suffix, settings);
    }

    private static String instanceName(String protocol, int instance) {
        return "rolling-" + protocol + "-" + instance;
    }

    /** Waits until the load's progress line says its measured part runs (its set-up and warm-up are over). */
    private void awaitMeasuring(Process load, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && MEASURING.matcher(Files.readString(log)).find()) {
                return;
            }
            if (!load.isAlive()) {
                throw new IllegalStateException("the load exited with code " + load.exitValue() + " before its "
                        + "measured part; see " + log);
            }
            // Polling a child's log: there is no event to wait on.
            load.waitFor(200, TimeUnit.MILLISECONDS);
        }
        throw new IllegalStateException("the load's measured part did not start within 300 s; see " + log);
    }

    /**
     * Waits until the worker's readiness endpoint says UP and its command listener owns at least one partition:
     * started, and taken into the group's assignment.
     */
    private void awaitOwningPartitions(WorkerProcess worker) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            Integer port = port(worker.log());
            if (port != null) {
                try {
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                                    URI.create("http://localhost:" + port + "/actuator/health/readiness"))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                    last = response.body();
                    JsonNode health = JSON.readTree(response.body());
                    JsonNode assigned = health.at("/components/commandListener/details/assignedPartitions");
                    if ("UP".equals(health.path("status").asString("")) && assigned.asInt(0) > 0) {
                        return;
                    }
                } catch (IOException | RuntimeException notYet) {
                    last = notYet.toString();
                }
            }
            // Polling an HTTP endpoint: there is no event to wait on.
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new IllegalStateException("the worker logging to " + worker.log() + " owned no partitions within "
                + READY_TIMEOUT.toSeconds() + " s; its readiness said: " + last);
    }

    /** The worker's HTTP port from its log, or {@code null} before it said. */
    static Integer port(Path log) throws IOException {
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

    /** The group's type and members as the broker describes them, printed; and the broker's group.version. */
    private String describeGroup(String group) throws InterruptedException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            FinalizedVersionRange groupVersion = admin.describeFeatures().featureMetadata().get()
                    .finalizedFeatures().get("group.version");
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all().get()
                    .get(group);
            String type = description.type().toString();
            out.printf(Locale.ROOT, "    group %s: type %s, %d members, state %s (broker group.version %s)%n", group,
                    type, description.members().size(), description.groupState(),
                    groupVersion == null ? "not set" : groupVersion.maxVersionLevel());
            return type;
        } catch (ExecutionException e) {
            return "unknown (" + e.getCause().getMessage() + ")";
        }
    }
}
