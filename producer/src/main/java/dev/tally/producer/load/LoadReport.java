package dev.tally.producer.load;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.Command;
import dev.tally.contracts.LinkedTransfers;
import dev.tally.contracts.PostPending;
import dev.tally.contracts.Result;
import dev.tally.contracts.Transfer;
import dev.tally.contracts.VoidPending;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a load run sent and saw: every command in publish order with its expected kind and outcome, and the
 * figures. {@code tally verify --report} reads the JSON form.
 *
 * <p>The counts cover every command after the set-up, the warm-up's included, because each of them is checked;
 * the duration, the throughput and the latency percentiles are the measured part's alone. The warm-up's own
 * figures ({@code warmup_*}) appear when the run had a warm-up.
 */
public final class LoadReport {

    /** Kinds of command, as written in the report. */
    public static final String OPEN = "open";
    public static final String FUND = "fund";
    public static final String TRANSFER = "transfer";
    public static final String HOT = "hot";
    public static final String REJECT = "reject";
    public static final String DUPLICATE = "duplicate";
    /** Contract v1.1: a hold, its post or void, and linked transfers. */
    public static final String HOLD = "hold";
    public static final String POST = "post";
    public static final String VOID = "void";
    public static final String LINKED = "linked";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final LoadSettings settings;
    private final AccountId fundingAccount;
    private final List<Sent> sent;
    private final int setupCommands;
    private final Map<String, Object> figures = new LinkedHashMap<>();

    /**
     * One part of the transfers, the warm-up or the measured part: the latencies of the commands it sent (those still
     * in flight when it ended included) and how long it lasted.
     *
     * @param nanos the warm-up: until the measured part started; the measured part: until the last result arrived
     */
    record Part(Latencies latencies, Latencies sinceDecision, long nanos) {
    }

    /**
     * @param sent          every command in publish order, the set-up's first
     * @param setupCommands how many of {@code sent} opened and funded the accounts
     */
    LoadReport(LoadSettings settings, AccountId fundingAccount, List<Sent> sent, int setupCommands, long setupNanos,
               Part warmup, Part measured) {
        this.settings = settings;
        this.fundingAccount = fundingAccount;
        this.sent = sent;
        this.setupCommands = setupCommands;
        List<Sent> main = sent.subList(setupCommands, sent.size());
        long applied = main.stream().filter(s -> s.result() != null && s.result().applied()).count();
        long rejected = main.stream().filter(s -> s.result() != null && !s.result().applied()).count();
        long replays = main.stream().filter(s -> s.result() != null && s.result().replay()).count();
        long noResult = sent.stream().filter(s -> s.result() == null).count();
        long unexpected = main.stream().filter(s -> REJECT.equals(s.kind) && s.result() != null
                && s.result().applied()).count();
        long decided = main.stream().filter(s -> s.result() != null).count();
        long warmupDecided = main.stream().filter(s -> s.warmup && s.result() != null).count();
        boolean withWarmup = !settings.warmup().isZero();
        double seconds = measured.nanos() / 1e9;
        figures.put("accounts", settings.accounts());
        figures.put("setup_commands", setupCommands);
        figures.put("setup_s", round(setupNanos / 1e9));
        if (withWarmup) {
            figures.put("warmup_s", round(warmup.nanos() / 1e9));
            figures.put("warmup_sent", main.stream().filter(s -> s.warmup).count());
        }
        figures.put("transfers_sent", main.size());
        figures.put("hot_sent", count(main, HOT));
        figures.put("duplicates_sent", count(main, DUPLICATE));
        figures.put("rejects_sent", count(main, REJECT));
        if (settings.ledger().holdShare() > 0 || settings.ledger().linkedShare() > 0) {
            figures.put("holds_sent", count(main, HOLD));
            figures.put("posts_sent", count(main, POST));
            figures.put("voids_sent", count(main, VOID));
            figures.put("linked_sent", count(main, LINKED));
        }
        figures.put("decided", decided);
        if (withWarmup) {
            figures.put("warmup_decided", warmupDecided);
        }
        figures.put("applied", applied);
        figures.put("rejected", rejected);
        figures.put("replays_seen", replays);
        figures.put("no_result", noResult);
        figures.put("unexpectedly_applied", unexpected);
        figures.put("duration_s", round(seconds));
        figures.put("throughput_per_s", round(seconds > 0 ? (decided - warmupDecided) / seconds : 0));
        figures.put("latency_ms_p50", round(measured.latencies().quantileMs(0.50)));
        figures.put("latency_ms_p90", round(measured.latencies().quantileMs(0.90)));
        figures.put("latency_ms_p99", round(measured.latencies().quantileMs(0.99)));
        figures.put("latency_ms_p999", round(measured.latencies().quantileMs(0.999)));
        figures.put("latency_ms_max", round(measured.latencies().maxMs()));
        figures.put("after_decision_ms_p50", round(measured.sinceDecision().quantileMs(0.50)));
        figures.put("after_decision_ms_p99", round(measured.sinceDecision().quantileMs(0.99)));
        if (withWarmup) {
            figures.put("warmup_latency_ms_p50", round(warmup.latencies().quantileMs(0.50)));
            figures.put("warmup_latency_ms_p99", round(warmup.latencies().quantileMs(0.99)));
            figures.put("warmup_latency_ms_max", round(warmup.latencies().maxMs()));
        }
    }

