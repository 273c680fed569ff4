package dev.tally.producer.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.concurrent.Callable;

import dev.tally.contracts.ClientTopics;
import dev.tally.producer.client.TransferClient;
import dev.tally.producer.load.LoadGenerator;
import dev.tally.producer.load.LoadReport;
import dev.tally.producer.load.LoadRoutes;
import dev.tally.producer.load.LoadSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "load", mixinStandardHelpOptions = true,
        description = {"Generate load: open and fund accounts, then publish transfers (and, if asked, holds with their "
                + "posts and voids, and linked transfers) and await every result.",
                "Closed loop (--concurrency commands in flight) by default, open loop with --rate. A progress line "
                        + "goes to stderr about once a second; a summary table to stdout at the end. --report writes "
                        + "every command id sent, its expected kind and the figures, for `tally verify --report`.",
                "--warmup runs the load for that long before the measured part: its commands are checked and "
                        + "reported like the others, but its latencies, time and throughput are not counted in the "
                        + "measured figures (the warmup_* figures show them).",
                "--clients spreads the load over that many v1.2 clients' topics: client i is <client-prefix>-i, "
                        + "opens its share of the accounts (<client>:<prefix>-NNNNN) on its own commands topic, is "
                        + "funded by the operator, moves money between its own accounts and reads its own results "
                        + "topic. Their topics must exist, as `tally clients add` or the Admin API makes them.",
                "Exit code 0 when every command got a result and none built to be rejected was applied."})
