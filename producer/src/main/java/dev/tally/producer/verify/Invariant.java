package dev.tally.producer.verify;

import java.util.List;

/**
 * One invariant's verdict.
 *
 * @param name      short and stable, such as {@code conservation}
 * @param holds     whether the invariant holds
 * @param summary   one sentence on what was checked and found
 * @param offenders the ids (with a few words each) that break it; empty when it holds
 */
public record Invariant(String name, boolean holds, String summary, List<String> offenders) {

    public Invariant {
        offenders = List.copyOf(offenders);
    }

    static Invariant check(String name, String okSummary, String violatedSummary, List<String> offenders) {
        return offenders.isEmpty()
                ? new Invariant(name, true, okSummary, offenders)
                : new Invariant(name, false, violatedSummary.replace("{n}", Integer.toString(offenders.size())),
                        offenders);
    }
}
