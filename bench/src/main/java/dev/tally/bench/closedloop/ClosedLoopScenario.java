package dev.tally.bench.closedloop;

import java.util.List;

import dev.tally.bench.Figures;
import dev.tally.bench.Testbed;

/**
 * Closed loop with uniform transfers, one worker per locking strategy and batch size; the first, the worker's
 * defaults, is profiled with Java Flight Recorder.
 */
public final class ClosedLoopScenario {

    /** The plain scenario, which the holds scenario is compared with. */
    public static final String PLAIN = "closed loop, uniform, batched, pessimistic";

    private ClosedLoopScenario() {
    }

    /** @return how many of its loads failed or were not verified */
    public static int run(Testbed bed, Figures figures) throws Exception {
        int count = ClosedLoop.count(bed.scale());
        return ClosedLoop.runAll(List.of(
                new ClosedLoop(PLAIN, "500", "pessimistic", ClosedLoop.transfers(count, "0"), true),
                new ClosedLoop("closed loop, uniform, batched, optimistic", "500", "optimistic",
                        ClosedLoop.transfers(count, "0"), false),
                // Fewer commands: where conditional batches deadlock with each other, this runs at a crawl.
                new ClosedLoop("closed loop, uniform, batched, conditional", "500", "conditional",
                        ClosedLoop.transfers(count / 6, "0"), false),
                new ClosedLoop("closed loop, uniform, one command per transaction", "1", "pessimistic",
                        ClosedLoop.transfers(count / 6, "0"), false),
                new ClosedLoop("closed loop, uniform, one command per transaction, conditional", "1", "conditional",
                        ClosedLoop.transfers(count / 6, "0"), false)), bed, figures);
    }
}
