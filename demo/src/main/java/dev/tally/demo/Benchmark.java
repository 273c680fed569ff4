package dev.tally.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.tally.producer.cli.TallyCli;
import dev.tally.testkit.WorkerProcess;

/**
 * The benchmark: on one PostgreSQL and one broker, in one run, it measures the pgbench baseline (one transfer per
 * transaction, the worker's statements, uniform and with a hot account) and then the worker end to end through
 * Kafka with {@code tally load} in several scenarios, each followed by {@code tally verify}. It prints one table with
 * ratios against the baseline of the same run and writes {@code docs/benchmarks.md} and {@code docs/benchmarks.svg}.
 *
 * <p>Run from the repository root: {@code java -jar demo/target/tally-demo.jar bench}. {@code TALLY_BENCH_SCALE}
 * (default 1.0) scales every count and duration, for a quicker or a longer run; {@code TALLY_BENCH_ONLY=16} runs only
 * scenarios 1 and 6 (docs are then not rewritten). The worker inherits this process's environment, so
 * {@code TALLY_WORKER_*} settings reach it.
 */
public final class Benchmark {

    private static final int ACCOUNTS = 10_000;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

    private final PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    private final double scale;
    private final List<Row> rows = new ArrayList<>();
    private final Map<String, Double> baselines = new HashMap<>();

    private Benchmark(double scale) {
        this.scale = scale;
    }

    public static void main(String[] args) throws Exception {
        double scale = Double.parseDouble(System.getenv().getOrDefault("TALLY_BENCH_SCALE", "1.0"));
        System.exit(new Benchmark(scale).run());
    }

    /** One scenario's figures. */
    record Row(String scenario, String settings, double perSecond, String baseline, double p50, double p99,
               double max, long rssMb, long heapMb, String verdict, CpuShare cpu) {
    }

    /** CPU seconds used during a scenario by the worker, by PostgreSQL, and by this JVM (load and broker). */
    record CpuShare(double worker, double postgres, double loadAndBroker, double wallSeconds) {

        static final CpuShare NONE = new CpuShare(0, 0, 0, 0);

        String describe() {
            if (wallSeconds == 0) {
                return "-";
            }
            return String.format(Locale.ROOT, "worker %.0f%%, postgres %.0f%%, load+broker %.0f%%",
                    100 * worker / wallSeconds, 100 * postgres / wallSeconds, 100 * loadAndBroker / wallSeconds);
        }
    }

    /** A scenario of the worker: its settings and the load it gets. */
    private record Scenario(String name, String batchSize, String locking, List<String> load, String baseline) {
    }

    private int run() throws Exception {
        step("Tally benchmark, scale " + scale + ", " + Runtime.getRuntime().availableProcessors() + " cores");
        try (LocalDatabase database = LocalDatabase.fresh("tally_bench"); LocalKafka kafka = LocalKafka.start()) {
            String bootstrap = kafka.bootstrap();
            Path logs = Path.of("target", "bench");
            Files.createDirectories(logs);
            // The schema comes from the worker's own migrations: start it once before pgbench needs the tables.
            try (WorkerProcess ignored = startWorker(database, bootstrap, "500", "pessimistic", logs, "migrate")) {
                step("Schema ready");
            }
            // pgbench works on a copy of the empty schema, so that its accounts (funded behind the worker's back)
            // stay out of the books that tally verify checks.
            try (LocalDatabase baseline = LocalDatabase.copyOf(database, "tally_pgbench")) {
                pgbench(baseline, "uniform", "transfer.sql");
                pgbench(baseline, "hot", "transfer-hot.sql");
            }

            int count = (int) (60_000 * scale);
            List<Scenario> scenarios = List.of(
                    new Scenario("uniform, batched, pessimistic", "500", "pessimistic",
                            closedLoop(count, "0"), "uniform"),
                    new Scenario("50% to one hot account, batched", "500", "pessimistic",
                            closedLoop(count, "0.5"), "hot"),
                    new Scenario("uniform, one command per transaction", "1", "pessimistic",
                            closedLoop(count / 6, "0"), "uniform"),
                    new Scenario("uniform, batched, optimistic", "500", "optimistic",
                            closedLoop(count, "0"), "uniform"),
                    new Scenario("uniform, batched, conditional", "500", "conditional",
                            closedLoop(count, "0"), "uniform"),
                    new Scenario("fixed 2,000/s, uniform, batched", "500", "pessimistic",
                            List.of("--rate", "2000", "--duration", Math.max(5, (int) (20 * scale)) + "s"), "uniform"));
            int failures = 0;
            String only = System.getenv("TALLY_BENCH_ONLY");
            for (int i = 0; i < scenarios.size(); i++) {
                if (only != null && !only.contains(Integer.toString(i + 1))) {
                    continue;
                }
                if (!scenario(scenarios.get(i), i, database, bootstrap, logs)) {
                    failures++;
                }
            }
            printTable();
            if (only == null) {
                writeDocs();
            }
            return failures == 0 ? 0 : 1;
        }
    }

