package dev.tally.bench;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

import dev.tally.bench.rolling.Variant;
import dev.tally.demo.DemoJvm;

/**
 * The benchmark's command line: {@code java -jar bench/target/tally-bench.jar [scenario...]} runs every scenario,
 * or the named ones, on one PostgreSQL and one broker (see {@link BenchRun}); {@code --help} lists the scenarios.
 * Only a run of every scenario rewrites {@code docs/benchmarks.md} and its charts.
 *
 * <p>{@code TALLY_BENCH_SCALE} (default 1.0) scales every count and duration; {@code TALLY_BENCH_ROLLING} chooses
 * the rolling restart's variants ({@code classic}, {@code cooperative}, {@code consumer}; default
 * {@code classic,consumer}); {@code TALLY_BENCH_LOAD_JAR} loads with another build of {@code tally.jar}, to compare
 * clients. The worker inherits this process's environment, so {@code TALLY_WORKER_*} and {@code SPRING_KAFKA_*}
 * settings reach it.
 */
public final class Bench {

    static final String USAGE = """
            usage: java -jar bench/target/tally-bench.jar [scenario...]
              Runs every scenario, or the named ones, on one PostgreSQL and one broker (about 12 minutes for all on
              an idle 2-core machine). Only a run of every scenario rewrites docs/benchmarks.md and its charts.
              TALLY_BENCH_SCALE=0.3 scales every count and duration (default 1.0); TALLY_BENCH_ROLLING chooses the
              rolling restart's variants (%s; default %s).
            scenarios:
            %s""";

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        // The testkit on the class path ships a logback-test.xml, which logback would prefer to the demo's own quiet
        // logback.xml; the benchmark speaks through its progress lines and tables.
        System.setProperty("logback.configurationFile", "logback.xml");
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        OptionalInt refused = refuse(List.of(args), System.getenv("TALLY_BENCH_SCALE"),
                System.getenv("TALLY_BENCH_ROLLING"), out, err);
        if (refused.isPresent()) {
            System.exit(refused.getAsInt());
        }
        // The broker runs in this JVM for a quarter of an hour: it gets a broker's heap, and the JVM's compilers.
        DemoJvm.relaunch(false, System.err);
        Set<Scenario> chosen = Scenario.chosen(List.of(args));
        try {
            System.exit(new BenchRun(scale(System.getenv("TALLY_BENCH_SCALE")), chosen, rollingVariants(
                    System.getenv("TALLY_BENCH_ROLLING")), out).run());
        } catch (IllegalStateException e) {
            // What the run needs and did not find (a jar, a database, a worker that starts): said, not traced.
            err.println("bench: " + e.getMessage());
            System.exit(2);
        }
    }

    /**
     * The exit code when the command line asks for no run: 0 after the usage for {@code --help}, 2 after a message
     * naming what is wrong with a scenario name or a setting; empty when the run can go ahead.
     */
    static OptionalInt refuse(List<String> args, String scale, String rolling, PrintWriter out, PrintWriter err) {
        if (args.contains("--help") || args.contains("-h")) {
            out.println(usage());
            return OptionalInt.of(0);
        }
        try {
            Scenario.chosen(args);
            scale(scale);
            rollingVariants(rolling);
            return OptionalInt.empty();
        } catch (IllegalArgumentException e) {
            err.println("bench: " + e.getMessage());
            return OptionalInt.of(2);
        }
    }

    static String usage() {
        return USAGE.formatted(String.join(", ", Variant.names()), String.join(",", Variant.DEFAULTS),
                Scenario.list());
    }

    /** {@code TALLY_BENCH_SCALE}, 1.0 when unset. */
    static double scale(String value) {
        if (value == null || value.isBlank()) {
            return 1.0;
        }
        try {
            double scale = Double.parseDouble(value.trim());
            if (scale > 0) {
                return scale;
            }
        } catch (NumberFormatException e) {
            // Reported below, with the variable's name.
        }
        throw new IllegalArgumentException("TALLY_BENCH_SCALE must be a number above 0, was '" + value + "'");
    }

    /** The rolling restart's variants to run: {@code TALLY_BENCH_ROLLING}, else the default ones. */
    static Set<String> rollingVariants(String chosen) {
        if (chosen == null || chosen.isBlank()) {
            return Set.copyOf(Variant.DEFAULTS);
        }
        Set<String> variants = Set.of(chosen.split(","));
        for (String variant : variants) {
            if (!Variant.names().contains(variant)) {
                throw new IllegalArgumentException("TALLY_BENCH_ROLLING: unknown variant '" + variant
                        + "', expected some of " + Arrays.toString(Variant.names().toArray()));
            }
        }
        return variants;
    }
}
