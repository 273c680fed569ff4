package dev.tally.bench;

import java.util.Map;

/** Where a scenario's time went inside the worker, from its own metrics (deltas over the scenario), per batch. */
public record Waits(String scenario, double batches, double recordsPerBatch, double applyMs, double sendOffsetsMs,
                    double commitMs) {

    /** The waits between two readings of {@link Testbed#workerMetrics}; all 0 when no batch ran. */
    public static Waits between(String scenario, Map<String, Double> before, Map<String, Double> after) {
        double batches = delta(after, before, "tally_apply_latency_seconds_count");
        if (batches <= 0) {
            return new Waits(scenario, 0, 0, 0, 0, 0);
        }
        return new Waits(scenario, batches, delta(after, before, "tally_batch_size_sum") / batches,
                1000 * delta(after, before, "tally_apply_latency_seconds_sum") / batches,
                delta(after, before, "kafka_producer_txn_send_offsets_time_ns_total") / 1e6 / batches,
                delta(after, before, "kafka_producer_txn_commit_time_ns_total") / 1e6 / batches);
    }

    private static double delta(Map<String, Double> after, Map<String, Double> before, String name) {
        return after.getOrDefault(name, 0.0) - before.getOrDefault(name, 0.0);
    }
}
