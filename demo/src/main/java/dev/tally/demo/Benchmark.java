package dev.tally.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.tally.producer.cli.TallyCli;
import dev.tally.testkit.WorkerProcess;

/**
 * The benchmark: on one PostgreSQL and one broker, in one run, it measures what this machine can do at most (the
 * Kafka echo and the worker's batch as set-based SQL, run together, and the pgbench baseline of one transfer per
 * transaction), then the worker end to end with {@code tally load} in its own process: open-loop latency at fixed
 * rates (HdrHistogram percentiles counted from when each command was due, after a {@code --warmup} that is not
 * counted, so that each fresh load JVM is compiled when measured), a latency-versus-offered-rate curve,
 * closed-loop throughput for each locking strategy and with holds, the drain of a preloaded backlog by a
 * fresh worker, and a rolling restart of three workers under load with each way of handing partitions over
 * ({@link RollingRestart}). {@code tally verify} runs after every scenario. It prints the tables and writes
 * {@code docs/benchmarks.md} and the charts {@code docs/benchmarks.svg} and {@code docs/benchmarks-latency.svg}.
 *
 * <p>Run from the repository root after the package command: {@code java -jar demo/target/tally-demo.jar bench}.
 * {@code TALLY_BENCH_SCALE} (default 1.0) scales every count and duration; {@code TALLY_BENCH_ONLY} runs some
 * parts only, a comma-separated choice of {@code ceilings}, {@code baseline}, {@code latency}, {@code curve},
 * {@code throughput}, {@code drain}, {@code rolling} (the docs are then not rewritten); {@code TALLY_BENCH_ROLLING}
 * chooses the rolling restart's variants ({@code classic}, {@code cooperative}, {@code consumer}; default
 * {@code classic,consumer});
 * {@code TALLY_BENCH_LOAD_JAR} loads with another build of {@code tally.jar}, to compare clients. The worker inherits this process's environment, so
 * {@code TALLY_WORKER_*} and {@code SPRING_KAFKA_*} settings reach it.
 */
public final class Benchmark {

    /** Accounts of every scenario: uniform transfers over 1,000 accounts, as the targets are stated. */
    private static final int ACCOUNTS = 1_000;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");
    private static final Set<String> PARTS = Set.of("ceilings", "baseline", "latency", "curve", "throughput",
            "drain", "rolling");
    private static final int[] CURVE_RATES = {500, 3_000, 4_000, 6_000};
    /** The plain scenario the holds scenario is compared with, and the holds scenario. */
    private static final String PLAIN = "closed loop, uniform, batched, pessimistic";
    private static final String HOLDS = "holds: 50% of transfers as hold then post";

    private final PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    private final double scale;
    private final Set<String> parts;
    private final Path logs = Path.of("target", "bench");
    private final List<Row> rows = new ArrayList<>();
    private final Map<String, Double> baselines = new HashMap<>();
    private final Map<String, String> ceilingNotes = new LinkedHashMap<>();
    private final List<Waits> waits = new ArrayList<>();
    /** Transfers of money by scenario, where they differ from commands (holds). */
    private final Map<String, Money> money = new HashMap<>();
    private Double combinedCeiling;
    /** Milliseconds of one transaction of the set-based SQL ceiling ({@link SqlCeiling#BATCH} transfers). */
    private Double sqlBatchMs;
    /** The drain's worker's own figures per batch. */
    private Waits drainBatches;
    /** Echo alone with small transactions: [results by key, results in one partition], records per second. */
    private final double[] markerPrices = new double[2];
    private Profile profile;
    private BacklogDrain.Outcome drained;
    private final List<RollingRestart.Outcome> rolled = new ArrayList<>();
    private int scenarioNumber;

    private Benchmark(double scale, Set<String> parts) {
        this.scale = scale;
        this.parts = parts;
    }

    public static void main(String[] args) throws Exception {
        double scale = Double.parseDouble(System.getenv().getOrDefault("TALLY_BENCH_SCALE", "1.0"));
        String only = System.getenv("TALLY_BENCH_ONLY");
        Set<String> parts = only == null || only.isBlank() ? PARTS : Set.of(only.split(","));
        for (String part : parts) {
            if (!PARTS.contains(part)) {
                System.err.println("TALLY_BENCH_ONLY: unknown part '" + part + "', expected some of " + PARTS);
                System.exit(2);
            }
        }
        List<String> variants = RollingRestart.VARIANTS.stream().map(RollingRestart.Variant::name).toList();
        for (String variant : rollingVariants()) {
            if (!variants.contains(variant)) {
                System.err.println("TALLY_BENCH_ROLLING: unknown variant '" + variant + "', expected some of "
                        + variants);
                System.exit(2);
            }
        }
        System.exit(new Benchmark(scale, parts).run());
    }

    /** The rolling restart's variants to run: {@code TALLY_BENCH_ROLLING}, else the default ones. */
    private static Set<String> rollingVariants() {
        String chosen = System.getenv("TALLY_BENCH_ROLLING");
        return chosen == null || chosen.isBlank() ? Set.copyOf(RollingRestart.DEFAULT_VARIANTS)
                : Set.of(chosen.split(","));
    }

    /** One scenario's figures; {@code offered} is the open-loop rate, 0 for closed loop. */
    record Row(String group, String scenario, String settings, double offered, double perSecond, double p50,
               double p90, double p99, double p999, double max, String verdict, long commands, CpuMeter cpu,
               double wallSeconds, double afterDecisionP50, double afterDecisionP99, String target) {
    }

    /** Where a scenario's time went inside the worker, from its own metrics (deltas over the scenario). */
    record Waits(String scenario, double batches, double recordsPerBatch, double applyMs, double sendOffsetsMs,
                 double commitMs) {
    }

    /**
     * Transfers of money per second of a scenario with holds (a hold and its post or void count once), and the
     * share of those transfers that took the hold path.
     */
    record Money(double perSecond, double holdShare) {
    }

    /** A run of {@code tally load} against a worker. */
    private record Load(String group, String name, String target, double offered, int accounts, List<String> args) {
    }

    private int run() throws Exception {
        step("Tally benchmark, scale " + scale + ", " + Runtime.getRuntime().availableProcessors() + " cores, parts "
                + parts);
        Path tallyJar = Path.of(System.getenv().getOrDefault("TALLY_BENCH_LOAD_JAR", "producer/target/tally.jar"));
        if (!Files.isRegularFile(tallyJar)) {
            throw new IllegalStateException(tallyJar + " is missing: run ./mvnw -B -q package -DskipTests first");
        }
        Files.createDirectories(logs);
        int failures = 0;
        try (LocalDatabase database = LocalDatabase.fresh("tally_bench"); LocalKafka kafka = LocalKafka.start()) {
            String bootstrap = kafka.bootstrap();
            // The schema comes from the worker's own migrations: start it once before the SQL needs the tables.
            try (WorkerProcess ignored = startWorker(database, bootstrap, "500", "pessimistic", "migrate", List.of())) {
                step("Schema ready");
            }
            // The SQL ceiling and pgbench work on a copy of the empty schema, so that their accounts (funded behind
            // the worker's back) stay out of the books that tally verify checks.
            try (LocalDatabase copy = LocalDatabase.copyOf(database, "tally_pgbench")) {
                if (parts.contains("ceilings")) {
                    ceilings(copy, bootstrap);
                }
                if (parts.contains("baseline")) {
                    pgbench(copy, "uniform", "transfer.sql");
                    pgbench(copy, "hot", "transfer-hot.sql");
                }
            }
            if (parts.contains("latency") || parts.contains("curve")) {
                failures += latency(database, bootstrap, tallyJar);
            }
            if (parts.contains("throughput")) {
                failures += throughput(database, bootstrap, tallyJar);
            }
            if (parts.contains("drain")) {
                failures += drain(database, bootstrap, tallyJar);
            }
            if (parts.contains("rolling")) {
                failures += rolling(bootstrap, tallyJar);
            }
            printTables();
            if (parts.equals(PARTS)) {
                writeDocs();
            }
        }
        return failures == 0 ? 0 : 1;
    }

    // ------------------------------------------------------------------------------------------------ ceilings

