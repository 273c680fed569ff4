package dev.tally.bench.drain;

import java.util.Map;

import dev.tally.bench.CpuMeter;

/**
 * What the backlog drain measured.
 *
 * @param commands           transfers preloaded
 * @param preloadSeconds     to publish the backlog (not part of the drain)
 * @param startSeconds       from launching the worker's JVM until it said it had started
 * @param fromLaunchSeconds  from launching the worker's JVM until the last result was read
 * @param fromFirstSeconds   from the first result read until the last
 * @param afterFirstCommands results read after the first poll that returned any (the rate's numerator from the
 *                           first result, as the ceilings count theirs)
 * @param cpu                CPU of each process from the worker's start until the last result was read
 * @param cpuCommands        results read in that time
 * @param cpuWallSeconds     that time
 * @param statuses           journal rows of the backlog by status
 * @param workerMetrics      the drain worker's counters when the drain ended (it started with none)
 * @param verdict            {@code OK}, {@code VIOLATED} (by {@code tally verify}) or {@code INCOMPLETE}
 */
public record DrainOutcome(long commands, double preloadSeconds, double startSeconds, double fromLaunchSeconds,
                           double fromFirstSeconds, long afterFirstCommands, CpuMeter cpu, long cpuCommands,
                           double cpuWallSeconds, Map<String, Long> statuses, Map<String, Double> workerMetrics,
                           String verdict) {

    public double perSecondFromLaunch() {
        return fromLaunchSeconds > 0 ? commands / fromLaunchSeconds : 0;
    }

    public double perSecondFromFirst() {
        return fromFirstSeconds > 0 ? afterFirstCommands / fromFirstSeconds : 0;
    }
}
