package dev.tally.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.tally.bench.closedloop.Profile;
import dev.tally.bench.drain.DrainOutcome;
import dev.tally.bench.rolling.RollingOutcome;

/**
 * Everything one run measured, scenario after scenario, in the order the tables show it; the report is written from
 * it. Not thread-safe: the scenarios run one after the other.
 */
public final class Figures {

    private final List<Row> rows = new ArrayList<>();
    private final Map<String, Double> baselines = new HashMap<>();
    private final Map<String, String> ceilingNotes = new LinkedHashMap<>();
    private final List<Waits> waits = new ArrayList<>();
    /** Transfers of money by scenario, where they differ from commands (holds). */
    private final Map<String, Money> money = new HashMap<>();
    /** Echo alone with small transactions: [results by key, results in one partition], records per second. */
    private final double[] markerPrices = new double[2];
    private final List<RollingOutcome> rolled = new ArrayList<>();
    private Double combinedCeiling;
    /** Milliseconds of one transaction of the set-based SQL ceiling. */
    private Double sqlBatchMs;
    /** The drain's worker's own figures per batch. */
    private Waits drainBatches;
    private Profile profile;
    private DrainOutcome drained;

    public List<Row> rows() {
        return rows;
    }

    public void add(Row row) {
        rows.add(row);
    }

    /** The pgbench baselines by name ({@code uniform}, {@code hot}), transfers per second. */
    public Map<String, Double> baselines() {
        return baselines;
    }

    /** The ceilings as the table shows them: what was measured, and its figure. */
    public Map<String, String> ceilingNotes() {
        return ceilingNotes;
    }

    public List<Waits> waits() {
        return waits;
    }

    public Map<String, Money> money() {
        return money;
    }

    public double[] markerPrices() {
        return markerPrices;
    }

    public List<RollingOutcome> rolled() {
        return rolled;
    }

    /** The smaller of the Kafka and the SQL ceiling of this run; {@code null} without ceilings. */
    public Double combinedCeiling() {
        return combinedCeiling;
    }

    public void combinedCeiling(double perSecond) {
        combinedCeiling = perSecond;
    }

    public Double sqlBatchMs() {
        return sqlBatchMs;
    }

    public void sqlBatchMs(Double ms) {
        sqlBatchMs = ms;
    }

    public Waits drainBatches() {
        return drainBatches;
    }

    public Profile profile() {
        return profile;
    }

    public void profile(Profile recorded) {
        profile = recorded;
    }

    /** The backlog drain's outcome; {@code null} when it did not run. */
    public DrainOutcome drained() {
        return drained;
    }

    /** The drain's outcome, and its worker's waits per batch (it started with every counter at 0). */
    public void drained(DrainOutcome outcome) {
        drained = outcome;
        drainBatches = Waits.between("backlog drain, from the worker's start", Map.of(), outcome.workerMetrics());
        waits.add(drainBatches);
    }

    /** {@code perSecond} as a multiple of the combined ceiling, or {@code -} without one. */
    public String ratio(double perSecond) {
        return combinedCeiling == null || combinedCeiling <= 0 ? "-"
                : String.format(Locale.ROOT, "%.2f", perSecond / combinedCeiling);
    }

    /**
     * Whether the drain reached 0.85 of the combined ceiling, judged from its first result as the ceilings count
     * theirs from their first record; {@code null} without ceilings in this run.
     */
    public Boolean drainMet() {
        if (combinedCeiling == null || combinedCeiling <= 0) {
            return null;
        }
        return drained.verdict().equals("OK") && drained.perSecondFromFirst() >= 0.85 * combinedCeiling;
    }
}
