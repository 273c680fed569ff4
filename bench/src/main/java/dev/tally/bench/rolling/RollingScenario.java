package dev.tally.bench.rolling;

import java.util.Locale;
import java.util.Set;

import dev.tally.bench.Figures;
import dev.tally.bench.Testbed;

/**
 * Three workers restarted one after the other under 1,000 transfers/s ({@link RollingRestart}), once per chosen
 * {@link Variant}; each on a database, topics and a group of its own.
 */
public final class RollingScenario {

    /** Worker instances in the group, as the report states them. */
    public static final int INSTANCES = RollingRestart.INSTANCES;
    /** Consumer threads per instance, as the report states them. */
    public static final int CONCURRENCY = RollingRestart.CONCURRENCY;
    /** The offered rate, as the report states it. */
    public static final int RATE = RollingRestart.RATE;

    private RollingScenario() {
    }

    /**
     * @param chosen the names of the variants to run
     * @return how many variants failed their load or verify
     */
    public static int run(Testbed bed, Figures figures, Set<String> chosen) throws Exception {
        RollingRestart rolling = new RollingRestart(bed);
        int failures = 0;
        for (Variant variant : Variant.ALL) {
            if (!chosen.contains(variant.name())) {
                continue;
            }
            bed.step(String.format(Locale.ROOT, "Rolling restart, %s: %d workers (%d consumer thread each) in one"
                            + " group under %,d transfers/s, each stopped (SIGTERM), started again with its instance"
                            + " id and awaited until it owns partitions, one after the other", variant.label(),
                    INSTANCES, CONCURRENCY, RATE));
            RollingOutcome outcome = rolling.run(variant);
            figures.rolled().add(outcome);
            if (!outcome.verdict().equals("OK")) {
                failures++;
            }
        }
        return failures;
    }
}
