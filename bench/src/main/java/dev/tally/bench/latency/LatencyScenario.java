package dev.tally.bench.latency;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.tally.bench.Figures;
import dev.tally.bench.LoadRun;
import dev.tally.bench.Testbed;
import dev.tally.bench.Waits;
import dev.tally.testkit.WorkerProcess;

/**
 * Open loop at fixed rates on one worker with the default settings, warmed up first; then the latency curve against
 * the offered rate. Each scenario's {@code tally load} runs its own {@code --warmup} first, since its JVM is fresh.
 */
public final class LatencyScenario {

    private static final int[] CURVE_RATES = {500, 3_000, 4_000, 6_000};

    private final Testbed bed;
    private final Figures figures;

    public LatencyScenario(Testbed bed, Figures figures) {
        this.bed = bed;
        this.figures = figures;
    }

    /**
     * The {@code --warmup} of each latency and curve scenario: 5 s scaled, at least 2 s. A fresh load JVM spends
     * its first seconds compiling the load generator's hot code (and the worker's and the broker's paths for the
     * rate get compiled too); on two cores that dominated the p99 of a short run.
     */
    public static int loadWarmupSeconds(double scale) {
        return Math.max(2, (int) Math.round(5 * scale));
    }

    /**
     * Runs the fixed rates, the curve, or both, after one warm-up on the same worker.
     *
     * @return how many of its loads failed or were not verified
     */
    public int run(boolean rates, boolean curve) throws Exception {
        int seconds = Math.max(5, (int) (15 * bed.scale()));
        int curveSeconds = Math.max(5, (int) (10 * bed.scale()));
        String warmup = "--warmup=" + loadWarmupSeconds(bed.scale()) + "s";
        List<LoadRun> loads = new ArrayList<>();
        loads.add(rate("warm-up", "warm-up, 1,000/s uniform (not counted)", null, 1_000, Math.max(5, seconds / 2)));
        if (rates) {
            loads.add(rate("latency", "open loop 100/s, uniform", "p50 ≤ 20 ms, p99 ≤ 50 ms", 100, seconds, warmup));
            loads.add(rate("latency", "open loop 1,000/s, uniform", "p50 ≤ 20 ms, p99 ≤ 50 ms", 1_000, seconds,
                    warmup));
            loads.add(rate("latency", "open loop 2,000/s, uniform", "p99 ≤ 100 ms", 2_000, seconds, warmup));
            loads.add(new LoadRun("latency", "open loop 800/s, the demo's mix (200 accounts, 30% hot)",
                    "p99 ≤ 100 ms", 800, 200, List.of("--rate", "800", "--duration", seconds + "s", warmup,
                    "--hot-share", "0.3", "--duplicate-share", "0.02", "--reject-share", "0.05")));
        }
        if (curve) {
            for (int rate : CURVE_RATES) {
                loads.add(rate("curve", String.format(Locale.ROOT, "curve %,d/s", rate), null, rate, curveSeconds,
                        warmup));
            }
        }
        int failures = 0;
        bed.step("Latency: one worker with the default settings (pid and log in " + bed.logs() + ")");
        try (WorkerProcess worker = bed.startWorker("latency")) {
            for (LoadRun load : loads) {
                Map<String, Double> before = Testbed.workerMetrics(worker);
                if (!load.run(bed, worker, figures)) {
                    failures++;
                }
                Map<String, Double> after = Testbed.workerMetrics(worker);
                if (!load.group().equals("warm-up")) {
                    figures.waits().add(Waits.between(load.name(), before, after));
                }
            }
        }
        return failures;
    }

    /** @param more further options of {@code tally load}, such as its {@code --warmup} */
    public static LoadRun rate(String group, String name, String target, int perSecond, int seconds,
                                String... more) {
        List<String> args = new ArrayList<>(List.of("--rate", Integer.toString(perSecond), "--duration",
                seconds + "s", "--duplicate-share", "0.01", "--reject-share", "0.01"));
        args.addAll(List.of(more));
        return new LoadRun(group, name, target, perSecond, Testbed.ACCOUNTS, List.copyOf(args));
    }
}
