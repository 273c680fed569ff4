package dev.tally.bench.rolling;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.tally.producer.load.Latencies;

/**
 * What one variant's rolling restart measured.
 *
 * @param variant          the consumer settings ({@link Variant#label()})
 * @param groupType        the group's type as the broker described it once every instance had joined
 * @param restarts         each instance's restart, in order
 * @param windowSeconds    from the first SIGTERM until the last instance owned partitions again, settling included
 * @param windowCommands   commands due in that window
 * @param window           latencies of those commands (the ones without a result are not in it; see
 *                         {@code noResult})
 * @param wholeP50         the load's measured part (steady state, restart and after), from its figures, ms
 * @param wholeP99         the same, ms
 * @param wholeMax         the same, ms
 * @param perSecond        commands decided per second in the load's measured part
 * @param noResult         commands of the run without a result
 * @param windowInsideLoad whether the window ended before the load's schedule did, so that it was covered whole
 * @param verdict          {@code tally verify --report}: {@code OK}, {@code VIOLATED}, or {@code LOAD FAILED}
 */
public record RollingOutcome(String variant, String groupType, List<Restart> restarts, double windowSeconds,
                             long windowCommands, Latencies window, double wholeP50, double wholeP99, double wholeMax,
                             double perSecond, long noResult, boolean windowInsideLoad, String verdict) {

    /** The target: at most this p99 for the commands due during the restart, and nothing lost. */
    static final double TARGET_P99_MS = 1_000;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * One instance's restart, in seconds: from SIGTERM until the process exited, from its relaunch until it said it
     * had started, and until it was ready and owned partitions again.
     */
    public record Restart(String instance, double stopSeconds, double startSeconds, double readySeconds) {
    }

    /** A run whose load did not complete: nothing measured. */
    static RollingOutcome loadFailed(String variant, String groupType, List<Restart> restarts, double windowSeconds) {
        return new RollingOutcome(variant, groupType, restarts, windowSeconds, 0, new Latencies(), 0, 0, 0, 0, 0,
                false, "LOAD FAILED");
    }

    /** Reads the {@code tally load} report: the latencies of the commands due in the window, and its own figures. */
    static RollingOutcome read(String variant, String groupType, List<Restart> restarts, Path report,
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
        return new RollingOutcome(variant, groupType, restarts, (windowEndMs - windowStartMs) / 1e3,
                windowCommands, window, figures.get("latency_ms_p50").asDouble(),
                figures.get("latency_ms_p99").asDouble(), figures.get("latency_ms_max").asDouble(),
                figures.get("throughput_per_s").asDouble(), noResult, insideLoad, verdict);
    }

    public double windowP50() {
        return window.quantileMs(0.50);
    }

    public double windowP99() {
        return window.quantileMs(0.99);
    }

    public double windowMax() {
        return window.maxMs();
    }

    /** p99 ≤ 1 s for the commands due during the restart, the restart covered whole, and verify OK. */
    public boolean met() {
        return verdict.equals("OK") && windowInsideLoad && windowCommands > 0 && noResult == 0
                && window.count() == windowCommands && windowP99() <= TARGET_P99_MS;
    }
}
