package dev.tally.producer.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.tally.contracts.CommandId;
import dev.tally.contracts.Result;
import dev.tally.contracts.Status;
import dev.tally.contracts.WireCodec;
import dev.tally.producer.cli.WorkerCli.Run;
import dev.tally.producer.testing.RunningWorker;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static dev.tally.producer.cli.WorkerCli.tally;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every {@code tally} command, run in-process with captured output against the real worker (its jar, as a child
 * process), broker and database: what it prints and the exit code it returns, and that {@code tally verify} both
 * passes on an honest book and catches violations planted on purpose.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TallyCliIntegrationTests {

    @RegisterExtension
    static final RunningWorker worker = new RunningWorker();

    static final WorkerCli cli = new WorkerCli(worker);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static String bank;

    @TempDir
    static Path files;

    @BeforeAll
    static void openBank() {
        bank = cli.openBank();
    }

    /**
     * Opening prints APPLIED and exits 0; reopening with another currency is rejected (exit 1), shown as contract
     * JSON with --json.
     */
    @Test
    @Order(1)
    void openAccountPrintsTheDecisionAndExitsZero() {
        String account = worker.newAccount("erin");
        Run run = cli.kafka("open-account", account, "--currency", "EUR", "--overdraft-limit", "500");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("APPLIED").contains("open_account", account, "overdraft limit 500");

        Run again = cli.kafka("open-account", account, "--currency", "USD", "--json");
        assertThat(again.exitCode()).as("an account reopened with another currency is rejected").isEqualTo(1);
        Result result = WireCodec.decodeResult(again.out().trim().getBytes(UTF_8));
        assertThat(result.status()).isEqualTo(Status.REJECTED);
        assertThat(result.reason().code()).isEqualTo("ACCOUNT_EXISTS");
    }

    /** An applied transfer prints both balances and exits 0; an overdraft is REJECTED with exit code 1. */
    @Test
    @Order(2)
    void transferExitsZeroWhenAppliedAndOneWhenRejected() {
        String frank = cli.openFunded("frank", 1_000);
        String grace = cli.openFunded("grace", 0);

        Run applied = cli.kafka("transfer", "--from", frank, "--to", grace, "--amount", "250", "--currency", "EUR",
                "--reference", "rent");
        assertThat(applied.exitCode()).as(applied.err()).isZero();
        assertThat(applied.out()).startsWith("APPLIED").contains(frank + " -> " + grace, "250 EUR",
                frank + " 750", grace + " 250");

        Run rejected = cli.kafka("transfer", "--from", grace, "--to", frank, "--amount", "251", "--currency", "EUR",
                "--json");
        assertThat(rejected.exitCode()).isEqualTo(1);
        JsonNode json = JSON.readTree(rejected.out());
        assertThat(json.get("status").asString()).isEqualTo("REJECTED");
        assertThat(json.get("reason").asString()).isEqualTo("INSUFFICIENT_FUNDS");
        assertThat(json.get("replay").asBoolean()).isFalse();
    }

    /** Sending the same --id twice moves the money once and prints the second answer as a replay. */
    @Test
    @Order(3)
    void transferRetriedWithTheSameIdPrintsTheStoredOutcomeAsAReplay() throws Exception {
        String heidi = cli.openFunded("heidi", 100);
        String id = CommandId.random().toString();
        String[] args = {"transfer", "--from", heidi, "--to", bank, "--amount", "60", "--currency", "EUR",
                "--id", id};
        assertThat(cli.kafka(args).exitCode()).isZero();
        Run retry = cli.kafka(args);
        assertThat(retry.exitCode()).isZero();
        assertThat(retry.out()).contains(id, "(replay: decided before");
        assertThat(worker.balance(heidi)).isEqualTo(40);
    }

    /** balance prints what the accounts table holds; an unknown account exits 1. */
    @Test
    @Order(4)
    void balanceReadsTheBookOfRecord() {
        String ivan = cli.openFunded("ivan", 4_321);
        Run run = cli.database("balance", ivan);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains(ivan + "  4321 EUR", "floor 0");

        Run json = cli.database("balance", bank, "--json");
        assertThat(JSON.readTree(json.out()).get("unbounded").asBoolean()).isTrue();

        Run missing = cli.database("balance", worker.newAccount("nobody"));
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("does not exist");
    }

    /**
     * results prints a decided result and exits; --follow prints a result committed after it started and stops at
     * --max.
     */
    @Test
    @Order(5)
    void resultsPrintsDecidedResultsAndFollowsNewOnes() throws Exception {
        String judy = cli.openFunded("judy", 10);
        Run sent = cli.kafka("transfer", "--from", judy, "--to", bank, "--amount", "7", "--currency", "EUR", "--json");
        String id = JSON.readTree(sent.out()).get("id").asString();

        Run all = cli.kafka("results", "--id", id);
        assertThat(all.exitCode()).as(all.err()).isZero();
        assertThat(all.out().lines()).hasSize(1).first().asString().startsWith("APPLIED").contains(id);

        // Follow, from the end: only a result committed after it started, then stop after one.
        CommandId next = CommandId.random();
        CompletableFuture<Run> following = CompletableFuture.supplyAsync(
                () -> cli.kafka("results", "--follow", "--id", next.toString(), "--max", "1", "--json"));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            cli.kafka("transfer", "--from", judy, "--to", bank, "--amount", "1", "--currency", "EUR",
                    "--id", next.toString());
            return following.isDone() || following.isCompletedExceptionally();
        });
        Run followed = following.get(10, TimeUnit.SECONDS);
        assertThat(followed.exitCode()).as(followed.err()).isZero();
        Result result = WireCodec.decodeResult(followed.out().trim().getBytes(UTF_8));
        assertThat(result.id()).isEqualTo(next);
    }

    /**
     * A small load with every kind of command after a one-second warm-up, then {@code tally verify --report} on it:
     * every invariant holds, for the warm-up's commands too. The warm-up's commands are in the report, marked, right
     * after the set-up; the measured figures count the 400 of the measured part only, and each part's percentiles
     * are those of its own commands' latencies in the report. The later tests then break the book or the report on
     * purpose and expect verify to say so.
     */
    @Test
    @Order(6)
    void loadReportsItsFiguresAndVerifyFindsEveryInvariantHolding() throws Exception {
        Path report = files.resolve("load.json");
        Run load = cli.kafka("load", "--accounts", "20", "--count", "400", "--concurrency", "40", "--hot-share", "0.2",
                "--duplicate-share", "0.1", "--reject-share", "0.1", "--initial-balance", "1000",
                "--max-amount", "400", "--warmup", "1s", "--report", report.toString());
        // Printed so that the build log shows the figures and the progress lines.
        System.out.println(load.err() + load.out());
        assertThat(load.exitCode()).as(load.out() + load.err()).isZero();
        assertThat(load.out()).contains("transfers_sent", "latency_ms_p99", "throughput_per_s", "warmup_s",
                "warmup_latency_ms_p50", "warmup_latency_ms_p99", "report written to");
        assertThat(load.err()).contains("load: run", "warm-up 1.0 s not counted");

        JsonNode json = JSON.readTree(report.toFile());
        JsonNode figures = json.get("figures");
        int setup = 21 + 20;
        int warmupSent = figures.get("warmup_sent").asInt();
        assertThat(warmupSent).as("commands the warm-up sent").isPositive();
        assertThat(figures.get("warmup_s").asDouble()).isGreaterThanOrEqualTo(1.0);
        assertThat(figures.get("transfers_sent").asLong()).isEqualTo(400 + warmupSent);
        assertThat(figures.get("decided").asLong() - figures.get("warmup_decided").asLong())
                .as("results of the measured part").isEqualTo(400);
        assertThat(figures.get("no_result").asLong()).isZero();
        assertThat(json.get("commands")).hasSize(setup + warmupSent + 400);
        List<String> kinds = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Set<String> rejects = new HashSet<>();
        List<Double> warmupMs = new ArrayList<>();
        List<Double> measuredMs = new ArrayList<>();
        int position = 0;
        for (JsonNode command : json.get("commands")) {
            boolean warmup = command.has("warmup") && command.get("warmup").asBoolean();
            assertThat(warmup).as("warm-up mark of command %d", position)
                    .isEqualTo(position >= setup && position < setup + warmupSent);
            if (position >= setup) {
                (warmup ? warmupMs : measuredMs).add(command.get("latency_ms").asDouble());
            }
            kinds.add(command.get("kind").asString());
            ids.add(command.get("id").asString());
            if (command.get("kind").asString().equals("reject")) {
                rejects.add(command.get("id").asString());
            }
            position++;
        }
        assertThat(kinds).contains("open", "fund", "transfer", "hot", "duplicate", "reject");
        assertQuantile(figures, "latency_ms_p50", measuredMs, 0.50);
        assertQuantile(figures, "latency_ms_p99", measuredMs, 0.99);
        assertQuantile(figures, "latency_ms_max", measuredMs, 1);
        assertQuantile(figures, "warmup_latency_ms_p50", warmupMs, 0.50);
        assertQuantile(figures, "warmup_latency_ms_p99", warmupMs, 0.99);
        assertQuantile(figures, "warmup_latency_ms_max", warmupMs, 1);

        Run verified = cli.verify("--report", report.toString());
        System.out.println(verified.out());
        assertThat(verified.exitCode()).as(verified.out() + verified.err()).isZero();
        assertThat(verified.out()).contains("OK        conservation", "OK        floors",
                "OK        reconciliation", "OK        one-result", "OK        applied-once",
                "OK        expected-rejections", "OK        order", "OK        pending-totals",
                "OK        debit-authority", "all 13 invariants hold");
        // Verify counted every command of the report, the warm-up's included.
        assertThat(verified.out()).contains(ids.size() + " command ids each have exactly one non-replay result",
                rejects.size() + " transfers built to be rejected were rejected");
    }

    /**
     * The figure is where HdrHistogram (0.1 % resolution, microseconds) puts the quantile of exactly these latencies
     * (milliseconds to 0.01, from the report): within one rank of it.
     */
    private static void assertQuantile(JsonNode figures, String figure, List<Double> latenciesMs, double quantile) {
        List<Double> sorted = latenciesMs.stream().sorted().toList();
        int rank = (int) Math.min(sorted.size() - 1, Math.max(0, Math.ceil(quantile * sorted.size()) - 1));
        double low = sorted.get(Math.max(0, rank - 1)) - 0.02;
        double high = sorted.get(Math.min(sorted.size() - 1, rank + 1)) * 1.002 + 0.02;
        assertThat(figures.get(figure).asDouble()).as("%s of %d latencies", figure, sorted.size())
                .isBetween(low, high);
    }

    /**
     * Open loop: 50 transfers at 100 per second take at least the half second the rate implies, counted from the
     * end of the warm-up, which lasted its second and sent at most the 100 transfers the rate puts in it. The
     * report gives each command's due time on the wall clock: within the run, and for the measured transfers 10 ms
     * apart, as the schedule placed them.
     */
    @Test
    @Order(7)
    void loadAtAFixedRatePacesItsTransfers() throws Exception {
        Path report = files.resolve("paced.json");
        long beforeMs = System.currentTimeMillis();
        Run load = cli.kafka("load", "--accounts", "2", "--count", "50", "--rate", "100", "--warmup", "1s",
                "--report", report.toString());
        long afterMs = System.currentTimeMillis();
        assertThat(load.exitCode()).as(load.out() + load.err()).isZero();
        Matcher duration = Pattern.compile("duration_s\\s+([0-9.]+)").matcher(load.out());
        assertThat(duration.find()).as(load.out()).isTrue();
        assertThat(Double.parseDouble(duration.group(1))).isGreaterThanOrEqualTo(0.45);
        assertThat(load.err()).contains("rate 100.0/s");
        JsonNode figures = JSON.readTree(report.toFile()).get("figures");
        assertThat(figures.get("warmup_s").asDouble()).isGreaterThanOrEqualTo(1.0);
        assertThat(figures.get("warmup_sent").asLong()).isBetween(1L, 100L);
        assertThat(figures.get("transfers_sent").asLong()).isEqualTo(50 + figures.get("warmup_sent").asLong());
        List<Long> measuredDueAtMs = new ArrayList<>();
        for (JsonNode command : JSON.readTree(report.toFile()).get("commands")) {
            assertThat(command.get("due_at_ms").asLong()).as("due_at_ms of %s", command)
                    .isBetween(beforeMs, afterMs);
            if (!command.has("warmup") && !command.get("kind").asString().matches("open|fund")) {
                measuredDueAtMs.add(command.get("due_at_ms").asLong());
            }
        }
        assertThat(measuredDueAtMs).hasSize(50);
        for (int i = 1; i < measuredDueAtMs.size(); i++) {
            assertThat(measuredDueAtMs.get(i) - measuredDueAtMs.get(i - 1)).as("due %d after %d", i, i - 1)
                    .isBetween(9L, 11L);
        }
    }

    /** A balance changed behind the worker's back breaks conservation and reconciliation, naming the account. */
    @Test
    @Order(8)
    void verifyCatchesABalanceChangedBehindTheWorkersBack() throws Exception {
        String mallory = cli.openFunded("mallory", 100);
        assertThat(cli.verify().exitCode()).isZero();

        assertThat(worker.update("UPDATE accounts SET balance = balance + 1 WHERE id = ?", mallory)).isEqualTo(1);
        try {
            Run run = cli.verify();
            System.out.println(run.out());
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.out()).contains("VIOLATED  conservation", "EUR sums to 1",
                    "VIOLATED  reconciliation", mallory + " (balance 101, journal 100)", "OK        floors");
        } finally {
            worker.update("UPDATE accounts SET balance = balance - 1 WHERE id = ?", mallory);
        }
        assertThat(cli.verify().exitCode()).isZero();
    }

    /**
     * A report that lists an id the system never saw, or that claims another publish order, is caught by the
     * one-result, applied-once and order invariants.
     */
    @Test
    @Order(9)
    void verifyCatchesMissingResultsAndOrderDifferences() throws Exception {
        Path honest = files.resolve("load.json");
        ObjectNode report = (ObjectNode) JSON.readTree(honest.toFile());
        ArrayNode commands = (ArrayNode) report.get("commands");

        // Swap the publish positions of the first two distinct transfers of one debit account.
        String account = null;
        List<ObjectNode> ofAccount = new ArrayList<>();
        for (JsonNode command : commands) {
            if (!"transfer".equals(command.get("kind").asString())) {
                continue;
            }
            String debit = command.get("debit_account_id").asString();
            if (account == null) {
                account = debit;
            }
            if (debit.equals(account)) {
                ofAccount.add((ObjectNode) command);
            }
        }
        assertThat(ofAccount).hasSizeGreaterThanOrEqualTo(2);
        long firstSeq = ofAccount.get(0).get("seq").asLong();
        ofAccount.get(0).put("seq", ofAccount.get(1).get("seq").asLong());
        ofAccount.get(1).put("seq", firstSeq);

        String phantom = CommandId.random().toString();
        ObjectNode never = commands.addObject();
        never.put("seq", 1_000_000);
        never.put("id", phantom);
        never.put("kind", "transfer");
        never.put("type", "transfer");
        never.put("debit_account_id", account);
        Path doctored = files.resolve("doctored.json");
        JSON.writeValue(doctored.toFile(), report);

        Run run = cli.verify("--report", doctored.toString());
        System.out.println(run.out());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("OK        conservation", "VIOLATED  one-result", phantom + " (0 non-replay",
                "VIOLATED  applied-once", phantom + " (no row in transfers)", "VIOLATED  order", account + " (first");
    }

    /** A report that is not JSON is a usage error, not a violation. */
    @Test
    @Order(10)
    void verifyRefusesAnUnreadableReportWithExitCodeTwo() throws Exception {
        Path notJson = Files.writeString(files.resolve("not.json"), "not json", UTF_8);
        Run run = cli.verify("--report", notJson.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("is not JSON").doesNotContain("\tat ");
    }

    /** A commands topic that does not exist is reported by name with exit code 2 and no stack trace. */
    @Test
    @Order(11)
    void aMissingTopicIsAConnectionErrorWithExitCodeTwo() {
        Run run = tally("transfer", "--from", "a", "--to", "b", "--amount", "1", "--currency", "EUR",
                "--bootstrap", worker.bootstrap(), "--commands-topic", "no-such-topic",
                "--results-topic", worker.resultsTopic(), "--connect-timeout", "2s");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("no-such-topic");
        Matcher trace = Pattern.compile("\\n\\s+at ").matcher(run.err());
        assertThat(trace.find()).as("no stack trace").isFalse();
    }
}
