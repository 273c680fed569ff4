package dev.tally.bench.clients;

import java.util.List;
import java.util.Locale;

import dev.tally.bench.Row;

/**
 * The targets, from one run's rows: closed-loop throughput over the clients' topics at least
 * {@value #THROUGHPUT_TARGET} of the operator's topic's, and p99 at 1,000/s at most {@value #P99_TARGET} times its.
 * Each figure counts only when its load was verified.
 *
 * @param operator         closed loop on the operator's topic
 * @param clients          closed loop over the clients' topics
 * @param operatorOpenLoop open loop at 1,000/s on the operator's topic
 * @param clientsOpenLoop  open loop at 1,000/s over the clients' topics
 */
public record ClientsComparison(Row operator, Row clients, Row operatorOpenLoop, Row clientsOpenLoop) {

    public static final String CLOSED_OPERATOR = "closed loop, uniform, operator's topic";
    public static final String CLOSED_CLIENTS = "closed loop, uniform, 10 clients' topics";
    public static final String OPEN_OPERATOR = "open loop 1,000/s, uniform, operator's topic";
    public static final String OPEN_CLIENTS = "open loop 1,000/s, uniform, 10 clients' topics";
    public static final double THROUGHPUT_TARGET = 0.90;
    public static final double P99_TARGET = 1.2;

    /** The comparison of this run's clients scenario; {@code null} when it did not run. */
    public static ClientsComparison of(List<Row> rows) {
        Row operator = find(rows, CLOSED_OPERATOR);
        Row clients = find(rows, CLOSED_CLIENTS);
        Row operatorOpen = find(rows, OPEN_OPERATOR);
        Row clientsOpen = find(rows, OPEN_CLIENTS);
        if (operator == null || clients == null || operatorOpen == null || clientsOpen == null) {
            return null;
        }
        return new ClientsComparison(operator, clients, operatorOpen, clientsOpen);
    }

    /** Clients' throughput over the operator's; NaN when the operator's load measured nothing. */
    public double throughputRatio() {
        return operator.perSecond() > 0 ? clients.perSecond() / operator.perSecond() : Double.NaN;
    }

    /** Clients' p99 at 1,000/s over the operator's; NaN when the operator's load measured nothing. */
    public double p99Ratio() {
        return operatorOpenLoop.p99() > 0 ? clientsOpenLoop.p99() / operatorOpenLoop.p99() : Double.NaN;
    }

    public boolean throughputMet() {
        return verified(operator, clients) && throughputRatio() >= THROUGHPUT_TARGET;
    }

    public boolean p99Met() {
        return verified(operatorOpenLoop, clientsOpenLoop) && p99Ratio() <= P99_TARGET;
    }

    /** Both measurements and their ratio, with the target and whether it was met, in Markdown. */
    public String table() {
        return "| 10 clients' topics against the operator's one | operator's topic | 10 clients' topics | ratio "
                + "| target | met | verify |\n|---|---:|---:|---:|---|---|---|\n"
                + String.format(Locale.ROOT, "| closed-loop throughput, commands/s | %,.0f | %,.0f | %.2f | ≥ %.2f "
                        + "| %s | %s / %s |%n", operator.perSecond(), clients.perSecond(), throughputRatio(),
                THROUGHPUT_TARGET, throughputMet() ? "yes" : "**no**", operator.verdict(), clients.verdict())
                + String.format(Locale.ROOT, "| p99 at 1,000/s, ms | %.1f | %.1f | %.2f× | ≤ %.1f× | %s | %s / %s |%n",
                operatorOpenLoop.p99(), clientsOpenLoop.p99(), p99Ratio(), P99_TARGET,
                p99Met() ? "yes" : "**no**", operatorOpenLoop.verdict(), clientsOpenLoop.verdict());
    }

    private static boolean verified(Row a, Row b) {
        return a.verdict().equals("OK") && b.verdict().equals("OK");
    }

    private static Row find(List<Row> rows, String scenario) {
        return rows.stream().filter(row -> row.scenario().equals(scenario)).reduce((first, last) -> last)
                .orElse(null);
    }
}
