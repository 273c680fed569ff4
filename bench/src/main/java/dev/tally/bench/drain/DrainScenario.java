package dev.tally.bench.drain;

import java.util.Locale;

import dev.tally.bench.Figures;
import dev.tally.bench.Testbed;
import dev.tally.bench.Waits;

/**
 * A backlog of uniform transfers preloaded with no worker running, then drained by a fresh worker with the default
 * settings ({@link BacklogDrain}); {@code tally verify --report} checks every command of it.
 */
public final class DrainScenario {

    private DrainScenario() {
    }

    /** @return 1 when the drain was incomplete or not verified, else 0 */
    public static int run(Testbed bed, Figures figures) throws Exception {
        int count = Math.max(1_000, (int) (200_000 * bed.scale()));
        bed.step(String.format(Locale.ROOT, "Backlog drain: %,d transfers preloaded over %,d accounts with no worker "
                + "running, then one worker with the default settings started on them", count, Testbed.ACCOUNTS));
        DrainOutcome drained = new BacklogDrain(bed).run(count);
        figures.drained(drained);
        Waits batches = figures.drainBatches();
        bed.out().printf(Locale.ROOT, "    worker started in %.1f s; all %,d results read %.1f s after its launch"
                        + " (%,.0f/s) and %.1f s after the first (%,.0f/s); journal %s; verify %s%n",
                drained.startSeconds(), drained.commands(), drained.fromLaunchSeconds(),
                drained.perSecondFromLaunch(), drained.fromFirstSeconds(), drained.perSecondFromFirst(),
                drained.statuses(), drained.verdict());
        bed.out().printf(Locale.ROOT, "    %,.0f batches of %.1f commands: database transaction %.1f ms, "
                        + "sendOffsetsToTransaction %.1f ms, commitTransaction %.1f ms%n", batches.batches(),
                batches.recordsPerBatch(), batches.applyMs(), batches.sendOffsetsMs(), batches.commitMs());
        Boolean met = figures.drainMet();
        bed.out().println("    × combined ceiling: from the first result " + figures.ratio(drained.perSecondFromFirst())
                + ", from the worker's launch " + figures.ratio(drained.perSecondFromLaunch()) + "; target ≥ 0.85: "
                + (met == null ? "- (no ceilings in this run)" : met ? "met" : "not met"));
        return drained.verdict().equals("OK") ? 0 : 1;
    }
}
