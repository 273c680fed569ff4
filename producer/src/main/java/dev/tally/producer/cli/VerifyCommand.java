package dev.tally.producer.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import dev.tally.contracts.ClientTopics;
import dev.tally.producer.verify.Invariant;
import dev.tally.producer.verify.ReportFile;
import dev.tally.producer.verify.ResultsTopic;
import dev.tally.producer.verify.Verifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check the invariants and print each one as OK or VIOLATED with the offending ids.",
                "Always: conservation (balances of each currency sum to 0), floors (no bounded balance below "
                        + "-overdraft_limit), reconciliation (each balance equals applied credits minus applied "
                        + "debits in transfers). On a database with holds (contract v1.1): floors on the available "
                        + "balance, reconciliation over every movement, and pending-totals, holds-resolved-once, "
                        + "posted-within-held, linked-all-or-nothing, closed-untouched. With --report (from `tally "
                        + "load --report`), for every command id in it: exactly one non-replay result on the results "
                        + "topic, exactly one agreeing journal row, built-to-be-rejected commands rejected, and each "
                        + "debit account's transfers and holds decided in publish order.",
                "Exit code 0 when every invariant holds, 1 when one is violated, 2 on a usage or connection error."})
final class VerifyCommand implements Callable<Integer> {

    private static final int SHOWN_OFFENDERS = 20;

    @Spec
    CommandSpec spec;

    @Option(names = "--report", paramLabel = "FILE", description = "A report written by `tally load --report`")
    Path report;

    @Mixin
    DatabaseOptions database;

    @Mixin
    KafkaOptions kafka;

    @Override
    public Integer call() throws SQLException, IOException {
        ReportFile reportFile = null;
        if (report != null) {
            if (!Files.isReadable(report)) {
                throw CliException.usage("--report " + report + " cannot be read");
            }
            reportFile = ReportFile.read(report);
        }
        List<Invariant> invariants = new ArrayList<>();
        try (Connection connection = database.connect()) {
            Verifier verifier = new Verifier(connection);
            invariants.addAll(verifier.checkBook());
            if (reportFile != null) {
                ResultsTopic results;
                // A load over clients' topics (tally load --clients) has its clients' results on their own topics.
                List<String> topics = new ArrayList<>(List.of(kafka.resultsTopic));
                reportFile.debitingClients().forEach(client -> topics.add(ClientTopics.results(client)));
                try {
                    results = ResultsTopic.read(kafka.consumerConfig(), topics,
                            reportFile.entries().stream().map(ReportFile.Entry::id).collect(Collectors.toSet()),
                            kafka.connectTimeout);
                } catch (org.apache.kafka.common.errors.TimeoutException e) {
                    throw CliException.usage("cannot read results topics " + topics + " at "
                            + kafka.bootstrap + ": " + e.getMessage());
                }
                invariants.addAll(verifier.checkReport(reportFile, results));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        boolean allHold = true;
        for (Invariant invariant : invariants) {
            allHold &= invariant.holds();
            out.printf("%-9s %-21s %s%n", invariant.holds() ? "OK" : "VIOLATED", invariant.name(),
                    invariant.summary());
            List<String> offenders = invariant.offenders();
            for (String offender : offenders.subList(0, Math.min(SHOWN_OFFENDERS, offenders.size()))) {
                out.println("          offending: " + offender);
            }
            if (offenders.size() > SHOWN_OFFENDERS) {
                out.println("          ... and " + (offenders.size() - SHOWN_OFFENDERS) + " more");
            }
        }
        out.println(allHold ? "all " + invariants.size() + " invariants hold"
                : invariants.stream().filter(i -> !i.holds()).count() + " of " + invariants.size()
                        + " invariants VIOLATED");
        return allHold ? TallyCli.EXIT_OK : TallyCli.EXIT_REJECTED;
    }
}
