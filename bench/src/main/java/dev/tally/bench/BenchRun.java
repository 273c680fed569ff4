package dev.tally.bench;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.tally.bench.ceiling.CeilingsScenario;
import dev.tally.bench.ceiling.PgbenchBaseline;
import dev.tally.bench.clients.ClientsScenario;
import dev.tally.bench.closedloop.ClosedLoopScenario;
import dev.tally.bench.closedloop.HoldsScenario;
import dev.tally.bench.closedloop.HotAccountScenario;
import dev.tally.bench.drain.DrainScenario;
import dev.tally.bench.latency.LatencyScenario;
import dev.tally.bench.report.BenchmarksDoc;
import dev.tally.bench.rolling.RollingScenario;
import dev.tally.demo.LocalDatabase;
import dev.tally.demo.LocalKafka;
import dev.tally.testkit.WorkerProcess;

/**
 * One run of the benchmark: on one PostgreSQL and one broker, it measures what this machine can do at most (the
 * Kafka echo and the worker's batch as set-based SQL, run together, and the pgbench baseline of one transfer per
 * transaction), then the worker end to end with {@code tally load} in its own process: open-loop latency at fixed
 * rates (HdrHistogram percentiles counted from when each command was due, after a {@code --warmup} that is not
 * counted, so that each fresh load JVM is compiled when measured), a latency-versus-offered-rate curve,
 * closed-loop throughput for each locking strategy, on a hot account and with holds, the same load over ten
 * clients' topics (contract v1.2) against the operator's one, the drain of a preloaded
 * backlog by a fresh worker, and a rolling restart of three workers under load with each way of handing partitions
 * over. {@code tally verify} runs after every scenario. It prints the tables and, after a run of every
 * {@link Scenario}, writes {@code docs/benchmarks.md} and the charts {@code docs/benchmarks.svg} and
 * {@code docs/benchmarks-latency.svg}.
 */
final class BenchRun {

    private final double scale;
    private final Set<Scenario> chosen;
    private final Set<String> rollingVariants;
    private final PrintWriter out;
    private final Path logs = Path.of("target", "bench");
    private final Figures figures = new Figures();

    BenchRun(double scale, Set<Scenario> chosen, Set<String> rollingVariants, PrintWriter out) {
        this.scale = scale;
        this.chosen = chosen;
        this.rollingVariants = rollingVariants;
        this.out = out;
    }

    /** Runs the chosen scenarios; returns the exit code: 0 when every one was verified, else 1. */
    int run() throws Exception {
        out.println("==> Tally benchmark, scale " + scale + ", " + Runtime.getRuntime().availableProcessors()
                + " cores, scenarios " + chosen.stream().map(Scenario::label).toList());
        Path tallyJar = Path.of(System.getenv().getOrDefault("TALLY_BENCH_LOAD_JAR", "producer/target/tally.jar"));
        if (!Files.isRegularFile(tallyJar)) {
            throw new IllegalStateException(tallyJar + " is missing: run ./mvnw -B -q package -DskipTests first");
        }
        Files.createDirectories(logs);
        int failures = 0;
        try (LocalDatabase database = LocalDatabase.fresh("tally_bench"); LocalKafka kafka = LocalKafka.start()) {
            Testbed bed = new Testbed(database, kafka.bootstrap(), tallyJar, logs, scale, out);
            // The schema comes from the worker's own migrations: start it once before the SQL needs the tables.
            try (WorkerProcess ignored = bed.startWorker(database, "500", "pessimistic", "migrate", List.of(),
                    Map.of())) {
                bed.step("Schema ready");
            }
            // The SQL ceiling and pgbench work on a copy of the empty schema, so that their accounts (funded behind
            // the worker's back) stay out of the books that tally verify checks.
            try (LocalDatabase copy = LocalDatabase.copyOf(database, "tally_pgbench")) {
                if (chosen.contains(Scenario.CEILINGS)) {
                    CeilingsScenario.run(bed, figures, copy);
                }
                if (chosen.contains(Scenario.BASELINE)) {
                    PgbenchBaseline.run(bed, figures, copy);
                }
            }
            if (chosen.contains(Scenario.LATENCY) || chosen.contains(Scenario.CURVE)) {
                failures += new LatencyScenario(bed, figures).run(chosen.contains(Scenario.LATENCY),
                        chosen.contains(Scenario.CURVE));
            }
            if (chosen.contains(Scenario.CLOSED_LOOP)) {
                failures += ClosedLoopScenario.run(bed, figures);
            }
            if (chosen.contains(Scenario.HOT_ACCOUNT)) {
                failures += HotAccountScenario.run(bed, figures);
            }
            if (chosen.contains(Scenario.HOLDS)) {
                failures += HoldsScenario.run(bed, figures);
            }
            if (chosen.contains(Scenario.CLIENTS)) {
                failures += ClientsScenario.run(bed, figures);
            }
            if (chosen.contains(Scenario.DRAIN)) {
                failures += DrainScenario.run(bed, figures);
            }
            if (chosen.contains(Scenario.ROLLING)) {
                failures += RollingScenario.run(bed, figures, rollingVariants);
            }
            BenchmarksDoc doc = new BenchmarksDoc(figures, scale);
            doc.printTables(out);
            if (chosen.equals(EnumSet.allOf(Scenario.class))) {
                doc.write(Path.of("docs"));
                bed.step("Wrote docs/benchmarks.md, docs/benchmarks.svg and docs/benchmarks-latency.svg");
            }
        }
        return failures == 0 ? 0 : 1;
    }
}
