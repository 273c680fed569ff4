package dev.tally.bench;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The benchmark's scenarios, by the names the command line takes, in the order a run takes them. */
enum Scenario {

    CEILINGS("ceilings", "the Kafka echo and the worker's batch as set-based SQL, together: the combined ceiling"),
    BASELINE("baseline", "pgbench with the worker's statements, one transfer per transaction, uniform and hot"),
    LATENCY("latency", "open loop at 100, 1,000 and 2,000 transfers/s and at the demo's mix, on one worker"),
    CURVE("curve", "latency against the offered rate, 500/s to saturation"),
    CLOSED_LOOP("closed-loop", "closed-loop throughput, uniform, for each locking strategy and batch size"),
    HOT_ACCOUNT("hot-account", "closed loop with half of the transfers on one hot account"),
    HOLDS("holds", "closed loop with half of the transfers as a hold then its post, against the plain one"),
    CLIENTS("clients", "closed loop and open loop at 1,000/s over 10 clients' topics against the operator's one"),
    DRAIN("drain", "a preloaded backlog drained by a fresh worker"),
    ROLLING("rolling", "a rolling restart of three workers under load, for each way of handing partitions over");

    private final String label;
    private final String description;

    Scenario(String label, String description) {
        this.label = label;
        this.description = description;
    }

    /** The name the command line takes. */
    String label() {
        return label;
    }

    String description() {
        return description;
    }

    /** Every scenario's name, in order. */
    static List<String> labels() {
        return Arrays.stream(values()).map(Scenario::label).toList();
    }

    /**
     * The scenarios named, every one when none is.
     *
     * @throws IllegalArgumentException naming the first unknown name and the known ones
     */
    static Set<Scenario> chosen(List<String> names) {
        if (names.isEmpty()) {
            return EnumSet.allOf(Scenario.class);
        }
        Set<Scenario> chosen = EnumSet.noneOf(Scenario.class);
        for (String name : names) {
            chosen.add(Arrays.stream(values()).filter(scenario -> scenario.label.equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown scenario '" + name + "'; the scenarios"
                            + " are " + String.join(", ", labels()))));
        }
        return chosen;
    }

    /** The names and descriptions, one a line, for the usage text. */
    static String list() {
        return Arrays.stream(values()).map(scenario -> String.format("  %-12s %s", scenario.label,
                scenario.description)).collect(Collectors.joining("\n"));
    }
}
