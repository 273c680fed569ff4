package dev.tally.bench.report;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tally.bench.CpuMeter;
import dev.tally.bench.Figures;
import dev.tally.bench.Row;
import dev.tally.bench.Testbed;
import dev.tally.bench.Waits;
import dev.tally.bench.ceiling.SqlCeiling;
import dev.tally.bench.clients.ClientsComparison;
import dev.tally.bench.closedloop.HoldsScenario;
import dev.tally.bench.drain.DrainOutcome;
import dev.tally.bench.rolling.RollingOutcome;
import dev.tally.bench.rolling.RollingScenario;

/** The benchmark's tables in Markdown, from one run's {@link Figures}: printed at the end, and in the report. */
final class Tables {

    /** The group of the clients scenario's rows. */
    private static final String CLIENTS = "clients";

    private final Figures figures;

    Tables(Figures figures) {
        this.figures = figures;
    }

    /** Prints every table of what ran. */
    void print(PrintWriter out) {
        out.println();
        if (!figures.ceilingNotes().isEmpty()) {
            out.println(ceilingTable());
        }
        out.println(latencyTable());
        out.println(throughputTable());
        out.println(HoldsScenario.comparison(figures));
        if (ClientsComparison.of(figures.rows()) != null) {
            out.println(clientsTable());
        }
        if (figures.drained() != null) {
            out.println(drainTable());
        }
        if (!figures.rolled().isEmpty()) {
            out.println(rollingTable());
        }
        out.println(cpuTable());
        out.println(waitsTable());
        if (figures.profile() != null) {
            out.println(profileTables());
        }
    }

    String ceilingTable() {
        StringBuilder table = new StringBuilder("| ceiling, measured in this run | transfers/s |\n|---|---:|\n");
        figures.ceilingNotes().forEach((what, figure) -> table.append("| ").append(what).append(" | ").append(figure)
                .append(" |\n"));
        figures.baselines().forEach((name, perSecond) -> table.append(String.format(Locale.ROOT,
                "| pgbench baseline, %s: one transfer per transaction, 8 clients | %,.0f/s |%n", name, perSecond)));
        return table.toString();
    }

    String latencyTable() {
        StringBuilder table = new StringBuilder("| open loop, latency from when each command was due | offered/s "
                + "| decided/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | after the decision p50 / p99 ms "
                + "| target | met | verify |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|\n");
        for (Row row : figures.rows()) {
            if (row.offered() > 0 && !row.group().equals(CLIENTS)) {
                table.append(String.format(Locale.ROOT,
                        "| %s | %,.0f | %,.0f | %s | %s | %s | %s | %s | %s / %s | %s | %s | %s |%n",
                        row.scenario(), row.offered(), row.perSecond(), ms(row.p50()), ms(row.p90()), ms(row.p99()),
                        ms(row.p999()), ms(row.max()), ms(row.afterDecisionP50()), ms(row.afterDecisionP99()),
                        row.target() == null ? "-" : row.target(), met(row), row.verdict()));
            }
        }
        return table.toString();
    }

    String throughputTable() {
        StringBuilder table = new StringBuilder("| closed loop, 5,000 in flight | commands/s | × combined ceiling "
                + "| × pgbench (uniform / hot) | p50 ms | p99 ms | max ms | verify |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---|\n");
        for (Row row : figures.rows()) {
            if (row.offered() == 0 && !row.group().equals(CLIENTS)) {
                Double baseline = figures.baselines().get(row.scenario().contains("hot") ? "hot" : "uniform");
                table.append(String.format(Locale.ROOT, "| %s | %,.0f | %s | %s | %s | %s | %s | %s |%n",
                        row.scenario(), row.perSecond(),
                        figures.combinedCeiling() == null ? "-" : String.format(Locale.ROOT, "%.2f",
                                row.perSecond() / figures.combinedCeiling()),
                        baseline == null ? "-" : String.format(Locale.ROOT, "%.2f", row.perSecond() / baseline),
                        ms(row.p50()), ms(row.p99()), ms(row.max()), row.verdict()));
            }
        }
        return table.toString();
    }

    /**
     * The clients scenario's four loads, then its ratios against the targets; its rows stay out of the latency and
     * throughput tables, which compare the operator's topic across settings.
     */
    String clientsTable() {
        StringBuilder table = new StringBuilder("| clients scenario, one worker | offered/s | decided/s | p50 ms "
                + "| p99 ms | max ms | verify |\n|---|---:|---:|---:|---:|---:|---|\n");
        for (Row row : figures.rows()) {
            if (row.group().equals(CLIENTS)) {
                table.append(String.format(Locale.ROOT, "| %s | %s | %,.0f | %s | %s | %s | %s |%n", row.scenario(),
                        row.offered() > 0 ? String.format(Locale.ROOT, "%,.0f", row.offered()) : "closed loop",
                        row.perSecond(), ms(row.p50()), ms(row.p99()), ms(row.max()), row.verdict()));
            }
        }
        ClientsComparison comparison = ClientsComparison.of(figures.rows());
        return comparison == null ? table.toString() : table + "\n" + comparison.table();
    }

