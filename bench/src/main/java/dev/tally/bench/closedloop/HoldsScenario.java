package dev.tally.bench.closedloop;

import java.util.Locale;

import dev.tally.bench.Figures;
import dev.tally.bench.Money;
import dev.tally.bench.Row;
import dev.tally.bench.Testbed;

/**
 * Closed loop with half of the transfers as a hold then its post, compared with the plain scenario of the same run
 * in transfers of money per second: a hold and its post are two commands and one transfer.
 */
public final class HoldsScenario {

    public static final String HOLDS = "holds: 50% of transfers as hold then post";

    private HoldsScenario() {
    }

    /** @return 1 when its load failed or was not verified, else 0 */
    public static int run(Testbed bed, Figures figures) throws Exception {
        // Each hold is posted in full or for less a few commands later: 2/3 of the count, so that about as many
        // commands are decided as in the plain scenario.
        return new ClosedLoop(HOLDS, "500", "pessimistic", ClosedLoop.transfers(ClosedLoop.count(bed.scale()) * 2 / 3,
                "0", "--hold-share", "0.5", "--post-share", "1", "--void-share", "0"), false).run(bed, figures);
    }

    /**
     * The holds scenario against the plain one of the same run, in transfers of money per second (a hold and its
     * post are two commands and one transfer), and what a hold then post costs against a plain transfer: with a
     * share h of the transfers on the hold path, a transfer of money takes 1/money of the time, (1 − h)/plain for
     * the plain ones and h × cost/plain for the holds, so cost = (plain/money − (1 − h)) / h. Empty without both.
     */
    public static String comparison(Figures figures) {
        String plainName = ClosedLoopScenario.PLAIN;
        Row plain = figures.rows().stream().filter(r -> r.scenario().equals(plainName) && r.perSecond() > 0)
                .findFirst().orElse(null);
        Row holds = figures.rows().stream().filter(r -> r.scenario().equals(HOLDS) && r.perSecond() > 0)
                .findFirst().orElse(null);
        Money moved = figures.money().get(HOLDS);
        if (plain == null || holds == null || moved == null || moved.perSecond() <= 0 || moved.holdShare() <= 0) {
            return "";
        }
        double h = moved.holdShare();
        double cost = (plain.perSecond() / moved.perSecond() - (1 - h)) / h;
        return String.format(Locale.ROOT, "Holds: \"%s\" decided %,.0f commands/s = %,.0f transfers of money/s"
                        + " (a hold and its post are two commands and one transfer of money; `tally load` counts"
                        + " commands, the post included; %.0f%% of its transfers were holds); \"%s\" decided"
                        + " %,.0f/s, each command one transfer. Money moved %.2f× as fast with holds, so a hold then"
                        + " post cost %.2f× a plain transfer (target ≤ 2×: %s).%n", HOLDS, holds.perSecond(),
                moved.perSecond(), 100 * h, plainName, plain.perSecond(), moved.perSecond() / plain.perSecond(), cost,
                cost <= 2 ? "met" : "**not met**");
    }
}
