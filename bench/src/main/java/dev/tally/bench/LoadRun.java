package dev.tally.bench;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.tally.demo.DemoJvm;
import dev.tally.producer.cli.TallyCli;
import dev.tally.testkit.WorkerProcess;

/**
 * One {@code tally load} scenario against a running worker: the load in a JVM of its own, then {@code tally verify},
 * its figures added to the run's as a {@link Row} (and as {@link Money} when it had holds).
 *
 * @param group    the table it belongs to: {@code latency}, {@code curve}, {@code throughput} or {@code warm-up}
 * @param target   the target as stated, or {@code null}
 * @param offered  the open-loop rate, 0 for closed loop
 * @param args     the options of {@code tally load} beyond the broker, accounts, prefix and report
 */
public record LoadRun(String group, String name, String target, double offered, int accounts, List<String> args) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Runs the load, then verify; adds a row to {@code figures}; false when either failed. */
    public boolean run(Testbed bed, WorkerProcess worker, Figures figures) throws Exception {
        int number = bed.nextScenarioNumber();
        PrintWriter out = bed.out();
        bed.step("Scenario " + number + ": " + name);
        Path report = bed.logs().resolve("scenario-" + number + ".json");
        Path log = bed.logs().resolve("load-" + number + ".log");
        // The load generator lives for one scenario: C1 only, so that its compiling does not take the CPU measured.
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx1g", DemoJvm.C1_ONLY, "-jar", bed.tallyJar().toString(), "load", "--bootstrap",
                bed.bootstrap(), "--accounts", Integer.toString(accounts), "--prefix", "bench" + number,
                "--timeout", "300s", "--report", report.toString()));
        command.addAll(args);
        CpuMeter before = CpuMeter.read(worker.pid());
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int exit = process.waitFor();
        CpuMeter cpu = CpuMeter.read(worker.pid()).minus(before);
        double wallSeconds = (System.nanoTime() - started) / 1e9;
        if (exit != 0 || !Files.isRegularFile(report)) {
            out.println("    load failed (exit code " + exit + "), see " + log);
            figures.add(new Row(group, name, String.join(" ", args), offered, 0, 0, 0, 0, 0, 0, "LOAD FAILED", 0, cpu,
                    wallSeconds, 0, 0, target));
            return false;
        }
        StringWriter verifyOutput = new StringWriter();
        int verdict = TallyCli.execute(new PrintWriter(verifyOutput, true), new PrintWriter(System.err, true),
                "verify", "--bootstrap", bed.bootstrap(), "--db-url", bed.database().url(), "--db-user",
                bed.database().user(), "--db-password", bed.database().password(), "--report", report.toString());
        if (verdict != 0) {
            out.print(verifyOutput);
        }
        JsonNode measured = JSON.readTree(report.toFile()).get("figures");
        // Every command the run decided, the set-up's and the warm-up's included, as the CPU was read over all of it.
        long commands = measured.get("decided").asLong() + measured.get("setup_commands").asLong();
        Row row = new Row(group, name, String.join(" ", args), offered,
                measured.get("throughput_per_s").asDouble(), measured.get("latency_ms_p50").asDouble(),
                measured.get("latency_ms_p90").asDouble(), measured.get("latency_ms_p99").asDouble(),
                measured.get("latency_ms_p999").asDouble(), measured.get("latency_ms_max").asDouble(),
                verdict == 0 ? "OK" : "VIOLATED", commands, cpu, wallSeconds,
                measured.get("after_decision_ms_p50").asDouble(), measured.get("after_decision_ms_p99").asDouble(),
                target);
        figures.add(row);
        if (measured.has("posts_sent")) {
            long sent = measured.get("transfers_sent").asLong();
            long transfers = sent - measured.get("posts_sent").asLong() - measured.get("voids_sent").asLong();
            if (transfers > 0) {
                figures.money().put(name, new Money(row.perSecond() * transfers / sent,
                        measured.get("holds_sent").asDouble() / transfers));
            }
        }
        out.printf(Locale.ROOT, "    %.0f/s, p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms; "
                        + "verify %s%n", row.perSecond(), row.p50(), row.p90(), row.p99(), row.p999(), row.max(),
                row.verdict());
        return verdict == 0;
    }
}
