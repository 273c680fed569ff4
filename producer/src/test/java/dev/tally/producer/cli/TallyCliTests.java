package dev.tally.producer.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI's help, usage errors and argument checks, which need no broker or database: a check that let a bad
 * argument through would try to connect to the unreachable defaults and fail with another message.
 */
class TallyCliTests {

    record Run(int exitCode, String out, String err) {
    }

    static Run tally(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = TallyCli.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    /** The top-level help names all six commands. */
    @Test
    void helpListsEveryCommand() {
        Run run = tally("--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("open-account", "transfer", "results", "balance", "load", "verify");
    }

    /** Each command answers --help with its own usage and exit code 0. */
    @Test
    void everyCommandHasHelp() {
        for (String command : new String[] {"open-account", "transfer", "results", "balance", "load", "verify"}) {
            Run run = tally(command, "--help");
            assertThat(run.exitCode()).as(command).isZero();
            assertThat(run.out()).as(command).startsWith("Usage: tally " + command);
        }
    }

    /** Running tally without a command is a usage error (exit code 2). */
    @Test
    void aMissingCommandIsAUsageError() {
        Run run = tally();
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Missing a command");
    }

    /** An invalid account id is refused before connecting, naming the option. */
    @Test
    void aBadAccountIsNamedWithoutAStackTrace() {
        Run run = tally("transfer", "--from", "bad id", "--to", "bob", "--amount", "5", "--currency", "EUR",
                "--bootstrap", "127.0.0.1:1");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--from must be").contains("'bad id'").doesNotContain("Exception");
        assertThat(run.out()).isEmpty();
    }

    /** Amount and currency checks name their options. */
    @Test
    void aNonPositiveAmountAndABadCurrencyAreNamed() {
        assertThat(tally("transfer", "--from", "a", "--to", "b", "--amount", "0", "--currency", "EUR").err())
                .contains("--amount must be at least 1");
        Run run = tally("transfer", "--from", "a", "--to", "b", "--amount", "5", "--currency", "eur");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--currency must be three upper-case letters");
    }

    /** A decimal amount is not minor units: picocli refuses it naming --amount. */
    @Test
    void anAmountThatIsNotANumberIsAUsageError() {
        Run run = tally("transfer", "--from", "a", "--to", "b", "--amount", "12.50", "--currency", "EUR");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--amount");
    }

    /** Load shares outside 0..1 and unreadable durations are usage errors. */
    @Test
    void loadSharesMustBeFractions() {
        Run run = tally("load", "--hot-share", "1.5");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--hot-share must be between 0 and 1");
        assertThat(tally("load", "--duration", "soon").err()).contains("not a duration");
    }

    /** --clients needs two accounts per client and client names the contract allows; each refusal names its option. */
    @Test
    void badClientsOptionsAreUsageErrorsNamingTheOption() {
        Run few = tally("load", "--clients", "10", "--accounts", "15");
        assertThat(few.exitCode()).isEqualTo(2);
        assertThat(few.err()).contains("--accounts must be at least twice --clients", "was 15 for 10 clients");
        Run badName = tally("load", "--clients", "2", "--client-prefix", "Shop");
        assertThat(badName.exitCode()).isEqualTo(2);
        assertThat(badName.err()).contains("--client-prefix must make client names matching", "'Shop'");
        assertThat(tally("load", "--clients", "-1").err()).contains("--clients must be 0 or more, was -1");
    }

    /** --warmup takes a duration or 0 for none; a negative or unreadable one is a usage error naming --warmup. */
    @Test
    void aNegativeOrUnreadableWarmupIsAUsageErrorNamingTheOption() {
        Run negative = tally("load", "--warmup", "-5s");
        assertThat(negative.exitCode()).isEqualTo(2);
        assertThat(negative.err()).contains("--warmup", "'-5s' must not be negative");
        Run iso = tally("load", "--warmup", "-PT5S");
        assertThat(iso.exitCode()).isEqualTo(2);
        assertThat(iso.err()).contains("--warmup", "must not be negative");
        Run unreadable = tally("load", "--warmup", "soon");
        assertThat(unreadable.exitCode()).isEqualTo(2);
        assertThat(unreadable.err()).contains("--warmup", "'soon' is not a duration");
        assertThat(tally("load", "--help").out()).contains("--warmup=DURATION");
    }

    /** No broker: exit code 2 and one line, no stack trace. */
    @Test
    void anUnreachableBrokerIsExitCodeTwoWithOneLine() {
        Run run = tally("transfer", "--from", "alice", "--to", "bob", "--amount", "5", "--currency", "EUR",
                "--bootstrap", "127.0.0.1:1", "--connect-timeout", "1s");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("cannot connect to Kafka at 127.0.0.1:1").doesNotContain("\tat ");
    }

    /** No database: exit code 2 and one line, no stack trace. */
    @Test
    void anUnreachableDatabaseIsExitCodeTwoWithOneLine() {
        Run run = tally("balance", "alice", "--db-url", "jdbc:postgresql://127.0.0.1:1/tally");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("cannot connect to the database").doesNotContain("\tat ");
    }

    /** A client name outside the contract's pattern is refused before anything is contacted, naming the pattern. */
    @Test
    void clientsRefusesABadNameNamingThePattern() {
        for (String command : new String[] {"add", "remove"}) {
            Run run = tally("clients", command, "shop_a", "--bootstrap", "127.0.0.1:1");
            assertThat(run.exitCode()).as(command).isEqualTo(2);
            assertThat(run.err()).as(command).contains("NAME must match [a-z0-9][a-z0-9-]{0,39}: 'shop_a'")
                    .doesNotContain("\tat ");
        }
    }

    /** An unreadable --command-config names the option and the file, whatever the command. */
    @Test
    void commandConfigThatCannotBeReadIsNamed() {
        Run run = tally("results", "--command-config", "/nonexistent/admin.properties", "--bootstrap",
                "127.0.0.1:1");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--command-config: cannot read /nonexistent/admin.properties")
                .doesNotContain("\tat ");
    }

    /** The file's settings reach every Kafka client; --bootstrap wins over a bootstrap the file names. */
    @Test
    void commandConfigSettingsReachTheKafkaClients(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        java.nio.file.Path file = dir.resolve("client.properties");
        java.nio.file.Files.writeString(file, "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n"
                + "bootstrap.servers=elsewhere:9092\n");
        KafkaOptions options = new KafkaOptions();
        options.bootstrap = "broker:9094";
        options.commandConfig = file;
        options.connectTimeout = java.time.Duration.ofSeconds(1);

        assertThat(options.clientProperties()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512").containsEntry("bootstrap.servers", "broker:9094");
        assertThat(options.consumerConfig()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("isolation.level", "read_committed");
    }
}