    private List<String> closedLoop(int count, String hotShare) {
        return List.of("--concurrency", "5000", "--count", Integer.toString(count), "--hot-share", hotShare,
                "--duplicate-share", "0.01", "--reject-share", "0.01");
    }

    private boolean scenario(Scenario scenario, int index, LocalDatabase database, String bootstrap, Path logs)
            throws Exception {
        step("Scenario " + (index + 1) + ": " + scenario.name());
        Path report = logs.resolve("scenario-" + (index + 1) + ".json");
        AtomicLong peakHeapKb = new AtomicLong();
        long rssMb;
        CpuShare cpu;
        try (WorkerProcess worker = startWorker(database, bootstrap, scenario.batchSize(), scenario.locking(), logs,
                "scenario-" + (index + 1))) {
            Thread sampler = new Thread(() -> sampleHeap(worker.pid(), peakHeapKb), "heap-sampler");
            sampler.setDaemon(true);
            sampler.start();
            List<String> args = new ArrayList<>(List.of("load", "--bootstrap", bootstrap,
                    "--accounts", Integer.toString(ACCOUNTS), "--prefix", "bench" + (index + 1),
                    "--timeout", "300s", "--report", report.toString()));
            args.addAll(scenario.load());
            double[] cpuBefore = {cpuSeconds(worker.pid()), postgresCpuSeconds(), cpuSeconds(ProcessHandle.current().pid())};
            long loadStarted = System.nanoTime();
            int load = TallyCli.execute(out, new PrintWriter(System.err, true), args.toArray(String[]::new));
            cpu = new CpuShare(cpuSeconds(worker.pid()) - cpuBefore[0], postgresCpuSeconds() - cpuBefore[1],
                    cpuSeconds(ProcessHandle.current().pid()) - cpuBefore[2], (System.nanoTime() - loadStarted) / 1e9);
            sampler.interrupt();
            rssMb = peakRssMb(worker.pid());
            if (load != 0) {
                rows.add(new Row(scenario.name(), settings(scenario), 0, scenario.baseline(), 0, 0, 0, rssMb,
                        peakHeapKb.get() / 1024, "LOAD FAILED", CpuShare.NONE));
                return false;
            }
        }
        StringWriter verifyOutput = new StringWriter();
        int verdict = TallyCli.execute(new PrintWriter(verifyOutput, true), new PrintWriter(System.err, true),
                "verify", "--bootstrap", bootstrap, "--db-url", database.url(), "--db-user", database.user(),
                "--db-password", database.password(), "--report", report.toString());
        out.print(verifyOutput);
        JsonNode figures = JSON.readTree(report.toFile()).get("figures");
        rows.add(new Row(scenario.name(), settings(scenario), figures.get("throughput_per_s").asDouble(),
                scenario.baseline(), figures.get("latency_ms_p50").asDouble(), figures.get("latency_ms_p99").asDouble(),
                figures.get("latency_ms_max").asDouble(), rssMb, peakHeapKb.get() / 1024,
                verdict == 0 ? "OK" : "VIOLATED", cpu));
        return verdict == 0;
    }

