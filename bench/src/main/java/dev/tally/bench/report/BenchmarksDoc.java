package dev.tally.bench.report;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;

import dev.tally.bench.Figures;
import dev.tally.bench.Testbed;
import dev.tally.bench.clients.ClientsComparison;
import dev.tally.bench.clients.ClientsScenario;
import dev.tally.bench.closedloop.HoldsScenario;
import dev.tally.bench.latency.LatencyScenario;
import dev.tally.bench.rolling.RollingScenario;
import dev.tally.demo.DemoJvm;

/**
 * {@code docs/benchmarks.md} and its charts, written after a run of every scenario: each section's method in words,
 * then this run's table; the figures and the machine's facts come from the run.
 */
public final class BenchmarksDoc {

    private final Figures figures;
    private final Tables tables;
    private final double scale;

    public BenchmarksDoc(Figures figures, double scale) {
        this.figures = figures;
        this.tables = new Tables(figures);
        this.scale = scale;
    }

    /** Prints every table of what ran. */
    public void printTables(java.io.PrintWriter out) {
        tables.print(out);
    }

    /** Writes {@code benchmarks.md} and its two charts into {@code docs}. */
    public void write(Path docs) throws IOException {
        Files.createDirectories(docs);
        Files.writeString(docs.resolve("benchmarks.svg"), Charts.throughput(figures.rows(), figures.combinedCeiling()));
        Files.writeString(docs.resolve("benchmarks-latency.svg"), Charts.latencyCurve(figures.rows()));
        double load = MachineFacts.loadAverage();
        String markdown = "# Benchmarks\n\n"
                + "Written by `java -jar bench/target/tally-bench.jar` on " + LocalDate.now()
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
                + tables.ceilingTable() + "\n"
                + "## Latency, open loop\n\n"
                + "`tally load --rate N` in its own JVM publishes on schedule whatever happens; each command's"
                + " latency is counted from when it was due (not from when it was sent), so a stall of the client"
                + " or of the worker shows up whole (no coordinated omission), and percentiles come from an"
                + " HdrHistogram. One worker with the default settings serves every rate, after a warm-up run."
                + " Each scenario's `tally load` starts in a fresh JVM, whose first seconds go to compiling its hot"
                + " code, so it runs the load for `--warmup " + LatencyScenario.loadWarmupSeconds(scale) + "s` first (5 s scaled by"
                + " `TALLY_BENCH_SCALE`, at least 2 s): those commands are verified like the others, but their"
                + " latencies, their time and their throughput are not counted in the table, and the measured"
                + " schedule starts when the warm-up ends."
                + " \"After the decision\" is the part of the latency from the worker's `decided_at` (inside its database"
                + " transaction) to the result's arrival at the client: the rest of the database transaction, the"
                + " Kafka transaction and the client's fetch; the remainder came before the decision.\n\n"
                + tables.latencyTable() + "\n"
                + "![Publish-to-result latency against the offered rate](benchmarks-latency.svg)\n\n"
                + "## Throughput, closed loop\n\n"
                + "Each command of the plain scenarios is one transfer; in the holds scenario a hold and its post"
                + " are two commands and one transfer of money (compared below the table).\n\n"
                + tables.throughputTable() + "\n"
                + HoldsScenario.comparison(figures) + "\n"
                + "![Transfers per second by scenario](benchmarks.svg)\n\n"
                + (ClientsComparison.of(figures.rows()) == null ? "" : "## Clients: 10 client topics against one\n\n"
                + "One worker, after a warm-up, runs the uniform closed loop and the open loop at 1,000/s first on the"
                + " operator's topic, then spread over " + ClientsScenario.CLIENTS + " clients' topics (contract"
                + " v1.2; `tally load --clients 10`): clients `bench-0` to `bench-9`, made before the worker starts"
                + " as `tally clients add` makes them (the operator's partition counts), each opening its own share of"
                + " the accounts (`bench-N:…`) on its own topic, funded by the operator from an unbounded account,"
                + " moving money between its own accounts and reading its own results topic. The target: throughput"
                + " at least 0.90 of the operator's topic's, p99 at 1,000/s at most 1.2× its, both from this run.\n\n"
                + tables.clientsTable() + "\n")
                + (figures.drained() == null ? "" : "## Backlog drain\n\n"
                + "A worker opens and funds " + String.format(Locale.ROOT, "%,d", Testbed.ACCOUNTS) + " accounts through"
                + " `tally load` and is stopped; then, with no worker running, "
                + String.format(Locale.ROOT, "%,d", figures.drained().commands()) + " uniform transfers"
                + " (the contract's JSON, keyed by debit account, amounts of 1 to 100 against balances of 1,000,000)"
                + " go straight into the commands topic. A fresh worker with the default settings is started on"
                + " them, and a `read_committed` reader of every results partition counts their results: the time"
                + " runs from the worker's launch (its JVM's start and its group's join included) and, separately,"
                + " from the first result read, which is how the ceilings count theirs, so the target is judged on"
                + " that one. `tally verify --report` checks every transfer of the backlog (one result each, one"
                + " agreeing journal row, each debit account's transfers decided in publish order) and the book."
                + " Its CPU is in the table below, from the worker's start to the last result.\n\n"
                + tables.drainTable() + "\n" + tables.drainGap())
                + (figures.rolled().isEmpty() ? "" : "## Rolling restart\n\n"
                + RollingScenario.INSTANCES + " workers share one consumer group, each with "
                + RollingScenario.CONCURRENCY + " consumer thread (`TALLY_WORKER_CONCURRENCY`; three instances of one"
                + " thread are the group of three consumers this two-core machine can serve, where a single worker runs"
                + " two; 12 commands partitions), while `tally load` offers "
                + String.format(Locale.ROOT, "%,d", RollingScenario.RATE) + " uniform transfers/s open loop."
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
                + tables.rollingTable() + "\n")
                + "## Cost: CPU per command\n\n"
                + "CPU microseconds per command (set-up included: opening and funding the accounts, and the latency"
                + " scenarios' `--warmup`, its commands counted too), read from"
                + " /proc for each process over the whole `tally load` run: the worker, every PostgreSQL process,"
                + " the broker (the benchmark's JVM) and the load generator (its own JVM, JIT warm-up included).\n\n"
                + tables.cpuTable() + "\n"
                + "## Where the milliseconds go\n\n"
                + "From the worker's own metrics, per batch (one batch per poll here): the database transaction"
                + " (`tally_apply_latency_seconds`), then the Kafka transaction's two round trips to the"
                + " coordinator — `sendOffsetsToTransaction` and `commitTransaction` (Kafka producer metrics).\n\n"
                + tables.waitsTable() + "\n"
                + DocTexts.WAITS_TEXT
                + DocTexts.LEVERS_TEXT
                + (figures.markerPrices()[0] > 0 && figures.markerPrices()[1] > 0 ? String.format(Locale.ROOT, "In this run the echo"
                + " with transactions of 50 moved %,.0f records/s with results over 12 partitions and %,.0f/s with"
                + " results in one partition: %.1f× as many.%n%n", figures.markerPrices()[0],
                figures.markerPrices()[1], figures.markerPrices()[1] / figures.markerPrices()[0]) : "")
                + (figures.profile() == null ? "" : "## Profile of the worker at saturation\n\n"
                + "Java Flight Recorder (`-XX:StartFlightRecording=settings=profile`) on the worker of the first"
                + " closed-loop scenario, " + String.format(Locale.ROOT, "%,d", figures.profile().samples()) + " execution"
                + " samples taken while the load ran (the worker's start-up left out); `jfr print --events jdk.ExecutionSample target/bench/worker-saturation.jfr` shows"
                + " them all.\n\n" + tables.profileTables() + "\n" + DocTexts.PROFILE_TEXT)
                + "## Machine and settings\n\n"
                + "- " + Runtime.getRuntime().availableProcessors() + " cores, " + MachineFacts.memoryGb() + " GiB memory; "
                + MachineFacts.postgresVersion() + "; Java " + System.getProperty("java.version") + "\n"
                + "- PostgreSQL as this machine runs it (" + MachineFacts.postgresSettings() + "); one KRaft broker in the"
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
                + " what is measured for most of a scenario) with " + Testbed.ACCOUNTS + " accounts (the demo's"
                + " mix: 200), 1% retried duplicates and 1% transfers that must be rejected; `tally verify` after"
                + " each run\n"
                + "- pgbench: the worker's statements for one transfer in one transaction, 8 clients"
                + " (`bench/src/main/resources/pgbench/`)\n";
        Files.writeString(docs.resolve("benchmarks.md"), markdown);
    }
}