    /** The Kafka echo and the SQL batch, together on the machine, as the worker would run them. */
    private void ceilings(LocalDatabase copy, String bootstrap) throws Exception {
        int backlog = (int) (150_000 * scale);
        step("Ceilings: Kafka echo of a " + backlog + "-command backlog (2 threads, the worker's settings, a "
                + "read_committed reader) and the worker's batch as set-based SQL (1 client), at the same time");
        EchoCeiling echo = new EchoCeiling(bootstrap, "bench.echo", EchoCeiling.RESULT_PARTITIONS, 500);
        echo.preload(backlog, ACCOUNTS);
        SqlCeiling sql = new SqlCeiling(copy, ACCOUNTS);
        sql.prepare();
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<SqlCeiling.Outcome> database = CompletableFuture.supplyAsync(() -> {
            try {
                return sql.run(1, stop);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        EchoCeiling.Outcome kafka;
        try {
            kafka = echo.run(backlog, Duration.ofSeconds(Math.max(10, (long) (40 * scale))));
        } finally {
            stop.set(true);
        }
        SqlCeiling.Outcome db = database.get();
        combinedCeiling = Math.min(kafka.perSecond(), db.perSecond());
        sqlBatchMs = db.perSecond() > 0 ? SqlCeiling.BATCH * 1_000.0 / db.perSecond() : null;
        ceilingNotes.put("Kafka echo in transactions, no database (2 threads, the worker's Kafka settings, "
                        + "read_committed reader)",
                String.format(Locale.ROOT, "%,.0f/s (%,d records in %.1f s, %,d transactions, %.0f records each)",
                        kafka.perSecond(), kafka.records(), kafka.seconds(), kafka.transactions(),
                        kafka.transactions() == 0 ? 0.0 : (double) kafka.records() / kafka.transactions()));
        ceilingNotes.put("the worker's batch as set-based SQL, " + SqlCeiling.BATCH + " per transaction, 1 client",
                String.format(Locale.ROOT, "%,.0f/s (%,d transfers in %.1f s)", db.perSecond(), db.transfers(),
                        db.seconds()));
        ceilingNotes.put("**combined ceiling** (both at once; a transfer needs both, so the smaller)",
                String.format(Locale.ROOT, "**%,.0f/s**", combinedCeiling));
        // The same echo alone with small transactions (polls of 50, as at moderate load), twice, to price the
        // commit markers: results keyed by command id over 12 partitions (the worker's results topic before
        // tally.worker.topics.result-partitions: a transaction touches most of them, up to 13 markers with the
        // offsets') and over the one partition the worker now creates (2 markers).
        int smaller = (int) (60_000 * scale);
        for (int partitions : new int[] {12, EchoCeiling.RESULT_PARTITIONS}) {
            EchoCeiling alone = new EchoCeiling(bootstrap, "bench.echo" + partitions, partitions, 50);
            alone.preload(smaller, ACCOUNTS);
            EchoCeiling.Outcome outcome = alone.run(smaller, Duration.ofSeconds(Math.max(10, (long) (30 * scale))));
            markerPrices[partitions == 12 ? 0 : 1] = outcome.perSecond();
            ceilingNotes.put("Kafka echo alone, polls of at most 50, results keyed by command id over " + partitions
                            + (partitions == 1 ? " partition (2 commit markers a transaction)"
                            : " partitions (up to " + (partitions + 1) + " commit markers a transaction)"),
                    String.format(Locale.ROOT, "%,.0f/s (%,d transactions, %.0f records each)", outcome.perSecond(),
                            outcome.transactions(), outcome.transactions() == 0 ? 0.0
                                    : (double) outcome.records() / outcome.transactions()));
        }
        ceilingNotes.forEach((what, figure) -> out.println("    " + what + ": " + figure));
    }

    // ------------------------------------------------------------------------------------------------- latency

    /**
     * Open loop at fixed rates on one worker with the default settings, warmed up first; then the curve. Each
     * scenario's {@code tally load} runs its own {@code --warmup} first, since its JVM is fresh.
     */
    private int latency(LocalDatabase database, String bootstrap, Path tallyJar) throws Exception {
        int seconds = Math.max(5, (int) (15 * scale));
        int curveSeconds = Math.max(5, (int) (10 * scale));
        String warmup = "--warmup=" + loadWarmupSeconds() + "s";
        List<Load> loads = new ArrayList<>();
        loads.add(rate("warm-up", "warm-up, 1,000/s uniform (not counted)", null, 1_000, Math.max(5, seconds / 2)));
        if (parts.contains("latency")) {
            loads.add(rate("latency", "open loop 100/s, uniform", "p50 ≤ 20 ms, p99 ≤ 50 ms", 100, seconds, warmup));
            loads.add(rate("latency", "open loop 1,000/s, uniform", "p50 ≤ 20 ms, p99 ≤ 50 ms", 1_000, seconds,
                    warmup));
            loads.add(rate("latency", "open loop 2,000/s, uniform", "p99 ≤ 100 ms", 2_000, seconds, warmup));
            loads.add(new Load("latency", "open loop 800/s, the demo's mix (200 accounts, 30% hot)", "p99 ≤ 100 ms",
                    800, 200, List.of("--rate", "800", "--duration", seconds + "s", warmup, "--hot-share", "0.3",
                    "--duplicate-share", "0.02", "--reject-share", "0.05")));
        }
        if (parts.contains("curve")) {
            for (int rate : CURVE_RATES) {
                loads.add(rate("curve", String.format(Locale.ROOT, "curve %,d/s", rate), null, rate, curveSeconds,
                        warmup));
            }
        }
        int failures = 0;
        step("Latency: one worker with the default settings (pid and log in " + logs + ")");
        try (WorkerProcess worker = startWorker(database, bootstrap, "500", "pessimistic", "latency", List.of())) {
            for (Load load : loads) {
                Map<String, Double> before = workerMetrics(worker);
                if (!load(load, worker, database, bootstrap, tallyJar)) {
                    failures++;
                }
                Map<String, Double> after = workerMetrics(worker);
                if (!load.group().equals("warm-up")) {
                    waits.add(waits(load.name(), before, after));
                }
            }
        }
        return failures;
    }

    /** @param more further options of {@code tally load}, such as its {@code --warmup} */
    private Load rate(String group, String name, String target, int perSecond, int seconds, String... more) {
        List<String> args = new ArrayList<>(List.of("--rate", Integer.toString(perSecond), "--duration",
                seconds + "s", "--duplicate-share", "0.01", "--reject-share", "0.01"));
        args.addAll(List.of(more));
        return new Load(group, name, target, perSecond, ACCOUNTS, List.copyOf(args));
    }

    /**
     * The {@code --warmup} of each latency and curve scenario: 5 s scaled, at least 2 s. A fresh load JVM spends
     * its first seconds compiling the load generator's hot code (and the worker's and the broker's paths for the
     * rate get compiled too); on two cores that dominated the p99 of a short run.
     */
    private int loadWarmupSeconds() {
        return Math.max(2, (int) Math.round(5 * scale));
    }

    // ---------------------------------------------------------------------------------------------- throughput

    /** Closed loop, one worker per locking strategy and batch size; the first is profiled with JFR. */
    private int throughput(LocalDatabase database, String bootstrap, Path tallyJar) throws Exception {
        int count = (int) (30_000 * scale);
        record Setting(String name, String batch, String locking, List<String> load, boolean profiled) {
        }
        List<Setting> settings = List.of(
                new Setting(PLAIN, "500", "pessimistic", closedLoop(count, "0"), true),
                // Each hold is posted in full or for less a few commands later: 2/3 of the count, so that about
                // as many commands are decided as in the plain scenario.
                new Setting(HOLDS, "500", "pessimistic", holdThenPost(count * 2 / 3), false),
                new Setting("closed loop, 50% to one hot account, batched", "500", "pessimistic",
                        closedLoop(count, "0.5"), false),
                new Setting("closed loop, uniform, batched, optimistic", "500", "optimistic",
                        closedLoop(count, "0"), false),
                // Fewer commands: where conditional batches deadlock with each other, this runs at a crawl.
                new Setting("closed loop, uniform, batched, conditional", "500", "conditional",
                        closedLoop(count / 6, "0"), false),
                new Setting("closed loop, uniform, one command per transaction", "1", "pessimistic",
                        closedLoop(count / 6, "0"), false),
                new Setting("closed loop, uniform, one command per transaction, conditional", "1", "conditional",
                        closedLoop(count / 6, "0"), false));
        int failures = 0;
        for (Setting setting : settings) {
            Path recording = logs.resolve("worker-saturation.jfr");
            List<String> jvm = setting.profiled()
                    ? List.of("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + recording)
                    : List.of();
            if (setting.profiled()) {
                Files.deleteIfExists(recording);
            }
            Instant loadStarted;
            try (WorkerProcess worker = startWorker(database, bootstrap, setting.batch(), setting.locking(),
                    "throughput-" + setting.locking() + "-" + setting.batch(), jvm)) {
                loadStarted = Instant.now();
                Load load = new Load("throughput", setting.name(), null, 0, ACCOUNTS, setting.load());
                if (!load(load, worker, database, bootstrap, tallyJar)) {
                    failures++;
                }
            }
            if (setting.profiled() && Files.isRegularFile(recording)) {
                profile = Profile.of(recording, loadStarted, 15);
                step("JFR profile of the worker at saturation: " + recording + " (" + profile.samples()
                        + " samples)");
            }
        }
        return failures;
    }

    private static List<String> closedLoop(int count, String hotShare) {
        return List.of("--concurrency", "5000", "--count", Integer.toString(count), "--hot-share", hotShare,
                "--duplicate-share", "0.01", "--reject-share", "0.01");
    }

    private static List<String> holdThenPost(int count) {
        List<String> args = new ArrayList<>(closedLoop(count, "0"));
        args.addAll(List.of("--hold-share", "0.5", "--post-share", "1", "--void-share", "0"));
        return args;
    }

    /**
     * The holds scenario against the plain one of the same run, in transfers of money per second (a hold and its
     * post are two commands and one transfer), and what a hold then post costs against a plain transfer: with a
     * share h of the transfers on the hold path, a transfer of money takes 1/money of the time, (1 − h)/plain for
     * the plain ones and h × cost/plain for the holds, so cost = (plain/money − (1 − h)) / h. Empty without both.
     */
    private String holdsLine() {
        Row plain = rows.stream().filter(r -> r.scenario().equals(PLAIN) && r.perSecond() > 0).findFirst()
                .orElse(null);
        Row holds = rows.stream().filter(r -> r.scenario().equals(HOLDS) && r.perSecond() > 0).findFirst()
                .orElse(null);
        Money moved = money.get(HOLDS);
        if (plain == null || holds == null || moved == null || moved.perSecond() <= 0 || moved.holdShare() <= 0) {
            return "";
        }
        double h = moved.holdShare();
        double cost = (plain.perSecond() / moved.perSecond() - (1 - h)) / h;
        return String.format(Locale.ROOT, "Holds: \"%s\" decided %,.0f commands/s = %,.0f transfers of money/s"
                        + " (a hold and its post are two commands and one transfer of money; `tally load` counts"
                        + " commands, the post included; %.0f%% of its transfers were holds); \"%s\" decided"
                        + " %,.0f/s, each command one transfer. Money moved %.2f× as fast with holds, so a hold then"
                        + " post cost %.2f× a plain transfer (target ≤ 2×: %s).%n", HOLDS, holds.perSecond(),
                moved.perSecond(), 100 * h, PLAIN, plain.perSecond(), moved.perSecond() / plain.perSecond(), cost,
                cost <= 2 ? "met" : "**not met**");
    }

    // ------------------------------------------------------------------------------------------- backlog drain

    /**
     * A backlog of uniform transfers preloaded with no worker running, then drained by a fresh worker with the
     * default settings; {@code tally verify --report} checks every command of it.
     */
    private int drain(LocalDatabase database, String bootstrap, Path tallyJar) throws Exception {
        int count = Math.max(1_000, (int) (200_000 * scale));
        step(String.format(Locale.ROOT, "Backlog drain: %,d transfers preloaded over %,d accounts with no worker "
                + "running, then one worker with the default settings started on them", count, ACCOUNTS));
        drained = new BacklogDrain(bootstrap, database, tallyJar, logs, ACCOUNTS,
                name -> startWorker(database, bootstrap, "500", "pessimistic", name, List.of()),
                Benchmark::workerMetrics, out).run(count);
        // The drain's worker started with every counter at 0.
        Waits batches = waits("backlog drain, from the worker's start", Map.of(), drained.workerMetrics());
        waits.add(batches);
        drainBatches = batches;
        out.printf(Locale.ROOT, "    worker started in %.1f s; all %,d results read %.1f s after its launch (%,.0f/s)"
                        + " and %.1f s after the first (%,.0f/s); journal %s; verify %s%n", drained.startSeconds(),
                drained.commands(), drained.fromLaunchSeconds(), drained.perSecondFromLaunch(),
                drained.fromFirstSeconds(), drained.perSecondFromFirst(), drained.statuses(), drained.verdict());
        out.printf(Locale.ROOT, "    %,.0f batches of %.1f commands: database transaction %.1f ms, "
                        + "sendOffsetsToTransaction %.1f ms, commitTransaction %.1f ms%n", batches.batches(),
                batches.recordsPerBatch(), batches.applyMs(), batches.sendOffsetsMs(), batches.commitMs());
        out.println("    × combined ceiling: from the first result " + ratio(drained.perSecondFromFirst())
                + ", from the worker's launch " + ratio(drained.perSecondFromLaunch()) + "; target ≥ 0.85: "
                + (drainMet() == null ? "- (no ceilings in this run)" : drainMet() ? "met" : "not met"));
        return drained.verdict().equals("OK") ? 0 : 1;
    }

    private String ratio(double perSecond) {
        return combinedCeiling == null || combinedCeiling <= 0 ? "-"
                : String.format(Locale.ROOT, "%.2f", perSecond / combinedCeiling);
    }

    /**
     * Whether the drain reached 0.85 of the combined ceiling, judged from its first result as the ceilings count
     * theirs from their first record; {@code null} without ceilings in this run.
     */
    private Boolean drainMet() {
        if (combinedCeiling == null || combinedCeiling <= 0) {
            return null;
        }
        return drained.verdict().equals("OK") && drained.perSecondFromFirst() >= 0.85 * combinedCeiling;
    }

    // ----------------------------------------------------------------------------------------- rolling restart

    /**
     * Three workers restarted one after the other under 1,000 transfers/s, with the classic consumer group protocol,
     * then with KIP-848's; each on a database, topics and a group of its own.
     */
    private int rolling(String bootstrap, Path tallyJar) throws Exception {
        RollingRestart rolling = new RollingRestart(bootstrap, tallyJar, logs, ACCOUNTS, scale,
                (database, name, environment) -> startWorker(database, bootstrap, "500", "pessimistic", name,
                        List.of(), environment), out);
        int failures = 0;
        Set<String> chosen = rollingVariants();
        for (RollingRestart.Variant variant : RollingRestart.VARIANTS) {
            if (!chosen.contains(variant.name())) {
                continue;
            }
            step(String.format(Locale.ROOT, "Rolling restart, %s: %d workers (%d consumer thread each) in one group"
                            + " under %,d transfers/s, each stopped (SIGTERM), started again with its instance id and"
                            + " awaited until it owns partitions, one after the other", variant.label(),
                    RollingRestart.INSTANCES, RollingRestart.CONCURRENCY, RollingRestart.RATE));
            RollingRestart.Outcome outcome = rolling.run(variant);
            rolled.add(outcome);
            if (!outcome.verdict().equals("OK")) {
                failures++;
            }
        }
        return failures;
    }

    // ---------------------------------------------------------------------------------------------- one load

    /** Runs {@code tally load} in its own JVM, then {@code tally verify}; adds a row; false when either failed. */
    private boolean load(Load load, WorkerProcess worker, LocalDatabase database, String bootstrap, Path tallyJar)
            throws Exception {
        int number = ++scenarioNumber;
        step("Scenario " + number + ": " + load.name());
        Path report = logs.resolve("scenario-" + number + ".json");
        Path log = logs.resolve("load-" + number + ".log");
        // The load generator lives for one scenario: C1 only, so that its compiling does not take the CPU measured.
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx1g", DemoJvm.C1_ONLY, "-jar", tallyJar.toString(), "load", "--bootstrap", bootstrap,
                "--accounts", Integer.toString(load.accounts()), "--prefix", "bench" + number,
                "--timeout", "300s", "--report", report.toString()));
        command.addAll(load.args());
        CpuMeter before = CpuMeter.read(worker.pid());
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int exit = process.waitFor();
        CpuMeter cpu = CpuMeter.read(worker.pid()).minus(before);
        double wallSeconds = (System.nanoTime() - started) / 1e9;
        if (exit != 0 || !Files.isRegularFile(report)) {
            out.println("    load failed (exit code " + exit + "), see " + log);
            rows.add(new Row(load.group(), load.name(), String.join(" ", load.args()), load.offered(), 0, 0, 0, 0, 0,
                    0, "LOAD FAILED", 0, cpu, wallSeconds, 0, 0, load.target()));
            return false;
        }
        StringWriter verifyOutput = new StringWriter();
        int verdict = TallyCli.execute(new PrintWriter(verifyOutput, true), new PrintWriter(System.err, true),
                "verify", "--bootstrap", bootstrap, "--db-url", database.url(), "--db-user", database.user(),
                "--db-password", database.password(), "--report", report.toString());
        if (verdict != 0) {
            out.print(verifyOutput);
        }
        JsonNode figures = JSON.readTree(report.toFile()).get("figures");
        // Every command the run decided, the set-up's and the warm-up's included, as the CPU was read over all of it.
        long commands = figures.get("decided").asLong() + figures.get("setup_commands").asLong();
        Row row = new Row(load.group(), load.name(), String.join(" ", load.args()), load.offered(),
                figures.get("throughput_per_s").asDouble(), figures.get("latency_ms_p50").asDouble(),
                figures.get("latency_ms_p90").asDouble(), figures.get("latency_ms_p99").asDouble(),
                figures.get("latency_ms_p999").asDouble(), figures.get("latency_ms_max").asDouble(),
                verdict == 0 ? "OK" : "VIOLATED", commands, cpu, wallSeconds,
                figures.get("after_decision_ms_p50").asDouble(), figures.get("after_decision_ms_p99").asDouble(),
                load.target());
        rows.add(row);
        if (figures.has("posts_sent")) {
            long sent = figures.get("transfers_sent").asLong();
            long transfers = sent - figures.get("posts_sent").asLong() - figures.get("voids_sent").asLong();
            if (transfers > 0) {
                money.put(load.name(), new Money(row.perSecond() * transfers / sent,
                        figures.get("holds_sent").asDouble() / transfers));
            }
        }
        out.printf(Locale.ROOT, "    %.0f/s, p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms; "
                        + "verify %s%n", row.perSecond(), row.p50(), row.p90(), row.p99(), row.p999(), row.max(),
                row.verdict());
        return verdict == 0;
    }

    private WorkerProcess startWorker(LocalDatabase database, String bootstrap, String batchSize, String locking,
                                      String name, List<String> jvmOptions) throws IOException, InterruptedException {
        return startWorker(database, bootstrap, batchSize, locking, name, jvmOptions, Map.of());
    }

    /** @param settings further environment settings of the worker, which win over the benchmark's own */
    private WorkerProcess startWorker(LocalDatabase database, String bootstrap, String batchSize, String locking,
                                      String name, List<String> jvmOptions, Map<String, String> settings)
            throws IOException, InterruptedException {
        List<String> jvm = new ArrayList<>(List.of("-Xmx512m"));
        jvm.addAll(jvmOptions);
        try {
            return launchWorker(database, bootstrap, batchSize, locking, name, jvm, settings);
        } catch (IllegalStateException slowStart) {
            // On a machine shared with other work a start can take minutes; one more try before giving up.
            step("The worker did not start (" + slowStart.getMessage().lines().findFirst().orElse("") + "); "
                    + "trying once more");
            return launchWorker(database, bootstrap, batchSize, locking, name, jvm, settings);
        }
    }

    private WorkerProcess launchWorker(LocalDatabase database, String bootstrap, String batchSize, String locking,
                                       String name, List<String> jvm, Map<String, String> settings)
            throws IOException, InterruptedException {
        Map<String, String> environment = new HashMap<>(Map.of(
                "SPRING_DATASOURCE_URL", database.url(),
                "SPRING_DATASOURCE_USERNAME", database.user(),
                "SPRING_DATASOURCE_PASSWORD", database.password(),
                "SPRING_KAFKA_BOOTSTRAP_SERVERS", bootstrap,
                "TALLY_WORKER_BATCH_SIZE", batchSize,
                "TALLY_WORKER_LOCKING", locking,
                "TALLY_WORKER_INSTANCE_ID", "bench-" + name,
                "SERVER_PORT", "0"));
        environment.putAll(settings);
        return WorkerProcess.start(environment, jvm, logs.resolve("worker-" + name + ".log"));
    }

    // ----------------------------------------------------------------------------------- the worker's own waits

    /** The worker's counters of interest from its Prometheus endpoint; empty when it cannot be read. */
    private static Map<String, Double> workerMetrics(WorkerProcess worker) {
        Map<String, Double> metrics = new HashMap<>();
        try {
            Integer found = RollingRestart.port(worker.log());
            if (found == null) {
                return metrics;
            }
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + found + "/actuator/prometheus"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            for (String line : response.body().split("\n")) {
                for (String name : List.of("tally_apply_latency_seconds_sum", "tally_apply_latency_seconds_count",
                        "tally_batch_size_sum", "kafka_producer_txn_send_offsets_time_ns_total",
                        "kafka_producer_txn_commit_time_ns_total")) {
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

    private static Waits waits(String scenario, Map<String, Double> before, Map<String, Double> after) {
        double batches = delta(after, before, "tally_apply_latency_seconds_count");
        if (batches <= 0) {
            return new Waits(scenario, 0, 0, 0, 0, 0);
        }
        return new Waits(scenario, batches, delta(after, before, "tally_batch_size_sum") / batches,
                1000 * delta(after, before, "tally_apply_latency_seconds_sum") / batches,
                delta(after, before, "kafka_producer_txn_send_offsets_time_ns_total") / 1e6 / batches,
                delta(after, before, "kafka_producer_txn_commit_time_ns_total") / 1e6 / batches);
    }

    private static double delta(Map<String, Double> after, Map<String, Double> before, String name) {
        return after.getOrDefault(name, 0.0) - before.getOrDefault(name, 0.0);
    }

    // ------------------------------------------------------------------------------------------------ pgbench

    /** pgbench with the worker's statements, one transfer per transaction, on its own accounts. */
    private void pgbench(LocalDatabase database, String name, String script) throws Exception {
        if (!onPath("pgbench")) {
            step("pgbench is not installed: no baseline for " + name + " (ratios are left out)");
            return;
        }
        try (Connection connection = DriverManager.getConnection(database.url(), database.user(),
                database.password()); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO accounts (id, currency, balance, overdraft_limit) "
                    + "SELECT 'pgb-' || lpad(n::text, 5, '0'), 'EUR', 1000000000, 0 FROM generate_series(1, "
                    + ACCOUNTS + ") AS n UNION ALL SELECT 'pgb-hot', 'EUR', 0, 0 ON CONFLICT DO NOTHING");
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the pgbench accounts: " + e.getMessage(), e);
        }
        Path file = Files.createTempFile("tally-pgbench-", ".sql");
        try (InputStream in = Benchmark.class.getResourceAsStream("/pgbench/" + script)) {
            Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        String databaseName = database.url().replaceAll("^.*/([^/?]+).*$", "$1");
        int seconds = Math.max(5, (int) (10 * scale));
        step("pgbench baseline, " + name + ": one transfer per transaction, 8 clients, " + seconds + " s");
        Process process = new ProcessBuilder("pgbench", "-n", "-h", "localhost", "-U", database.user(),
                "-c", "8", "-j", "2", "-T", Integer.toString(seconds), "-D", "accounts=" + ACCOUNTS,
                "-f", file.toString(), databaseName).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        Files.deleteIfExists(file);
        Matcher tps = TPS.matcher(output);
        if (process.exitValue() != 0 || !tps.find()) {
            throw new IllegalStateException("pgbench failed:\n" + output);
        }
        double perSecond = Double.parseDouble(tps.group(1));
        baselines.put(name, perSecond);
        out.printf(Locale.ROOT, "    %.0f transfers/s%n", perSecond);
    }

    // ------------------------------------------------------------------------------------------------- output

    private void printTables() {
        out.println();
        if (!ceilingNotes.isEmpty()) {
            out.println(ceilingTable());
        }
        out.println(latencyTable());
        out.println(throughputTable());
        out.println(holdsLine());
        if (drained != null) {
            out.println(drainTable());
        }
        if (!rolled.isEmpty()) {
            out.println(rollingTable());
        }
        out.println(cpuTable());
        out.println(waitsTable());
        if (profile != null) {
            out.println(profileTables());
        }
    }

    private String ceilingTable() {
        StringBuilder table = new StringBuilder("| ceiling, measured in this run | transfers/s |\n|---|---:|\n");
        ceilingNotes.forEach((what, figure) -> table.append("| ").append(what).append(" | ").append(figure)
                .append(" |\n"));
        baselines.forEach((name, perSecond) -> table.append(String.format(Locale.ROOT,
                "| pgbench baseline, %s: one transfer per transaction, 8 clients | %,.0f/s |%n", name, perSecond)));
        return table.toString();
    }

    private String latencyTable() {
        StringBuilder table = new StringBuilder("| open loop, latency from when each command was due | offered/s "
                + "| decided/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | after the decision p50 / p99 ms "
                + "| target | met | verify |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|\n");
        for (Row row : rows) {
            if (row.offered() > 0) {
                table.append(String.format(Locale.ROOT,
                        "| %s | %,.0f | %,.0f | %s | %s | %s | %s | %s | %s / %s | %s | %s | %s |%n",
                        row.scenario(), row.offered(), row.perSecond(), ms(row.p50()), ms(row.p90()), ms(row.p99()),
                        ms(row.p999()), ms(row.max()), ms(row.afterDecisionP50()), ms(row.afterDecisionP99()),
                        row.target() == null ? "-" : row.target(), met(row), row.verdict()));
            }
        }
        return table.toString();
    }

    private String throughputTable() {
        StringBuilder table = new StringBuilder("| closed loop, 5,000 in flight | commands/s | × combined ceiling "
                + "| × pgbench (uniform / hot) | p50 ms | p99 ms | max ms | verify |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---|\n");
        for (Row row : rows) {
            if (row.offered() == 0) {
                Double baseline = baselines.get(row.scenario().contains("hot") ? "hot" : "uniform");
                table.append(String.format(Locale.ROOT, "| %s | %,.0f | %s | %s | %s | %s | %s | %s |%n",
                        row.scenario(), row.perSecond(),
                        combinedCeiling == null ? "-" : String.format(Locale.ROOT, "%.2f",
                                row.perSecond() / combinedCeiling),
                        baseline == null ? "-" : String.format(Locale.ROOT, "%.2f", row.perSecond() / baseline),
                        ms(row.p50()), ms(row.p99()), ms(row.max()), row.verdict()));
            }
        }
        return table.toString();
    }

    private String drainTable() {
        return "| backlog drain, one worker with the default settings | transfers | from the worker's launch "
                + "| from its first result | × combined ceiling (from the first result / from the launch) "
                + "| target | met | verify |\n|---|---:|---:|---:|---:|---|---|---|\n"
                + String.format(Locale.ROOT, "| %,d transfers preloaded over %,d accounts; worker started in %.1f s "
                        + "| %,d | %.1f s, %,.0f/s | %.1f s, %,.0f/s | %s / %s | ≥ 0.85 × combined ceiling, from "
                        + "the first result | %s | %s |%n", drained.commands(), ACCOUNTS, drained.startSeconds(),
                drained.commands(), drained.fromLaunchSeconds(), drained.perSecondFromLaunch(),
                drained.fromFirstSeconds(), drained.perSecondFromFirst(), ratio(drained.perSecondFromFirst()),
                ratio(drained.perSecondFromLaunch()), drainMet() == null ? "-" : drainMet() ? "yes" : "**no**",
                drained.verdict());
    }

    /** Why the drain stays below the combined ceiling, in this run's figures. */
    private String drainGap() {
        if (drainBatches == null || sqlBatchMs == null || drainBatches.batches() == 0) {
            return "";
        }
        double batch = drainBatches.recordsPerBatch();
        // Each transfer locks its two accounts; the share of the accounts a batch of uniform transfers locks.
        double locked = 1 - Math.pow(1 - 1.0 / ACCOUNTS, 2 * batch);
        return String.format(Locale.ROOT, "Where the gap to the ceiling is: the drain's %,.0f batches of %.0f"
                        + " commands each took %.1f ms in the database, against %.1f ms for the ceiling's set-based SQL"
                        + " of %d transfers, and %.1f + %.1f ms in the Kafka transaction. The database transaction does"
                        + " more than the ceiling's statements (the partition lock, the journal probe, the account locks"
                        + " read back into the worker), and the worker's two consumer threads take turns in it: a batch"
                        + " of %.0f uniform transfers locks about %.0f%% of the %,d accounts, so the other thread's batch"
                        + " shares some of them and waits until the first has committed (in the worker, before it takes"
                        + " a connection: `AccountTurns`), where the ceiling runs one client. The time in the database"
                        + " includes that wait.%n%n",
                drainBatches.batches(), batch, drainBatches.applyMs(), sqlBatchMs, SqlCeiling.BATCH,
                drainBatches.sendOffsetsMs(), drainBatches.commitMs(), batch, 100 * locked, ACCOUNTS);
    }

    private String rollingTable() {
        StringBuilder table = new StringBuilder("| rolling restart of " + RollingRestart.INSTANCES + " workers under "
                + String.format(Locale.ROOT, "%,d", RollingRestart.RATE) + "/s | group (broker) | restart window s "
                + "| each instance: stopped / owned partitions again, s | commands due in the window "
                + "| window p50 / p99 / max ms | whole run p50 / p99 / max ms | decided/s | target | met | verify |\n"
                + "|---|---|---:|---|---:|---:|---:|---:|---|---|---|\n");
        for (RollingRestart.Outcome o : rolled) {
            StringBuilder restarts = new StringBuilder();
            for (RollingRestart.Restart r : o.restarts()) {
                restarts.append(restarts.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%.1f / %.1f",
                        r.stopSeconds(), r.readySeconds()));
            }
            table.append(String.format(Locale.ROOT, "| %s | %s | %.1f%s | %s | %,d | %s / %s / %s "
                            + "| %s / %s / %s | %,.0f | p99 ≤ 1 s during the restart, verify OK | %s | %s |%n",
                    o.variant(), o.groupType(), o.windowSeconds(), o.windowInsideLoad() ? "" : " (not covered whole)",
                    restarts, o.windowCommands(), ms(o.windowP50()), ms(o.windowP99()), ms(o.windowMax()),
                    ms(o.wholeP50()), ms(o.wholeP99()), ms(o.wholeMax()), o.perSecond(),
                    o.met() ? "yes" : "**no**", o.verdict()));
        }
        return table.toString();
    }

    /** CPU microseconds per command, each process, over the whole load run (its set-up included). */
    private String cpuTable() {
        StringBuilder table = new StringBuilder("| scenario | commands | worker µs | PostgreSQL µs | broker µs "
                + "| load generator µs | total µs | CPU busy (of " + Runtime.getRuntime().availableProcessors()
                + " cores = " + 100 * Runtime.getRuntime().availableProcessors() + "%) |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row row : rows) {
            if (row.commands() > 0 && !row.group().equals("curve")) {
                cpuLine(table, row.scenario(), row.commands(), row.cpu(), row.wallSeconds());
            }
        }
        if (drained != null && drained.cpuCommands() > 0) {
            cpuLine(table, "backlog drain (from the worker's start; broker: with the benchmark's results reader)",
                    drained.cpuCommands(), drained.cpu(), drained.cpuWallSeconds());
        }
        return table.toString();
    }

    private static void cpuLine(StringBuilder table, String scenario, long commands, CpuMeter cpu,
                                double wallSeconds) {
        double total = cpu.workerSeconds() + cpu.postgresSeconds() + cpu.brokerSeconds() + cpu.loadSeconds();
        table.append(String.format(Locale.ROOT, "| %s | %,d | %.0f | %.0f | %.0f | %.0f | %.0f | %s |%n",
                scenario, commands, micros(cpu.workerSeconds(), commands), micros(cpu.postgresSeconds(), commands),
                micros(cpu.brokerSeconds(), commands), micros(cpu.loadSeconds(), commands), micros(total, commands),
                String.format(Locale.ROOT, "%.0f%%", 100 * total / wallSeconds)));
    }

    private String waitsTable() {
        StringBuilder table = new StringBuilder("| scenario | batches | commands per batch | database transaction "
                + "ms | sendOffsetsToTransaction ms | commitTransaction ms |\n|---|---:|---:|---:|---:|---:|\n");
        for (Waits w : waits) {
            table.append(String.format(Locale.ROOT, "| %s | %,.0f | %.1f | %.1f | %.1f | %.1f |%n", w.scenario(),
                    w.batches(), w.recordsPerBatch(), w.applyMs(), w.sendOffsetsMs(), w.commitMs()));
        }
        return table.toString();
    }

    private String profileTables() {
        StringBuilder text = new StringBuilder();
        text.append(frames("hottest methods (frame on top of the stack)", profile.topSelf()));
        text.append("\n").append(frames("the worker's own code the samples were under (first dev.tally frame)",
                profile.topTally()));
        text.append("\n").append(frames("by package of the top frame", profile.topPackages()));
        return text.toString();
    }

    private String frames(String title, Map<String, Long> counts) {
        StringBuilder table = new StringBuilder("| " + title + " | samples | share |\n|---|---:|---:|\n");
        counts.forEach((frame, n) -> table.append(String.format(Locale.ROOT, "| `%s` | %,d | %.1f%% |%n", frame, n,
                100.0 * n / Math.max(1, profile.samples()))));
        return table.toString();
    }

    private static double micros(double seconds, long commands) {
        return seconds * 1e6 / commands;
    }

    private static String met(Row row) {
        if (row.target() == null) {
            return "-";
        }
        boolean met = row.verdict().equals("OK");
        Matcher p50 = Pattern.compile("p50 ≤ (\\d+) ms").matcher(row.target());
        if (p50.find()) {
            met &= row.p50() <= Double.parseDouble(p50.group(1));
        }
        Matcher p99 = Pattern.compile("p99 ≤ (\\d+) ms").matcher(row.target());
        if (p99.find()) {
            met &= row.p99() <= Double.parseDouble(p99.group(1));
        }
        return met ? "yes" : "**no**";
    }

    private static String ms(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.1f", value);
    }

    private void writeDocs() throws IOException {
        Path docs = Path.of("docs");
        Files.createDirectories(docs);
        Files.writeString(docs.resolve("benchmarks.svg"), Charts.throughput(rows, combinedCeiling));
        Files.writeString(docs.resolve("benchmarks-latency.svg"), Charts.latencyCurve(rows));
        double load = loadAverage();
        String markdown = "# Benchmarks\n\n"
                + "Written by `java -jar demo/target/tally-demo.jar bench` on " + LocalDate.now()
                + (scale == 1.0 ? "" : " with `TALLY_BENCH_SCALE=" + scale + "` (counts and durations scaled)")
                + ". Every figure"
                + " comes from the same run, on the same PostgreSQL and broker, with the worker, the broker and the"
                + " load generator sharing the machine's " + Runtime.getRuntime().availableProcessors() + " cores."
                + " Throughput is given as a ratio to the ceilings measured at the start of the run, because absolute"
                + " figures drift with whatever else the machine does"
                + String.format(Locale.ROOT, " (its load average was %.1f when this run ended; the benchmark's own"
                + " processes count in it, so only a figure well above the cores hints at other work).\n\n", load)
                + "## Ceilings\n\n"
                + "What this machine can do at most, measured first: the worker's Kafka work alone (a"
                + " consume → produce echo in transactions with the worker's consumer and producer settings and a"
                + " `read_committed` reader of the output) and its database work alone (the statements of a batch,"
                + " set-based), both at the same time, so that they share the CPU as they do in the worker.\n\n"
                + ceilingTable() + "\n"
                + "## Latency, open loop\n\n"
                + "`tally load --rate N` in its own JVM publishes on schedule whatever happens; each command's"
                + " latency is counted from when it was due (not from when it was sent), so a stall of the client"
                + " or of the worker shows up whole (no coordinated omission), and percentiles come from an"
                + " HdrHistogram. One worker with the default settings serves every rate, after a warm-up run."
                + " Each scenario's `tally load` starts in a fresh JVM, whose first seconds go to compiling its hot"
                + " code, so it runs the load for `--warmup " + loadWarmupSeconds() + "s` first (5 s scaled by"
                + " `TALLY_BENCH_SCALE`, at least 2 s): those commands are verified like the others, but their"
                + " latencies, their time and their throughput are not counted in the table, and the measured"
                + " schedule starts when the warm-up ends."
                + " \"After the decision\" is the part of the latency from the worker's `decided_at` (inside its database"
                + " transaction) to the result's arrival at the client: the rest of the database transaction, the"
                + " Kafka transaction and the client's fetch; the remainder came before the decision.\n\n"
                + latencyTable() + "\n"
                + "![Publish-to-result latency against the offered rate](benchmarks-latency.svg)\n\n"
                + "## Throughput, closed loop\n\n"
                + "Each command of the plain scenarios is one transfer; in the holds scenario a hold and its post"
                + " are two commands and one transfer of money (compared below the table).\n\n"
                + throughputTable() + "\n"
                + holdsLine() + "\n"
                + "![Transfers per second by scenario](benchmarks.svg)\n\n"
                + (drained == null ? "" : "## Backlog drain\n\n"
                + "A worker opens and funds " + String.format(Locale.ROOT, "%,d", ACCOUNTS) + " accounts through"
                + " `tally load` and is stopped; then, with no worker running, "
                + String.format(Locale.ROOT, "%,d", drained.commands()) + " uniform transfers"
                + " (the contract's JSON, keyed by debit account, amounts of 1 to 100 against balances of 1,000,000)"
                + " go straight into the commands topic. A fresh worker with the default settings is started on"
                + " them, and a `read_committed` reader of every results partition counts their results: the time"
                + " runs from the worker's launch (its JVM's start and its group's join included) and, separately,"
                + " from the first result read, which is how the ceilings count theirs, so the target is judged on"
                + " that one. `tally verify --report` checks every transfer of the backlog (one result each, one"
                + " agreeing journal row, each debit account's transfers decided in publish order) and the book."
                + " Its CPU is in the table below, from the worker's start to the last result.\n\n"
                + drainTable() + "\n" + drainGap())
                + (rolled.isEmpty() ? "" : "## Rolling restart\n\n"
                + RollingRestart.INSTANCES + " workers share one consumer group, each with "
                + RollingRestart.CONCURRENCY + " consumer thread (`TALLY_WORKER_CONCURRENCY`; three instances of one"
                + " thread are the group of three consumers this two-core machine can serve, where a single worker runs"
                + " two; 12 commands partitions), while `tally load` offers "
                + String.format(Locale.ROOT, "%,d", RollingRestart.RATE) + " uniform transfers/s open loop."
                + " After the load's warm-up and some seconds of steady state, each worker in turn is stopped"
                + " gracefully (SIGTERM, awaited until the process exited), started again with the same instance id"
                + " (so its transactional ids fence whatever its predecessor left open) and awaited until its"
                + " readiness endpoint says UP with partitions assigned to it; then the next. The restart window runs"
                + " from the first SIGTERM until the last worker owns partitions again, plus 5 s for what queued up;"
                + " its latencies are those of the commands *due* in it (each command's `due_at_ms` and `latency_ms`"
                + " in the `tally load --report`), the whole run's are the load's measured part. It runs once per way"
                + " of handing partitions over, each on a database, topics and a group of its own, set on the workers"
                + " through `SPRING_KAFKA_CONSUMER_PROPERTIES_*`: the classic protocol with Kafka's default assignor"
                + " (range, eager: every rebalance revokes every partition of every member, and the members that"
                + " rejoined first wait for the others, who learn of the rebalance on their next heartbeat: the"
                + " worker's consumers heartbeat every 500 ms, where Kafka's 3 s made each join and leave a stall of"
                + " up to 3 s, a window p99 of 2.4-2.5 s in two runs), the classic protocol"
                + " with the `CooperativeStickyAssignor` (a rebalance revokes only the partitions that move), and"
                + " KIP-848's protocol (`group.protocol=consumer`: the broker assigns, and hands partitions over on"
                + " its members' heartbeats, every 5 s by the broker's default `group.consumer.heartbeat.interval.ms`)."
                + " The cooperative assignor runs only when asked for (`TALLY_BENCH_ROLLING=cooperative`): while a"
                + " cooperative rebalance goes on, the members keep deciding, and a poll's offset commit in the"
                + " Kafka transaction then fails on the group's new generation (`CommitFailedException`). The worker"
                + " rolls such a poll back and reads it again at once (three in a row, then after its back-off), yet"
                + " in this machine's runs partitions still stood still for seconds at each hand-over, longer than"
                + " with the eager assignor."
                + " The group column is the group's type as the broker described it. `tally verify --report` checks"
                + " every command: one result each, one agreeing journal row, publish order per debit account, and"
                + " the book.\n\n"
                + rollingTable() + "\n")
                + "## Cost: CPU per command\n\n"
                + "CPU microseconds per command (set-up included: opening and funding the accounts, and the latency"
                + " scenarios' `--warmup`, its commands counted too), read from"
                + " /proc for each process over the whole `tally load` run: the worker, every PostgreSQL process,"
                + " the broker (the benchmark's JVM) and the load generator (its own JVM, JIT warm-up included).\n\n"
                + cpuTable() + "\n"
                + "## Where the milliseconds go\n\n"
                + "From the worker's own metrics, per batch (one batch per poll here): the database transaction"
                + " (`tally_apply_latency_seconds`), then the Kafka transaction's two round trips to the"
                + " coordinator — `sendOffsetsToTransaction` and `commitTransaction` (Kafka producer metrics).\n\n"
                + waitsTable() + "\n"
                + WAITS_TEXT
                + LEVERS_TEXT
                + (markerPrices[0] > 0 && markerPrices[1] > 0 ? String.format(Locale.ROOT, "In this run the echo"
                + " with transactions of 50 moved %,.0f records/s with results over 12 partitions and %,.0f/s with"
                + " results in one partition: %.1f× as many.%n%n", markerPrices[0],
                markerPrices[1], markerPrices[1] / markerPrices[0]) : "")
                + (profile == null ? "" : "## Profile of the worker at saturation\n\n"
                + "Java Flight Recorder (`-XX:StartFlightRecording=settings=profile`) on the worker of the first"
                + " closed-loop scenario, " + String.format(Locale.ROOT, "%,d", profile.samples()) + " execution"
                + " samples taken while the load ran (the worker's start-up left out); `jfr print --events jdk.ExecutionSample target/bench/worker-saturation.jfr` shows"
                + " them all.\n\n" + profileTables() + "\n" + PROFILE_TEXT)
                + "## Machine and settings\n\n"
                + "- " + Runtime.getRuntime().availableProcessors() + " cores, " + memoryGb() + " GiB memory; "
                + postgresVersion() + "; Java " + System.getProperty("java.version") + "\n"
                + "- PostgreSQL as this machine runs it (" + postgresSettings() + "); one KRaft broker in the"
                + " benchmark's JVM (JVM options: `" + String.join(" ",
                        ManagementFactory.getRuntimeMXBean().getInputArguments()) + "`; `" + DemoJvm.BROKER_HEAP
                + "` is the heap Kafka's start script gives a broker, which the demo and the benchmark give their"
                + " JVM unless the command line sizes the heap)\n"
                + "- worker: `java -Xmx512m -jar worker/target/tally-worker.jar` with its defaults: 2 consumer"
                + " threads, 12 commands partitions, 1 results partition, batches of up to 500, consumer"
                + " `fetch.max.wait.ms` 10 and `fetch.min.bytes` 16 KiB, `heartbeat.interval.ms` 500, producer"
                + " `linger.ms` 0,"
                + " `plan_cache_mode=force_generic_plan`, `enable_seqscan=off`, `jit=off`\n"
                + "- load: `java -Xmx1g " + DemoJvm.C1_ONLY + " -jar producer/target/tally.jar load` (a JVM"
                + " per scenario, compiling with C1 only: a fresh JVM's optimising compiler would take CPU from"
                + " what is measured for most of a scenario) with " + ACCOUNTS + " accounts (the demo's"
                + " mix: 200), 1% retried duplicates and 1% transfers that must be rejected; `tally verify` after"
                + " each run\n"
                + "- pgbench: the worker's statements for one transfer in one transaction, 8 clients"
                + " (`demo/src/main/resources/pgbench/`)\n";
        Files.writeString(docs.resolve("benchmarks.md"), markdown);
        step("Wrote docs/benchmarks.md, docs/benchmarks.svg and docs/benchmarks-latency.svg");
    }

    private static final String WAITS_TEXT = """
            Every wait on the way from a client's publish to its result, in order:

            1. **Client producer**: `TransferClient` lingers 2 ms before sending a command (`acks=all`).
            2. **Worker fetch**: the worker's consumer asks the broker for records and the broker answers as soon as
               16 KiB are there (`fetch.min.bytes`, about 60 commands) or after `fetch.max.wait.ms`. A consumer keeps at most one
               fetch in flight to a broker, and a partition whose records are still buffered on the client is left
               out of it; a command arriving on such a partition waits until the fetch in flight comes back.
               Kafka's default wait of 500 ms turned that into hundreds of milliseconds of latency at low rates;
               the worker waits at most 10 ms, for up to 16 KiB.
            3. **The poll's work** (the table above): one database transaction per batch — lock the partitions'
               offset rows, probe `command_ids` for ids decided before, lock the holds and the accounts, update the
               balances, one statement for the journal (ids, transfers and the batch's decision number), advance the
               offsets, commit — then the Kafka transaction: results sent while the offsets go to the group
               coordinator (`linger.ms` 0), `sendOffsetsToTransaction` (TxnOffsetCommit; the broker runs transaction
               protocol version 2, so partitions join the transaction without AddPartitionsToTxn round trips) and
               `commitTransaction` (EndTxn; the coordinator then writes a commit marker into every partition the
               transaction touched: the one results partition and the offsets partition). A command that arrives
               while its consumer is busy waits for the rest of that poll, then for its own. The listener container
               adds no wait of its own: its poll timeout (Spring Kafka's 5 s) only bounds an idle poll, which
               returns as soon as a record arrives, and there is no pause between polls.
            4. **Client fetch**: `TransferClient`'s `read_committed` results consumer sees a result only once the
               commit marker is written; the marker's append completes the fetch the client has waiting at the
               broker, so its 500 ms fetch wait adds nothing while results flow.

            """;

    private static final String LEVERS_TEXT = """
            ### Levers: what changed, and what is left to change

            Changed, each measured on this machine with the worker warm and `tally load --warmup` (probe runs on
            2026-11-27, single runs on a shared machine, so the direction is firmer than the size):

            - **PostgreSQL re-planned every statement** (`plan_cache_mode`): the worker's lookups take key arrays
              (`= ANY(?)`), for which PostgreSQL keeps making a custom plan per execution. At 100 transfers/s its
              two backends used 40% of a core; with `plan_cache_mode=force_generic_plan` on the worker's
              connections (`application.yml`), 30%.
            - **A plan made on a young journal**: such a plan is kept until the table is next analyzed, and the
              worker's connections make theirs in the first seconds, when the journal fills a few pages and reading
              all of it is cheaper than the index. With autovacuum off (as on this machine), or before its first
              ANALYZE, every lookup then read the whole of `command_ids`, the accounts too: 130,000 commands in, at
              1,000/s, PostgreSQL used 62% of a core, half of it comparing uuids in sequential scans. The worker's
              statements all find rows by key, so its connections rule sequential scans out (`enable_seqscan=off`):
              20% (`LookupPlansIntegrationTests`). A statement with no index to use then carries a prohibitive
              estimated cost, for which PostgreSQL would JIT-compile it at every execution (50 ms for a lookup in a
              two-row table), so JIT is off too (`jit=off`).
            - **Journal lookup**: two unions over six tables per batch became one primary-key probe of
              `command_ids`, the full rows read only for ids found there (replays). Those two queries had been
              where a listener thread waited longest on PostgreSQL (JFR socket reads over 10 ms: 57 of 76); the
              backends' CPU at 100/s went from 30% to 21%.
            - **Journal insert**: a sequence call and two JDBC batches of bound rows (17 parameters a transfer,
              a `MapSqlParameterSource` each, 18% of the listener's samples at saturation) became one
              `INSERT ... SELECT ... FROM unnest(...)` statement with a column per array.
            - **One results partition** (`tally.worker.topics.result-partitions`, 1 by default for a topic the
              worker creates): a transaction wrote results keyed by command id into most of 12 partitions, each
              then got a commit marker. In back-to-back probe runs at 800/s (the demo's mix) the client's p50
              went from 58–70 ms to 31–33 ms and p99 from 311–329 ms to 130–176 ms; the ceilings table prices the
              markers with the echo alone.
            - **No Micrometer timer per result sent** (`KafkaTemplate`'s `spring.kafka.template`), and the codec
              (contracts): one SHA-256 digest per thread, ids and types checked without a regex, valid commands
              read in one pass over their bytes, results written straight to a `JsonGenerator`.
            - **Warm measurements**: the latency of a freshly started JVM is mostly JIT compilation on 2 cores (the
              compiler threads of the demo's JVM took 43% of a core 30–45 s into the demo). `tally load --warmup`
              runs the load first without counting it; the demo warms up 20 s, each latency scenario here 5 s.
            - **Short-lived JVMs compile with C1 only** (`-XX:TieredStopAtLevel=1`): the demo's JVMs and each
              scenario's `tally load` here. On a slow day (ceilings a quarter below the run before) the optimising
              compiler of the demo's broker-and-client JVM and of its worker still used 400–530 and 200–400 ms of
              CPU a second 30–60 s after their start, 35–45% of the machine; the demo's p99 was 240–400 ms, with
              C1 only 84–118 ms in nine runs. C1's code is slower once compiled (the demo's broker-and-client JVM
              then used 1.1 cores against 0.7–0.9), so the worker measured here keeps the JVM's default.
            - **The broker's JVM starts with a broker's heap** (`-Xms1g`, as Kafka's `kafka-server-start.sh` gives it):
              the demo's JVM and this benchmark's, unless their command line sizes the heap. With the JVM's default
              initial heap, G1 kept the demo's broker-and-client JVM near 300 MB and stopped it for 12–18 ms every
              2 s of the load; with 1 GB, for 20–39 ms every 6 s. The demo's p99 on one day: median 52 ms in 13 runs
              before (highest 211), 40 ms in 22 runs after (highest 96). Most of the demo's slowest 1% now begins
              just before a young collection of that JVM or of the worker. The worker with `-Xms512m` did no better.
            - **Fuller polls**: consumer `fetch.min.bytes` 1 → 16 KiB (about 60 commands; the fetch still returns
              after `fetch.max.wait.ms`, 10 ms). At moderate rates a poll's fixed cost — a database and a Kafka
              transaction, most of the CPU per command below 2,000/s — is paid half as often. Back-to-back probe
              runs (1 against 16 KiB): 100/s p50 14 → 16 ms, p99 82 → 36 ms; 1,000/s p50 50 → 21 ms, p99 283 →
              230 ms; 2,000/s p50 61 → 45 ms, p99 613 → 446 ms; the demo's mix p50 48 → 37 ms, p99 325 → 264 ms.
            - **Batches that share accounts take turns in the worker** (`AccountTurns`): the two consumer threads'
              batches of a backlog (about 500 uniform transfers over 1,000 accounts, each locking some 63% of them)
              queued on each other's row locks in PostgreSQL, batch after batch. PostgreSQL then spent twice the
              CPU per transfer (75 against 37 µs) and the drain ran at 0.52× the combined ceiling, slower than with
              one consumer thread (0.70×). Now a batch that shares an account or a hold with an earlier batch of
              the same worker waits for it before it takes a connection, and batches with nothing in common still
              go side by side; the database's locks still keep instances apart. Drain 0.52× → 0.98× the combined
              ceiling; closed loop, in back-to-back runs on one day: uniform 5,244 → 5,523/s, holds 4,245 →
              6,048/s, hot account 5,346 → 6,500/s.
            - Earlier: consumer `fetch.max.wait.ms` 500 → 10 and producer `linger.ms` 5 → 0 (`application.yml`).

            Measured and kept as they are:

            - `tally.worker.concurrency` 2 against 1: one consumer thread makes larger batches and no two batches
              wait for each other's lock on a hot account, which helped the demo's mix at p99, but a command then
              waits for a whole poll of the one thread: at 100/s p50 33 ms against 12 ms. Two it stays.
            - `max.poll.records` 500, equal to the batch size. `TransferClient`'s results consumer keeps its fetch
              wait (item 4 above).
            - In the demo with C1 only, three runs each, p99: the worker's `fetch.max.wait.ms` 20 ms 100–255 ms
              against 92–111 ms with 10 ms; the client's `linger.ms` 5 (Kafka's default) 107–119 ms against 2 ms;
              the demo's broker with 2 I/O threads and 1 network thread instead of Kafka's 8 and 3 117–133 ms.
              None helped, so none changed. In one run with GC logs the slowest 1% of the commands came in four
              bursts across every kind and account, stalls of 50–70 ms; two began at a young collection of the
              broker-and-client JVM (18–21 ms), whose seven other collections in the 20 s made none.

            Left to change: the holds lock reads every pending hold of the batch's accounts through a partial index
            per side, which stays cheap while pending holds are few; the Kafka side of a poll is three round trips
            to the broker whatever the batch size, the floor of the latency at low rates.
            At the demo's ~870 commands/s the broker served ~1,840 requests/s, about 0.3 ms of its CPU each: per poll
            a fetch, a produce, `TxnOffsetCommit` and `EndTxn` from the worker, the broker's own `WriteTxnMarkers` and
            two implicit `AddPartitionsToTxn` (transaction version 2, finalized on this broker, which spares the client
            those round trips), and a fetch of the results reader; only fewer transactions a second would lower it.

            """;

    private static final String PROFILE_TEXT = """
            What the profiles of this worker at saturation showed, and what was changed because of them (the tables
            above are of this run, after the changes):

            1. `Journal.record`, the journal's JDBC batch through `NamedParameterJdbcTemplate` (a parameter map and
               a value array per row, 17 bound parameters a transfer), was the largest share of the listener's
               samples (14–18% in three profiles). Now one `INSERT ... SELECT ... FROM unnest(...)` per batch.
            2. `WireCodec.canonical` re-serialised every field node with `JsonNode.toString()` for the fingerprint,
               `WireCodec.encodeResult` built an `ObjectNode` tree, then serialised it, and `CommandId.isValid`
               checked each id with a regex (7% of one profile). The contracts module now reads a valid command in
               one pass over its bytes, writes results straight to a `JsonGenerator`, keeps one SHA-256 digest per
               thread and checks ids without a regex — every fingerprint and every result byte-identical to
               before, which `ReferenceCodec` (a frozen copy of the old codec) and its tests hold it to.
            3. `KafkaTemplate.send` timed every result with a Micrometer timer; that timer is off.
            4. Waiting, not computing, is most of a listener thread's time: JFR's socket-read events (reads over
               10 ms) put the longest waits in the journal lookups, which became one primary-key probe, and the
               Kafka side of a poll costs round trips, not CPU.

            """;

    // ------------------------------------------------------------------------------------------------- helpers

    private static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    private static long memoryGb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Math.round(Long.parseLong(line.replaceAll("\\D", "")) / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return Runtime.getRuntime().maxMemory() / (1L << 30);
    }

    private static String postgresVersion() {
        try (Connection connection = DriverManager.getConnection(LocalDatabase.SERVER, "postgres", "");
             Statement statement = connection.createStatement();
             var rs = statement.executeQuery("SHOW server_version")) {
            return rs.next() ? "PostgreSQL " + rs.getString(1) : "PostgreSQL";
        } catch (SQLException e) {
            return "PostgreSQL";
        }
    }

    /** The server settings that shape the figures, as the server reports them. */
    private static String postgresSettings() {
        List<String> settings = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(LocalDatabase.SERVER, "postgres", "");
             Statement statement = connection.createStatement()) {
            for (String name : List.of("autovacuum", "fsync", "synchronous_commit", "shared_buffers")) {
                try (var rs = statement.executeQuery("SHOW " + name)) {
                    if (rs.next()) {
                        settings.add("`" + name + "` " + rs.getString(1));
                    }
                }
            }
        } catch (SQLException e) {
            return "its settings could not be read: " + e.getMessage();
        }
        return String.join(", ", settings);
    }

    private void step(String text) {
        out.println("==> " + text);
    }
}