    private static String settings(Scenario scenario) {
        return "batch " + scenario.batchSize() + ", " + scenario.locking() + ", "
                + String.join(" ", scenario.load()).replace("--", "");
    }

    private WorkerProcess startWorker(LocalDatabase database, String bootstrap, String batchSize, String locking,
                                      Path logs, String name) throws IOException, InterruptedException {
        return WorkerProcess.start(Map.of(
                "SPRING_DATASOURCE_URL", database.url(),
                "SPRING_DATASOURCE_USERNAME", database.user(),
                "SPRING_DATASOURCE_PASSWORD", database.password(),
                "SPRING_KAFKA_BOOTSTRAP_SERVERS", bootstrap,
                "TALLY_WORKER_BATCH_SIZE", batchSize,
                "TALLY_WORKER_LOCKING", locking,
                "TALLY_WORKER_INSTANCE_ID", "bench-" + name,
                "SERVER_PORT", "0"), List.of("-Xmx512m"), logs.resolve("worker-" + name + ".log"));
    }

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
        int seconds = Math.max(5, (int) (15 * scale));
        step("pgbench baseline, " + name + ": 8 clients, " + seconds + " s");
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
        rows.add(new Row("pgbench baseline, " + name, "one transfer per transaction, 8 clients", perSecond, name,
                Double.NaN, Double.NaN, Double.NaN, 0, 0, "-", CpuShare.NONE));
    }

    private void printTable() {
        out.println();
        out.println(table());
        out.println(cpuTable());
    }

    private String table() {
        StringBuilder table = new StringBuilder();
        table.append("| scenario | transfers/s | × pgbench | p50 ms | p99 ms | max ms | worker RSS MB | heap MB | verify |\n");
        table.append("|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Row row : rows) {
            Double baseline = baselines.get(row.baseline());
            table.append(String.format(Locale.ROOT, "| %s | %.0f | %s | %s | %s | %s | %s | %s | %s |%n",
                    row.scenario(), row.perSecond(),
                    baseline == null ? "-" : String.format(Locale.ROOT, "%.2f", row.perSecond() / baseline),
                    ms(row.p50()), ms(row.p99()), ms(row.max()),
                    row.rssMb() == 0 ? "-" : row.rssMb(), row.heapMb() == 0 ? "-" : row.heapMb(), row.verdict()));
        }
        return table.toString();
    }

    /** Where the CPU went in each worker scenario, as shares of one core over the load's wall time. */
    private String cpuTable() {
        StringBuilder table = new StringBuilder("| scenario | CPU during the load (100% = one core of "
                + Runtime.getRuntime().availableProcessors() + ") |\n|---|---|\n");
        for (Row row : rows) {
            if (row.cpu().wallSeconds() > 0) {
                table.append("| ").append(row.scenario()).append(" | ").append(row.cpu().describe()).append(" |\n");
            }
        }
        return table.toString();
    }

    private static String ms(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.1f", value);
    }

    private void writeDocs() throws IOException {
        Path docs = Path.of("docs");
        Files.createDirectories(docs);
        Files.writeString(docs.resolve("benchmarks.svg"), chart());
        String markdown = "# Benchmarks\n\n"
                + "Written by the benchmark command (see the README) on " + LocalDate.now() + ". Every figure below "
                + "comes from the same run, on the same PostgreSQL and broker; ratios compare with the pgbench "
                + "baseline of that run, because this machine is shared and absolute figures drift.\n\n"
                + table() + "\n"
                + "![Transfers per second by scenario](benchmarks.svg)\n\n"
                + "## Where the time goes\n\n"
                + "CPU used by each process while the load ran, from /proc (user + system time), as a share of one"
                + " core; the machine has " + Runtime.getRuntime().availableProcessors() + " cores in all, so a"
                + " total near " + 100 * Runtime.getRuntime().availableProcessors() + "% means the run was"
                + " CPU-bound.\n\n"
                + cpuTable() + "\n"
                + "## Machine and settings\n\n"
                + "- " + Runtime.getRuntime().availableProcessors() + " cores, " + memoryGb() + " GiB memory; "
                + postgresVersion() + "; Java " + System.getProperty("java.version") + "\n"
                + "- PostgreSQL with its default settings; one KRaft broker in the benchmark's JVM\n"
                + "- worker: `java -Xmx512m -jar worker/target/tally-worker.jar`, 2 consumer threads, 12 partitions\n"
                + "- load: `tally load` with " + ACCOUNTS + " accounts, 1% retried duplicates and 1% transfers that"
                + " must be rejected; closed loop with 5,000 commands in flight unless a rate is given; latency is"
                + " publish to result, as the client sees it\n"
                + "- pgbench: the worker's statements for one transfer (lock both rows in id order, conditional"
                + " debit, credit, insert the transfer) in one transaction, 8 clients"
                + " (`demo/src/main/resources/pgbench/`)\n"
                + "- RSS is the worker's peak resident set (VmHWM); heap is the largest used heap sampled each second"
                + " with `jcmd GC.heap_info`\n";
        Files.writeString(docs.resolve("benchmarks.md"), markdown);
        step("Wrote docs/benchmarks.md and docs/benchmarks.svg");
    }

    /** A horizontal bar chart of transfers per second, as plain SVG. */
    private String chart() {
        double max = rows.stream().mapToDouble(Row::perSecond).max().orElse(1);
        int barHeight = 26;
        int labelWidth = 330;
        int width = 900;
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" "
                        + "font-size=\"13\">%n", width, rows.size() * barHeight + 40));
        svg.append("<text x=\"10\" y=\"20\" font-weight=\"bold\">Transfers per second (same run)</text>\n");
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            int y = 30 + i * barHeight;
            int length = (int) ((width - labelWidth - 90) * (row.perSecond() / max));
            String colour = row.scenario().startsWith("pgbench") ? "#999999" : "#3a6ea5";
            svg.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"%d\">%s</text>%n", y + 17,
                    row.scenario().replace("&", "&amp;")));
            svg.append(String.format(Locale.ROOT,
                    "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>%n", labelWidth, y + 4,
                    Math.max(length, 1), barHeight - 8, colour));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%.0f</text>%n", labelWidth + length + 6,
                    y + 17, row.perSecond()));
        }
        return svg.append("</svg>\n").toString();
    }

    /** Samples the worker's used heap once a second until interrupted, keeping the largest value. */
    private static void sampleHeap(long pid, AtomicLong peakKb) {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid), "GC.heap_info")
                        .redirectErrorStream(true).start();
                String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                jcmd.waitFor(10, TimeUnit.SECONDS);
                Matcher used = HEAP_USED.matcher(output);
                if (used.find()) {
                    peakKb.accumulateAndGet(Long.parseLong(used.group(1)), Math::max);
                }
                TimeUnit.SECONDS.sleep(1);
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                return;
            }
        }
    }

    /** User plus system CPU seconds of a process so far (Linux /proc), 0 when unknown. */
    private static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // After the command name: state is field 3, utime field 14 and stime field 15 (1-based, man proc).
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** CPU seconds of every PostgreSQL server process, including those that already exited (their children's). */
    private static double postgresCpuSeconds() {
        double total = 0;
        try (var processes = Files.list(Path.of("/proc"))) {
            for (Path dir : (Iterable<Path>) processes::iterator) {
                String name = dir.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String stat = Files.readString(dir.resolve("stat"));
                    String command = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (command.startsWith("postgres")) {
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        total += (Long.parseLong(fields[11]) + Long.parseLong(fields[12])
                                + Long.parseLong(fields[13]) + Long.parseLong(fields[14])) / 100.0;
                    }
                } catch (IOException | RuntimeException e) {
                    // the process ended meanwhile
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return total;
    }

    private static long peakRssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: no figure
        }
        return 0;
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

    private void step(String text) {
        out.println("==> " + text);
    }
}
