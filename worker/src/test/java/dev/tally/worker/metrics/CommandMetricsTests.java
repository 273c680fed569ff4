package dev.tally.worker.metrics;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.DeadLetterReason;
import dev.tally.contracts.OpenAccount;
import dev.tally.contracts.OpenAccountResult;
import dev.tally.contracts.Reason;
import dev.tally.contracts.Transfer;
import dev.tally.contracts.TransferResult;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CommandMetricsTests {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00.123Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final CommandMetrics metrics = new CommandMetrics(registry);

    private final Transfer transfer = new Transfer(CommandId.random(), new AccountId("alice"), new AccountId("bob"),
            1250, "EUR", null);

    @Test
    void countsResultsByTypeStatusAndReason() {
        // Each result lands in the series of its type, status and reason, and in no other.
        metrics.recorded(TransferResult.applied(transfer, 8750, 1250, NOW));
        metrics.recorded(TransferResult.applied(transfer, 7500, 2500, NOW));
        metrics.recorded(TransferResult.rejected(transfer, Reason.INSUFFICIENT_FUNDS, "alice has 0, needs 1250", NOW));
        metrics.recorded(OpenAccountResult.applied(
                OpenAccount.bounded(CommandId.random(), new AccountId("carol"), "EUR", 0), NOW));

        assertThat(commands("transfer", "APPLIED", "none")).isEqualTo(2);
        assertThat(commands("transfer", "REJECTED", "INSUFFICIENT_FUNDS")).isEqualTo(1);
        assertThat(commands("transfer", "REJECTED", "SAME_ACCOUNT")).isZero();
        assertThat(commands("open_account", "APPLIED", "none")).isEqualTo(1);
        assertThat(registry.get(CommandMetrics.REPLAYS).counters())
                .allSatisfy(counter -> assertThat(counter.count()).isZero());
    }

    @Test
    void countsReplaysApartFromDecisions() {
        // A replay is a client retry, not a new decision: it is counted under tally.commands.replays only.
        metrics.recorded(TransferResult.applied(transfer, 8750, 1250, NOW).withReplay(true));
        metrics.recorded(TransferResult.rejected(transfer, Reason.ID_REUSED_WITH_DIFFERENT_FIELDS, "reused", NOW)
                .withReplay(true));

        assertThat(registry.get(CommandMetrics.REPLAYS).tags("type", "transfer", "status", "APPLIED", "reason", "none")
                .counter().count()).isEqualTo(1);
        assertThat(registry.get(CommandMetrics.REPLAYS)
                .tags("type", "transfer", "reason", "ID_REUSED_WITH_DIFFERENT_FIELDS").counter().count())
                .isEqualTo(1);
        assertThat(registry.get(CommandMetrics.COMMANDS).counters())
                .allSatisfy(counter -> assertThat(counter.count()).isZero());
    }

    @Test
    void registersEveryPossibleSeriesAtZeroUpFront() {
        // Every outcome a command type can have, and every dead-letter reason, exists before anything happened, so
        // rates never gap; outcomes a type cannot have (a transfer is never ACCOUNT_EXISTS) are not cluttering.
        assertThat(registry.get(CommandMetrics.COMMANDS).tag("type", "transfer").counters())
                .hasSize(1 + Reason.values().length - 1);
        assertThat(registry.get(CommandMetrics.COMMANDS).tag("type", "open_account").counters())
                .extracting(counter -> counter.getId().getTag("reason"))
                .containsExactlyInAnyOrder("none", "ACCOUNT_EXISTS", "INVALID_COMMAND", "ID_REUSED_WITH_DIFFERENT_FIELDS");
        assertThat(registry.find(CommandMetrics.COMMANDS).tags("type", "transfer", "reason", "ACCOUNT_EXISTS")
                .counter()).isNull();
        assertThat(registry.get(CommandMetrics.REPLAYS).counters())
                .hasSameSizeAs(registry.get(CommandMetrics.COMMANDS).counters());
        assertThat(registry.get(CommandMetrics.DEAD_LETTERS).counters()).hasSize(DeadLetterReason.values().length);
    }

    @Test
    void countsAnOutcomeThatWasNotRegisteredUpFront() {
        // Should a type ever get another reason, its results are still counted rather than lost or failing.
        OpenAccount opening = OpenAccount.bounded(CommandId.random(), new AccountId("dave"), "EUR", 0);
        metrics.recorded(OpenAccountResult.rejected(opening, Reason.CURRENCY_MISMATCH, "odd", NOW));

        assertThat(commands("open_account", "REJECTED", "CURRENCY_MISMATCH")).isEqualTo(1);
    }

    @Test
    void countsDeadLettersByReason() {
        metrics.deadLettered(DeadLetterReason.MALFORMED_JSON);
        metrics.deadLettered(DeadLetterReason.MALFORMED_JSON);
        metrics.deadLettered(DeadLetterReason.TOO_LARGE);

        assertThat(deadLetters("MALFORMED_JSON")).isEqualTo(2);
        assertThat(deadLetters("TOO_LARGE")).isEqualTo(1);
        assertThat(deadLetters("MISSING_ID")).isZero();
    }

    @Test
    void recordsBatchSizeAndApplyLatency() {
        // Both are histograms; the summary and the timer each see every batch.
        metrics.batchApplied(10, TimeUnit.MILLISECONDS.toNanos(4));
        metrics.batchApplied(30, TimeUnit.MILLISECONDS.toNanos(6));

        var sizes = registry.get(CommandMetrics.BATCH_SIZE).summary();
        assertThat(sizes.count()).isEqualTo(2);
        assertThat(sizes.totalAmount()).isEqualTo(40);
        assertThat(sizes.max()).isEqualTo(30);
        var latency = registry.get(CommandMetrics.APPLY_LATENCY).timer();
        assertThat(latency.count()).isEqualTo(2);
        assertThat(latency.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(10);
        assertThat(latency.max(TimeUnit.MILLISECONDS)).isEqualTo(6);
    }

    @Test
    void refusesNegativeBatchSizeOrDuration() {
        assertThatIllegalArgumentException().isThrownBy(() -> metrics.batchApplied(-1, 0)).withMessageContaining("size");
        assertThatIllegalArgumentException().isThrownBy(() -> metrics.batchApplied(1, -1)).withMessageContaining("-1");
    }

    @Test
    void reportsTheLargestConsumerLagAndNaNWithoutConsumers() {
        // The lag gauge follows the Kafka consumers' records-lag-max gauges, ignoring those without a value yet.
        Gauge lag = registry.get(CommandMetrics.CONSUMER_LAG).gauge();
        assertThat(lag.value()).isNaN();

        double[] first = {Double.NaN};
        double[] second = {Double.NaN};
        Gauge.builder(CommandMetrics.RECORDS_LAG_MAX, first, values -> values[0]).tag("client.id", "c-1")
                .register(registry);
        Gauge.builder(CommandMetrics.RECORDS_LAG_MAX, second, values -> values[0]).tag("client.id", "c-2")
                .register(registry);
        assertThat(lag.value()).isNaN();

        first[0] = 12;
        assertThat(lag.value()).isEqualTo(12);
        second[0] = 40;
        assertThat(lag.value()).isEqualTo(40);
        second[0] = 0;
        assertThat(lag.value()).isEqualTo(12);
    }

    private double commands(String type, String status, String reason) {
        return registry.get(CommandMetrics.COMMANDS).tags("type", type, "status", status, "reason", reason)
                .counter().count();
    }

    private double deadLetters(String reason) {
        return registry.get(CommandMetrics.DEAD_LETTERS).tag("reason", reason).counter().count();
    }
}
