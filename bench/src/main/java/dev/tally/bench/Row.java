package dev.tally.bench;

/**
 * One {@code tally load} scenario's figures, as the tables show them.
 *
 * @param offered the open-loop rate, 0 for closed loop
 * @param target  the target as stated ("p50 ≤ 20 ms, p99 ≤ 50 ms"), or {@code null} for none
 */
public record Row(String group, String scenario, String settings, double offered, double perSecond, double p50,
                  double p90, double p99, double p999, double max, String verdict, long commands, CpuMeter cpu,
                  double wallSeconds, double afterDecisionP50, double afterDecisionP99, String target) {
}