final class LoadCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--accounts", defaultValue = "100", paramLabel = "N",
            description = "Bounded accounts to open (default: ${DEFAULT-VALUE})")
    int accounts;

    @Option(names = "--initial-balance", defaultValue = "1000000", paramLabel = "MINOR_UNITS",
            description = "Funding each account receives from the run's funding account (default: ${DEFAULT-VALUE})")
    long initialBalance;

    @Option(names = "--currency", defaultValue = "EUR", paramLabel = "CODE",
            description = "Currency of the run (default: ${DEFAULT-VALUE})")
    String currency;

    @Option(names = "--prefix", paramLabel = "TEXT",
            description = "Starts every account id of the run (default: load-<random>)")
    String prefix;

    @Option(names = "--rate", paramLabel = "PER_SECOND", description = "Open loop: publish this many per second")
    Double rate;

    @Option(names = "--concurrency", paramLabel = "N",
            description = "Commands awaiting results at once (default: 64; with --rate: 10000)")
    Integer concurrency;

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Run this long (such as 30s)")
    Duration duration;

    @Option(names = "--warmup", defaultValue = "0", paramLabel = "DURATION",
            converter = DurationConverter.OrZero.class,
            description = "Before the measured --duration or --count, run the same load this long without counting "
                    + "its latencies or throughput, so that freshly started JVMs are compiled when measured "
                    + "(default: ${DEFAULT-VALUE}, none)")
    Duration warmup;

    @Option(names = "--count", paramLabel = "N", description = "Publish this many transfers (default: 10000 "
            + "when no --duration)")
    Long count;

    @Option(names = "--hot-share", defaultValue = "0", paramLabel = "FRACTION",
            description = "Share of transfers that credit one hot account (default: ${DEFAULT-VALUE})")
    double hotShare;

    @Option(names = "--duplicate-share", defaultValue = "0", paramLabel = "FRACTION",
            description = "Share of transfers that resend an earlier one with its id (default: ${DEFAULT-VALUE})")
    double duplicateShare;

    @Option(names = "--reject-share", defaultValue = "0", paramLabel = "FRACTION",
            description = "Share of transfers built to be rejected (default: ${DEFAULT-VALUE})")
    double rejectShare;

    @Option(names = "--hold-share", defaultValue = "0", paramLabel = "FRACTION",
            description = "Share of transfers that are holds, each then posted, voided or left to expire "
                    + "(default: ${DEFAULT-VALUE})")
    double holdShare;

    @Option(names = "--post-share", defaultValue = "0.6", paramLabel = "FRACTION",
            description = "Share of holds posted, a third of them for less than held (default: ${DEFAULT-VALUE})")
    double postShare;

    @Option(names = "--void-share", defaultValue = "0.25", paramLabel = "FRACTION",
            description = "Share of holds voided; the rest expire (default: ${DEFAULT-VALUE})")
    double voidShare;

    @Option(names = "--hold-expiry", defaultValue = "2s", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long a hold left to expire lasts, whole seconds (default: ${DEFAULT-VALUE})")
    Duration holdExpiry;

    @Option(names = "--linked-share", defaultValue = "0", paramLabel = "FRACTION",
            description = "Share of transfers sent as linked transfers: a purchase with a fee, or a chain through "
                    + "a second account (default: ${DEFAULT-VALUE})")
    double linkedShare;

    @Option(names = "--max-amount", defaultValue = "100", paramLabel = "MINOR_UNITS",
            description = "Ordinary transfers move 1 to this many minor units (default: ${DEFAULT-VALUE})")
    long maxAmount;

    @Option(names = "--clients", defaultValue = "0", paramLabel = "N",
            description = "Spread the load over N clients' topics instead of the operator's (default: ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--client-prefix", defaultValue = "load", paramLabel = "NAME",
            description = "With --clients: client i is named <NAME>-i (default: ${DEFAULT-VALUE})")
    String clientPrefix;

    @Option(names = "--seed", paramLabel = "N", description = "Random seed (default: random)")
    Long seed;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "How long each command waits for its result (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Option(names = "--report", paramLabel = "FILE", description = "Write the report as JSON: the figures, and "
            + "every command in publish order with its kind, its result, its latency (latency_ms) and when it was "
            + "due (due_at_ms, wall-clock milliseconds since the epoch; with --rate its place in the schedule, "
            + "else when it was sent)")
    Path report;

    @Mixin
    KafkaOptions kafka;

    @Override
    public Integer call() throws InterruptedException, IOException {
        if (accounts < 2) {
            throw CliException.usage("--accounts must be at least 2, was " + accounts);
        }
        Checks.positive("--initial-balance", initialBalance);
        Checks.currency("--currency", currency);
        Checks.positive("--max-amount", maxAmount);
        Checks.share("--hot-share", hotShare);
        Checks.share("--duplicate-share", duplicateShare);
        Checks.share("--reject-share", rejectShare);
        Checks.share("--hold-share", holdShare);
        Checks.share("--linked-share", linkedShare);
        Checks.share("--post-share", postShare);
        Checks.share("--void-share", voidShare);
        if (hotShare + duplicateShare + rejectShare + holdShare + linkedShare > 1) {
            throw CliException.usage("--hot-share, --duplicate-share, --reject-share, --hold-share and --linked-share "
                    + "add up to more than 1");
        }
        if (postShare + voidShare > 1) {
            throw CliException.usage("--post-share and --void-share add up to more than 1");
        }
        if (holdExpiry.getNano() != 0 || holdExpiry.getSeconds() > dev.tally.contracts.Transfer.MAX_TIMEOUT_SECONDS) {
            throw CliException.usage("--hold-expiry must be whole seconds, at most 365 days, was " + holdExpiry);
        }
        if (rate != null && !(rate > 0)) {
            throw CliException.usage("--rate must be positive, was " + rate);
        }
        if (concurrency != null) {
            Checks.positive("--concurrency", concurrency);
        }
        if (count != null) {
            Checks.positive("--count", count);
        }
        String runPrefix = prefix != null ? prefix : "load-" + UUID.randomUUID().toString().substring(0, 8);
        // The longest generated id is the prefix plus "-nobody" or "-00000".
        Checks.account("--prefix", runPrefix + "-nobody");
        List<String> clientNames = clientNames(runPrefix);
        LoadSettings settings = new LoadSettings(accounts, initialBalance, currency, runPrefix, rate,
                concurrency != null ? concurrency : (rate != null ? 10_000 : 64),
                duration, count == null && duration == null ? Long.valueOf(10_000) : count,
                hotShare, duplicateShare, rejectShare, maxAmount, timeout,
                seed != null ? seed : System.nanoTime(),
                new LoadSettings.Ledger(holdShare, postShare, voidShare, linkedShare, holdExpiry), warmup);

        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LoadReport result;
        try (LoadRoutes routes = connect(clientNames)) {
            err.println("load: run " + runPrefix + ", " + accounts + " accounts, "
                    + (clientNames.isEmpty() ? "" : clientNames.size() + " clients' topics, ")
                    + (rate != null ? "rate " + rate + "/s" : "concurrency " + settings.maxInFlight())
                    + (warmup.isZero() ? "" : ", warm-up " + warmup.toMillis() / 1000.0 + " s not counted"));
            try {
                result = new LoadGenerator(routes, settings, err).run();
            } catch (IllegalStateException e) {
                throw new CliException(TallyCli.EXIT_USAGE, e.getMessage(), e);
            }
        }
        out.print(result.summaryTable());
        if (report != null) {
            result.writeJson(report);
            out.println("report written to " + report);
        }
        out.flush();
        return result.clean() ? TallyCli.EXIT_OK : TallyCli.EXIT_REJECTED;
    }

    /** The names of the {@code --clients}, checked; empty without. */
    private List<String> clientNames(String runPrefix) {
        if (clients == 0) {
            return List.of();
        }
        if (clients < 0) {
            throw CliException.usage("--clients must be 0 or more, was " + clients);
        }
        if (accounts < 2 * clients) {
            throw CliException.usage("--accounts must be at least twice --clients (each client moves money between "
                    + "its own), was " + accounts + " for " + clients + " clients");
        }
        String last = clientPrefix + "-" + (clients - 1);
        if (!ClientTopics.isValidName(last)) {
            throw CliException.usage("--client-prefix must make client names matching " + ClientTopics.NAME.pattern()
                    + ", was '" + clientPrefix + "' (as in '" + last + "')");
        }
        Checks.account("--client-prefix", last + ":" + runPrefix + "-00000");
        return IntStream.range(0, clients).mapToObj(i -> clientPrefix + "-" + i).toList();
    }

    /** The operator's client, and one on each client's own topics. */
    private LoadRoutes connect(List<String> clientNames) {
        Map<String, TransferClient> connected = new LinkedHashMap<>();
        TransferClient operator = kafka.connect(timeout);
        try {
            for (String name : clientNames) {
                connected.put(name, kafka.connect(timeout, ClientTopics.commands(name), ClientTopics.results(name)));
            }
        } catch (RuntimeException e) {
            new LoadRoutes(operator, connected).close();
            throw e;
        }
        return new LoadRoutes(operator, connected);
    }
}
