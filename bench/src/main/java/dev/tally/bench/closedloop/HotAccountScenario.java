package dev.tally.bench.closedloop;

import dev.tally.bench.Figures;
import dev.tally.bench.Testbed;

/** Closed loop with half of the transfers to one hot account, compared with pgbench's hot baseline. */
public final class HotAccountScenario {

    private HotAccountScenario() {
    }

    /** @return 1 when its load failed or was not verified, else 0 */
    public static int run(Testbed bed, Figures figures) throws Exception {
        return new ClosedLoop("closed loop, 50% to one hot account, batched", "500", "pessimistic",
                ClosedLoop.transfers(ClosedLoop.count(bed.scale()), "0.5"), false).run(bed, figures);
    }
}