    public Map<String, Object> figures() {
        return figures;
    }

    public List<Sent> sent() {
        return sent;
    }

    /** Whether every command got a result and none of those built to be rejected was applied. */
    public boolean clean() {
        return ((Number) figures.get("no_result")).longValue() == 0
                && ((Number) figures.get("unexpectedly_applied")).longValue() == 0;
    }

    /** The figures as an aligned two-column table. */
    public String summaryTable() {
        StringBuilder table = new StringBuilder();
        table.append(String.format("%-24s %s%n", "figure", "value"));
        table.append(String.format("%-24s %s%n", "------", "-----"));
        figures.forEach((name, value) -> table.append(String.format("%-24s %s%n", name, value)));
        return table.toString();
    }

    public void writeJson(Path file) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", 1);
        root.put("prefix", settings.prefix());
        root.put("currency", settings.currency());
        root.put("funding_account", fundingAccount.value());
        root.put("initial_balance", settings.initialBalance());
        ObjectNode figureNode = root.putObject("figures");
        figures.forEach((name, value) -> {
            if (value instanceof Double d) {
                figureNode.put(name, d);
            } else {
                figureNode.put(name, ((Number) value).longValue());
            }
        });
        ArrayNode commands = root.putArray("commands");
        for (Sent entry : sent) {
            ObjectNode node = commands.addObject();
            node.put("seq", entry.sequence);
            node.put("id", entry.command.id().toString());
            node.put("kind", entry.kind);
            node.put("type", entry.command.type().wireName());
            node.put("ordering_key", entry.orderingKey.value());
            node.put("due_at_ms", entry.dueAtMs);
            if (entry.warmup) {
                node.put("warmup", true);
            }
            if (entry.command instanceof Transfer t) {
                node.put("debit_account_id", t.debitAccountId().value());
                node.put("credit_account_id", t.creditAccountId().value());
                node.put("amount", t.amount());
                if (t.pending()) {
                    node.put("pending", true);
                }
            } else if (entry.command instanceof PostPending p) {
                node.put("pending_id", p.pendingId().toString());
            } else if (entry.command instanceof VoidPending v) {
                node.put("pending_id", v.pendingId().toString());
            } else if (entry.command instanceof LinkedTransfers l) {
                node.put("legs", l.legs().size());
            }
            Result result = entry.result();
            if (result != null) {
                node.put("status", result.status().name());
                node.put("reason", result.reasonCode());
                node.put("replay", result.replay());
                node.put("latency_ms", round(entry.latencyNanos / 1e6));
            } else {
                node.put("failure", entry.failure());
            }
        }
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            JSON.writerWithDefaultPrettyPrinter().writeValue(writer, root);
        }
    }

    private static long count(List<Sent> sent, String kind) {
        return sent.stream().filter(s -> kind.equals(s.kind)).count();
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    /**
     * One publish: its place in the publish order, the command, why it was sent, whether the warm-up sent it, and
     * what came back.
     */
    public static final class Sent {

        final long sequence;
        final Command command;
        final AccountId orderingKey;
        final String kind;
        final long sentNanos;
        final long dueAtMs;
        final boolean warmup;
        private volatile Result result;
        private volatile String failure;
        private volatile long latencyNanos;

        /**
         * @param sentNanos when its latency starts ({@link System#nanoTime}): when it was due in open loop, when it
         *                  was sent in closed loop
         * @param dueAtMs   the same instant on the wall clock, in milliseconds since the epoch
         */
        Sent(long sequence, Command command, AccountId orderingKey, String kind, long sentNanos, long dueAtMs,
             boolean warmup) {
            this.sequence = sequence;
            this.command = command;
            this.orderingKey = orderingKey;
            this.kind = kind;
            this.sentNanos = sentNanos;
            this.dueAtMs = dueAtMs;
            this.warmup = warmup;
        }

        void complete(Result result, long latencyNanos) {
            this.latencyNanos = latencyNanos;
            this.result = result;
        }

        void fail(String failure) {
            this.failure = failure;
        }

        public long sequence() {
            return sequence;
        }

        public Command command() {
            return command;
        }

        public String kind() {
            return kind;
        }

        /** Whether the warm-up sent it: checked like every command, left out of the measured figures. */
        public boolean warmup() {
            return warmup;
        }

        /** The result, or {@code null} when none arrived. */
        public Result result() {
            return result;
        }

        public String failure() {
            return failure;
        }
    }
}
