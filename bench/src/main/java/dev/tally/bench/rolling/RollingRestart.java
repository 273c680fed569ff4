package dev.tally.bench.rolling;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.tally.bench.Testbed;
import dev.tally.bench.VerifyReport;
import dev.tally.demo.DemoJvm;
import dev.tally.demo.LocalDatabase;
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
     * Consumer threads per instance: three instances of one thread each are the group of three consumers a
     * machine of two cores can serve, where a single worker runs two.
     */
    static final int CONCURRENCY = 1;
    /** Worker instances in the group. */
    static final int INSTANCES = 3;
    /** The offered rate, as the target is stated. */
    static final int RATE = 1_000;

    private final Testbed bed;
    private final PrintWriter out;
    private final GroupWatch watch;

    RollingRestart(Testbed bed) {
        this.bed = bed;
        this.out = bed.out();
        this.watch = new GroupWatch(bed.bootstrap(), bed.out());
    }

    /** The load's warm-up, not counted: the load JVM compiles its hot code, the workers theirs. */
    int warmupSeconds() {
        return Math.max(3, (int) Math.round(10 * bed.scale()));
    }

    /** Of the measured part, before the first SIGTERM: the group's steady state, counted in the whole-run figures. */
    int steadySeconds() {
        return Math.max(3, (int) Math.round(10 * bed.scale()));
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
        return steadySeconds() + Math.max(45, (int) Math.round(90 * bed.scale())) + settleSeconds();
    }

    /** Runs the rolling restart for one variant on a database, topics and a consumer group of its own. */
    RollingOutcome run(Variant variant) throws Exception {
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
                    watch.awaitOwningPartitions(worker);
                }
                String groupType = watch.describeGroup(group);
                return restartUnderLoad(database, variant, prefix, environment, running, groupType);
            } finally {
                for (WorkerProcess worker : running) {
                    worker.close();
                }
            }
        }
    }

    private RollingOutcome restartUnderLoad(LocalDatabase database, Variant variant, String prefix,
                                            Map<String, String> environment, List<WorkerProcess> running,
                                            String groupType) throws Exception {
        String protocol = variant.name();
        Path report = bed.logs().resolve("rolling-" + protocol + ".json");
        Path log = bed.logs().resolve("load-rolling-" + protocol + ".log");
        Files.deleteIfExists(report);
        List<String> command = List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx1g",
                DemoJvm.C1_ONLY, "-jar",
                bed.tallyJar().toString(), "load", "--bootstrap", bed.bootstrap(), "--commands-topic",
                prefix + ".commands", "--results-topic", prefix + ".results", "--accounts",
                Integer.toString(Testbed.ACCOUNTS), "--prefix", "rolling-" + protocol, "--timeout", "300s", "--rate",
                Integer.toString(RATE), "--duration", loadSeconds() + "s", "--warmup", warmupSeconds() + "s",
                "--duplicate-share", "0.01", "--reject-share", "0.01", "--report", report.toString());
        out.printf(Locale.ROOT, "    load: %,d/s uniform over %,d accounts, %d s warm-up, then %d s measured (see %s)%n",
                RATE, Testbed.ACCOUNTS, warmupSeconds(), loadSeconds(), log);
        Process load = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long scheduleEndMs;
        List<RollingOutcome.Restart> restarts = new ArrayList<>();
        long windowStartMs;
        long windowEndMs;
        try {
            watch.awaitMeasuring(load, log);
            scheduleEndMs = System.currentTimeMillis() + loadSeconds() * 1_000L;
            load.waitFor(steadySeconds(), TimeUnit.SECONDS);
            windowStartMs = System.currentTimeMillis();
            for (int i = 0; i < running.size(); i++) {
                restarts.add(restart(database, protocol, i, environment, running));
            }
            load.waitFor(settleSeconds(), TimeUnit.SECONDS);
            windowEndMs = System.currentTimeMillis();
            int exit = load.waitFor(loadSeconds() + 330L, TimeUnit.SECONDS) ? load.exitValue() : -1;
            if (exit != 0 || !Files.isRegularFile(report)) {
                out.println("    load failed (exit code " + exit + "), see " + log);
                return RollingOutcome.loadFailed(variant.label(), groupType, restarts,
                        (windowEndMs - windowStartMs) / 1e3);
            }
        } finally {
            load.destroyForcibly();
        }
        String verdict = VerifyReport.run(out, bed.bootstrap(), prefix + ".results", database, report);
        RollingOutcome outcome = RollingOutcome.read(variant.label(), groupType, restarts, report, windowStartMs,
                windowEndMs, windowEndMs <= scheduleEndMs, verdict);
        out.printf(Locale.ROOT, "    during the restart (%.1f s, %,d commands due): p50 %.1f ms, p99 %.1f ms, max %.1f "
                        + "ms; whole run: p50 %.1f ms, p99 %.1f ms, max %.1f ms, %.0f/s; verify %s; target p99 ≤ 1 s"
                        + " during the restart: %s%n", outcome.windowSeconds(), outcome.windowCommands(),
                outcome.windowP50(), outcome.windowP99(), outcome.windowMax(), outcome.wholeP50(),
                outcome.wholeP99(), outcome.wholeMax(), outcome.perSecond(), verdict,
                outcome.met() ? "met" : "not met");
        if (!outcome.windowInsideLoad()) {
            out.println("    the restart outlasted the load's schedule: the window was not covered whole");
        }
        return outcome;
    }

    /** Stops instance {@code i} (SIGTERM, awaited), starts it again and awaits it owning partitions. */
    private RollingOutcome.Restart restart(LocalDatabase database, String protocol, int i,
                                           Map<String, String> environment, List<WorkerProcess> running)
            throws IOException, InterruptedException {
        String instance = instanceName(protocol, i + 1);
        long stopping = System.nanoTime();
        running.get(i).close();
        long stopped = System.nanoTime();
        WorkerProcess restarted = start(database, protocol, i + 1, environment, "-restarted");
        running.set(i, restarted);
        long started = System.nanoTime();
        watch.awaitOwningPartitions(restarted);
        long ready = System.nanoTime();
        RollingOutcome.Restart restart = new RollingOutcome.Restart(instance, (stopped - stopping) / 1e9,
                (started - stopped) / 1e9, (ready - stopped) / 1e9);
        out.printf(Locale.ROOT, "    %s: stopped in %.1f s, started in %.1f s, owned partitions again %.1f s "
                        + "after it stopped%n", instance, restart.stopSeconds(), restart.startSeconds(),
                restart.readySeconds());
        return restart;
    }

    private WorkerProcess start(LocalDatabase database, String protocol, int instance, Map<String, String> environment,
                                String suffix) throws IOException, InterruptedException {
        Map<String, String> settings = new HashMap<>(environment);
        // The same instance id after a restart, as a StatefulSet pod keeps its name: the new process's producers
        // fence any transaction its predecessor left open.
        settings.put("TALLY_WORKER_INSTANCE_ID", instanceName(protocol, instance));
        return bed.startWorker(database, "500", "pessimistic", instanceName(protocol, instance) + suffix, List.of(),
                settings);
    }

    private static String instanceName(String protocol, int instance) {
        return "rolling-" + protocol + "-" + instance;
    }
}
