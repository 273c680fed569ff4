package dev.tally.producer.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import dev.tally.producer.testing.RunningWorker;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code tally} command line run in-process with captured output against a {@link RunningWorker}: its broker,
 * topics and database added to the arguments, and accounts opened and funded through the command line itself from a
 * funding account opened once per test class.
 */
final class WorkerCli {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RunningWorker worker;
    private String bank;

    WorkerCli(RunningWorker worker) {
        this.worker = worker;
    }

    /** What one run printed, and its exit code. */
    record Run(int exitCode, String out, String err) {

        JsonNode json() {
            return JSON.readTree(out);
        }
    }

    /** The command as given. */
    static Run tally(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = TallyCli.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    /** The command with the worker's broker and topics. */
    Run kafka(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--bootstrap", worker.bootstrap(), "--commands-topic", worker.commandsTopic(),
                "--results-topic", worker.resultsTopic()));
        return tally(all.toArray(String[]::new));
    }

    /** The command with the worker's database. */
    Run database(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--db-url", worker.services().jdbcUrl(), "--db-user", worker.services().jdbcUser(),
                "--db-password", worker.services().jdbcPassword()));
        return tally(all.toArray(String[]::new));
    }

    /** {@code tally verify} with the worker's database, broker and topics. */
    Run verify(String... args) {
        List<String> all = new ArrayList<>(List.of("verify"));
        all.addAll(List.of(args));
        all.addAll(List.of("--bootstrap", worker.bootstrap(), "--results-topic", worker.resultsTopic()));
        return database(all.toArray(String[]::new));
    }

    /** Opens the unbounded EUR account that {@link #openFunded(String, long)} funds accounts from; returns its id. */
    String openBank() {
        bank = worker.newAccount("bank");
        Run run = kafka("open-account", bank, "--currency", "EUR", "--unbounded");
        assertThat(run.exitCode()).as(run.err()).isZero();
        return bank;
    }

    /** Opens a bounded EUR account and funds it with {@code balance} from the bank; returns its id. */
    String openFunded(String name, long balance) {
        String account = worker.newAccount(name);
        Run open = kafka("open-account", account, "--currency", "EUR");
        assertThat(open.exitCode()).as(open.err()).isZero();
        if (balance > 0) {
            Run funding = kafka("transfer", "--from", bank, "--to", account, "--amount", Long.toString(balance),
                    "--currency", "EUR");
            assertThat(funding.exitCode()).as(funding.err()).isZero();
        }
        return account;
    }
}
