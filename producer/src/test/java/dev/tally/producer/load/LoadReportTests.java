package dev.tally.producer.load;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.Transfer;
import dev.tally.contracts.TransferResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A report of a run with a warm-up, built by hand: the warm-up's commands count in the checks (no result, applied
 * though built to be rejected) and are marked in the JSON, while the duration, the throughput and the percentiles are
 * the measured part's alone, and the warm-up's own figures are shown beside them.
 */
class LoadReportTests {

    private static final AccountId BANK = new AccountId("r-bank");
    private static final AccountId A = new AccountId("r-00000");
    private static final AccountId B = new AccountId("r-00001");
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final long MS = 1_000_000;

    @TempDir
    Path files;

    private final List<LoadReport.Sent> sent = new ArrayList<>();

    @Test
    void warmupCommandsAreCheckedAndReportedButLeftOutOfTheMeasuredFigures() throws Exception {
        Latencies warmupLatencies = new Latencies();
        Latencies measuredLatencies = new Latencies();
        applied(LoadReport.FUND, false, 5 * MS, new Latencies());
        applied(LoadReport.TRANSFER, true, 500 * MS, warmupLatencies);
        applied(LoadReport.REJECT, true, 400 * MS, warmupLatencies);
        applied(LoadReport.TRANSFER, false, 10 * MS, measuredLatencies);
        applied(LoadReport.TRANSFER, false, 20 * MS, measuredLatencies);
        LoadReport.Sent lost = send(LoadReport.TRANSFER, false);
        lost.fail("no result within 60s");

        LoadReport report = new LoadReport(settings(Duration.ofSeconds(2)), BANK, List.copyOf(sent), 1, 300 * MS,
                new LoadReport.Part(warmupLatencies, new Latencies(), 2_000 * MS),
                new LoadReport.Part(measuredLatencies, new Latencies(), 500 * MS));

        assertThat(report.figures()).containsEntry("transfers_sent", 5).containsEntry("warmup_sent", 2L)
                .containsEntry("decided", 4L).containsEntry("warmup_decided", 2L)
                .containsEntry("unexpectedly_applied", 1L).containsEntry("no_result", 1L)
                .containsEntry("warmup_s", 2.0).containsEntry("duration_s", 0.5)
                .containsEntry("throughput_per_s", 4.0);
        assertThat((double) report.figures().get("latency_ms_max")).isCloseTo(20, within(0.1));
        assertThat((double) report.figures().get("latency_ms_p50")).isCloseTo(10, within(0.1));
        assertThat((double) report.figures().get("warmup_latency_ms_p50")).isCloseTo(400, within(1.0));
        assertThat((double) report.figures().get("warmup_latency_ms_p99")).isCloseTo(500, within(1.0));
        assertThat(report.clean()).as("a warm-up reject that was applied is a failure too").isFalse();
        assertThat(report.summaryTable()).contains("warmup_s", "warmup_latency_ms_p50", "warmup_latency_ms_p99");

        Path file = files.resolve("report.json");
        report.writeJson(file);
        JsonNode json = JsonMapper.builder().build().readTree(file.toFile());
        List<Boolean> warmup = new ArrayList<>();
        json.get("commands").forEach(c -> warmup.add(c.has("warmup") && c.get("warmup").asBoolean()));
        assertThat(warmup).containsExactly(false, true, true, false, false, false);
        assertThat(json.get("figures").get("warmup_latency_ms_p99").asDouble()).isCloseTo(500, within(1.0));
    }

    @Test
    void withoutAWarmupTheReportHasNoWarmupFigures() {
        Latencies measured = new Latencies();
        applied(LoadReport.TRANSFER, false, 10 * MS, measured);

        LoadReport report = new LoadReport(settings(Duration.ZERO), BANK, List.copyOf(sent), 0, 0,
                new LoadReport.Part(new Latencies(), new Latencies(), 0),
                new LoadReport.Part(measured, new Latencies(), 1_000 * MS));

        assertThat(report.figures()).containsEntry("decided", 1L).containsEntry("throughput_per_s", 1.0)
                .doesNotContainKeys("warmup_s", "warmup_sent", "warmup_decided", "warmup_latency_ms_p50");
        assertThat(report.clean()).isTrue();
    }

    private static LoadSettings settings(Duration warmup) {
        return new LoadSettings(2, 1_000, "EUR", "r", null, 8, null, 3L, 0, 0, 0.1, 10, Duration.ofSeconds(60), 1,
                LoadSettings.Ledger.NONE, warmup);
    }

    private LoadReport.Sent send(String kind, boolean warmup) {
        Transfer transfer = new Transfer(CommandId.random(), A, B, 1, "EUR", null);
        LoadReport.Sent entry = new LoadReport.Sent(sent.size(), transfer, A, kind, 0, 0, warmup);
        sent.add(entry);
        return entry;
    }

    /** A transfer that was applied after {@code latencyNanos}, recorded in {@code latencies} as the generator does. */
    private void applied(String kind, boolean warmup, long latencyNanos, Latencies latencies) {
        LoadReport.Sent entry = send(kind, warmup);
        Transfer transfer = (Transfer) entry.command();
        entry.complete(TransferResult.applied(transfer, 0, 1, NOW), latencyNanos);
        latencies.record(latencyNanos);
    }
}