    String drainTable() {
        DrainOutcome drained = figures.drained();
        Boolean met = figures.drainMet();
        return "| backlog drain, one worker with the default settings | transfers | from the worker's launch "
                + "| from its first result | × combined ceiling (from the first result / from the launch) "
                + "| target | met | verify |\n|---|---:|---:|---:|---:|---|---|---|\n"
                + String.format(Locale.ROOT, "| %,d transfers preloaded over %,d accounts; worker started in %.1f s "
                        + "| %,d | %.1f s, %,.0f/s | %.1f s, %,.0f/s | %s / %s | ≥ 0.85 × combined ceiling, from "
                        + "the first result | %s | %s |%n", drained.commands(), Testbed.ACCOUNTS,
                drained.startSeconds(), drained.commands(), drained.fromLaunchSeconds(), drained.perSecondFromLaunch(),
                drained.fromFirstSeconds(), drained.perSecondFromFirst(), figures.ratio(drained.perSecondFromFirst()),
                figures.ratio(drained.perSecondFromLaunch()), met == null ? "-" : met ? "yes" : "**no**",
                drained.verdict());
    }

    /** Why the drain stays below the combined ceiling, in this run's figures. */
    String drainGap() {
        Waits batches = figures.drainBatches();
        if (batches == null || figures.sqlBatchMs() == null || batches.batches() == 0) {
            return "";
        }
        double batch = batches.recordsPerBatch();
        // Each transfer locks its two accounts; the share of the accounts a batch of uniform transfers locks.
        double locked = 1 - Math.pow(1 - 1.0 / Testbed.ACCOUNTS, 2 * batch);
        return String.format(Locale.ROOT, "Where the gap to the ceiling is: the drain's %,.0f batches of %.0f"
                        + " commands each took %.1f ms in the database, against %.1f ms for the ceiling's set-based SQL"
                        + " of %d transfers, and %.1f + %.1f ms in the Kafka transaction. The database transaction does"
                        + " more than the ceiling's statements (the partition lock, the journal probe, the account locks"
                        + " read back into the worker), and the worker's two consumer threads take turns in it: a batch"
                        + " of %.0f uniform transfers locks about %.0f%% of the %,d accounts, so the other thread's batch"
                        + " shares some of them and waits until the first has committed (in the worker, before it takes"
                        + " a connection: `AccountTurns`), where the ceiling runs one client. The time in the database"
                        + " includes that wait.%n%n",
                batches.batches(), batch, batches.applyMs(), figures.sqlBatchMs(), SqlCeiling.BATCH,
                batches.sendOffsetsMs(), batches.commitMs(), batch, 100 * locked, Testbed.ACCOUNTS);
    }

    String rollingTable() {
        StringBuilder table = new StringBuilder("| rolling restart of " + RollingScenario.INSTANCES + " workers under "
                + String.format(Locale.ROOT, "%,d", RollingScenario.RATE) + "/s | group (broker) | restart window s "
                + "| each instance: stopped / owned partitions again, s | commands due in the window "
                + "| window p50 / p99 / max ms | whole run p50 / p99 / max ms | decided/s | target | met | verify |\n"
                + "|---|---|---:|---|---:|---:|---:|---:|---|---|---|\n");
        for (RollingOutcome o : figures.rolled()) {
            StringBuilder restarts = new StringBuilder();
            for (RollingOutcome.Restart r : o.restarts()) {
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
    String cpuTable() {
        DrainOutcome drained = figures.drained();
        StringBuilder table = new StringBuilder("| scenario | commands | worker µs | PostgreSQL µs | broker µs "
                + "| load generator µs | total µs | CPU busy (of " + Runtime.getRuntime().availableProcessors()
                + " cores = " + 100 * Runtime.getRuntime().availableProcessors() + "%) |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row row : figures.rows()) {
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

    String waitsTable() {
        StringBuilder table = new StringBuilder("| scenario | batches | commands per batch | database transaction "
                + "ms | sendOffsetsToTransaction ms | commitTransaction ms |\n|---|---:|---:|---:|---:|---:|\n");
        for (Waits w : figures.waits()) {
            table.append(String.format(Locale.ROOT, "| %s | %,.0f | %.1f | %.1f | %.1f | %.1f |%n", w.scenario(),
                    w.batches(), w.recordsPerBatch(), w.applyMs(), w.sendOffsetsMs(), w.commitMs()));
        }
        return table.toString();
    }

    String profileTables() {
        StringBuilder text = new StringBuilder();
        text.append(frames("hottest methods (frame on top of the stack)", figures.profile().topSelf()));
        text.append("\n").append(frames("the worker's own code the samples were under (first dev.tally frame)",
                figures.profile().topTally()));
        text.append("\n").append(frames("by package of the top frame", figures.profile().topPackages()));
        return text.toString();
    }

    private String frames(String title, Map<String, Long> counts) {
        StringBuilder table = new StringBuilder("| " + title + " | samples | share |\n|---|---:|---:|\n");
        counts.forEach((frame, n) -> table.append(String.format(Locale.ROOT, "| `%s` | %,d | %.1f%% |%n", frame, n,
                100.0 * n / Math.max(1, figures.profile().samples()))));
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
}
