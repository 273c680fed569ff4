package dev.tally.bench.clients;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tally.bench.CpuMeter;
import dev.tally.bench.Row;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The clients scenario's verdict from hand-made rows: the ratios of the clients' topics to the operator's, judged
 * against ≥ 0.90 throughput and ≤ 1.2× p99, a target not met when either load was not verified, and no comparison
 * when the scenario did not run.
 */
class ClientsComparisonTests {

    private final List<Row> rows = new ArrayList<>();

    @Test
    void ratiosAreTheClientsFiguresOverTheOperatorsAndJudgedAgainstTheTargets() {
        row(ClientsComparison.CLOSED_OPERATOR, 0, 4_000, 900, "OK");
        row(ClientsComparison.CLOSED_CLIENTS, 0, 3_640, 950, "OK");
        row(ClientsComparison.OPEN_OPERATOR, 1_000, 1_000, 40, "OK");
        row(ClientsComparison.OPEN_CLIENTS, 1_000, 1_000, 50, "OK");

        ClientsComparison comparison = ClientsComparison.of(rows);

        assertThat(comparison.throughputRatio()).isCloseTo(0.91, within(1e-9));
        assertThat(comparison.p99Ratio()).isCloseTo(1.25, within(1e-9));
        assertThat(comparison.throughputMet()).isTrue();
        assertThat(comparison.p99Met()).isFalse();
        assertThat(comparison.table())
                .contains("| closed-loop throughput, commands/s | 4,000 | 3,640 | 0.91 | ≥ 0.90 | yes | OK / OK |")
                .contains("| p99 at 1,000/s, ms | 40.0 | 50.0 | 1.25× | ≤ 1.2× | **no** | OK / OK |");
    }

    @Test
    void aTargetIsNotMetWhenALoadWasNotVerifiedHoweverItsRatio() {
        row(ClientsComparison.CLOSED_OPERATOR, 0, 4_000, 900, "OK");
        row(ClientsComparison.CLOSED_CLIENTS, 0, 4_400, 800, "VIOLATED");
        row(ClientsComparison.OPEN_OPERATOR, 1_000, 1_000, 40, "OK");
        row(ClientsComparison.OPEN_CLIENTS, 1_000, 1_000, 40, "OK");

        ClientsComparison comparison = ClientsComparison.of(rows);

        assertThat(comparison.throughputRatio()).isGreaterThan(1);
        assertThat(comparison.throughputMet()).isFalse();
        assertThat(comparison.p99Met()).isTrue();
    }

    @Test
    void thereIsNoComparisonWithoutAllFourLoads() {
        row(ClientsComparison.CLOSED_OPERATOR, 0, 4_000, 900, "OK");
        row(ClientsComparison.CLOSED_CLIENTS, 0, 3_900, 900, "OK");
        row(ClientsComparison.OPEN_OPERATOR, 1_000, 1_000, 40, "OK");

        assertThat(ClientsComparison.of(rows)).isNull();
    }

    private void row(String scenario, double offered, double perSecond, double p99, String verdict) {
        rows.add(new Row("clients", scenario, "", offered, perSecond, p99 / 2, p99 / 1.5, p99, p99 * 1.5, p99 * 2,
                verdict, 10_000, new CpuMeter(0, 0, 0, 0), 10, 1, 2, null));
    }
}
