package dev.tally.producer.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tally.contracts.CommandId;
import dev.tally.contracts.LinkedTransfers;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The parsing and argument checks of hold, post, void, linked, close and statement, which need no broker, database
 * or worker: every run points at addresses where nothing listens, so a check that let a bad argument through would
 * fail later with a connection message instead of naming the argument.
 */
class LedgerCliTests {

    private static final String NOWHERE = "127.0.0.1:1";

    @TempDir
    Path files;

    record Run(int exitCode, String out, String err) {
    }

    static Run tally(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = TallyCli.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    private static void assertUsage(Run run, String... named) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains(named).doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(run.out()).isEmpty();
    }

    /** The top-level help lists the new commands, and each answers --help with its usage. */
    @Test
    void everyNewCommandIsListedAndHasHelp() {
        assertThat(tally("--help").out()).contains("hold", "post", "void", "linked", "close", "statement");
        for (String command : new String[] {"hold", "post", "void", "linked", "close", "statement"}) {
            Run run = tally(command, "--help");
            assertThat(run.exitCode()).as(command).isZero();
            assertThat(run.out()).as(command).startsWith("Usage: tally " + command);
        }
    }

    /** hold checks its options as transfer does, and its expiry against the contract's range. */
    @Test
    void holdNamesItsBadOption() {
        assertUsage(tally("hold", "--from", "bad id", "--to", "shop", "--amount", "5", "--currency", "EUR",
                "--bootstrap", NOWHERE), "--from must be", "'bad id'");
        assertUsage(tally("hold", "--from", "alice", "--to", "shop", "--amount", "0", "--currency", "EUR",
                "--bootstrap", NOWHERE), "--amount must be at least 1");
        assertUsage(tally("hold", "--from", "alice", "--to", "shop", "--amount", "5", "--currency", "EUR",
                "--expires-in", "400d", "--bootstrap", NOWHERE), "--expires-in");
        assertUsage(tally("hold", "--from", "alice", "--to", "shop", "--amount", "5", "--currency", "EUR",
                "--expires-in", "1500ms", "--bootstrap", NOWHERE), "--expires-in must be whole seconds");
        assertUsage(tally("hold", "--from", "alice", "--to", "shop", "--amount", "5", "--currency", "EUR",
                "--expires-in", "9000h", "--bootstrap", NOWHERE), "--expires-in must be whole seconds from 1 s to 365");
    }

    /** post and void need a UUID PENDING_ID; post's amount and the optional debit account are checked. */
    @Test
    void postAndVoidNameTheirBadArguments() {
        assertUsage(tally("post", "not-a-uuid", "--bootstrap", NOWHERE), "PENDING_ID", "not a UUID");
        assertUsage(tally("void", "--bootstrap", NOWHERE), "PENDING_ID");
        String id = CommandId.random().toString();
        assertUsage(tally("post", id, "--amount", "-3", "--bootstrap", NOWHERE), "--amount must be at least 1");
        assertUsage(tally("post", id, "--debit-account", "no way", "--bootstrap", NOWHERE),
                "--debit-account must be", "'no way'");
        assertUsage(tally("void", id, "--debit-account", "", "--bootstrap", NOWHERE), "--debit-account must be");
    }

    /** close names a bad ACCOUNT. */
    @Test
    void closeNamesABadAccount() {
        assertUsage(tally("close", "alice!", "--bootstrap", NOWHERE), "ACCOUNT must be", "'alice!'");
    }

    /** --leg reads FROM,TO,AMOUNT,CURRENCY[,REFERENCE]; the reference keeps its commas. */
    @Test
    void legOptionsAreReadInOrder() {
        LinkedTransfers linked = LinkedCommand.fromOptions(CommandId.random(),
                List.of("alice,shop,9800,EUR,order-7, paid", "alice,fees,200,EUR", "a:b@c,d.e,1,USD,"));
        assertThat(linked.legs()).hasSize(3);
        assertThat(linked.legs().get(0).reference()).isEqualTo("order-7, paid");
        assertThat(linked.legs().get(1).creditAccountId().value()).isEqualTo("fees");
        assertThat(linked.legs().get(1).reference()).isNull();
        assertThat(linked.legs().get(2).debitAccountId().value()).isEqualTo("a:b@c");
        assertThat(linked.legs().get(2).reference()).isNull();
    }

    /** A bad --leg is named by its place and part; --leg and --legs-file exclude each other, one is required. */
    @Test
    void aBadLegIsNamedByItsPlace() {
        assertUsage(tally("linked", "--leg", "alice,shop,5,EUR", "--leg", "alice,shop,five,EUR",
                "--bootstrap", NOWHERE), "--leg #2 AMOUNT must be a whole number", "'five'");
        assertUsage(tally("linked", "--leg", "alice,shop,5", "--bootstrap", NOWHERE),
                "--leg #1 must be FROM,TO,AMOUNT,CURRENCY[,REFERENCE]");
        assertUsage(tally("linked", "--leg", "alice,shop!,5,EUR", "--bootstrap", NOWHERE), "--leg #1 TO must be");
        assertUsage(tally("linked", "--leg", "alice,shop,0,EUR", "--bootstrap", NOWHERE),
                "--leg #1 AMOUNT must be at least 1");
        assertUsage(tally("linked", "--leg", "alice,shop,5,euro", "--bootstrap", NOWHERE), "--leg #1 CURRENCY");
        assertUsage(tally("linked", "--bootstrap", NOWHERE), "--leg", "--legs-file");
        assertThatThrownBy(() -> LinkedCommand.fromOptions(CommandId.random(),
                java.util.Collections.nCopies(101, "a,b,1,EUR")))
                .isInstanceOf(CliException.class).hasMessageContaining("at most 100 legs");
    }

    /** --legs-file takes the contract's leg array or a whole linked command; its errors name the leg's field. */
    @Test
    void legsFileIsReadWithTheContractsFieldRules() throws Exception {
        Path array = Files.writeString(files.resolve("legs.json"), """
                [{"debit_account_id":"alice","credit_account_id":"shop","amount":9800,"currency":"EUR",
                  "reference":"order-7"},
                 {"debit_account_id":"alice","credit_account_id":"fees","amount":200,"currency":"EUR"}]
                """, UTF_8);
        LinkedTransfers fromArray = LinkedCommand.fromFile(CommandId.random(), array);
        assertThat(fromArray.legs()).extracting(LinkedTransfers.Leg::amount).containsExactly(9800L, 200L);

        Path command = Files.writeString(files.resolve("command.json"), """
                {"type":"linked_transfers","id":"00000000-0000-0000-0000-000000000001","transfers":[
                 {"debit_account_id":"alice","credit_account_id":"shop","amount":1,"currency":"EUR"}]}
                """, UTF_8);
        CommandId id = CommandId.random();
        LinkedTransfers fromCommand = LinkedCommand.fromFile(id, command);
        assertThat(fromCommand.id()).as("the file's id is ignored; --id or a new one is used").isEqualTo(id);
        assertThat(fromCommand.legs()).hasSize(1);

        Path badAmount = Files.writeString(files.resolve("bad.json"), """
                [{"debit_account_id":"alice","credit_account_id":"shop","amount":5,"currency":"EUR"},
                 {"debit_account_id":"alice","credit_account_id":"shop","amount":1.5,"currency":"EUR"}]
                """, UTF_8);
        assertUsage(tally("linked", "--legs-file", badAmount.toString(), "--bootstrap", NOWHERE),
                "--legs-file", "transfers[1].amount");
        Path notJson = Files.writeString(files.resolve("not.json"), "legs", UTF_8);
        assertUsage(tally("linked", "--legs-file", notJson.toString(), "--bootstrap", NOWHERE), "is not JSON");
        Path object = Files.writeString(files.resolve("object.json"), "{\"legs\":[]}", UTF_8);
        assertUsage(tally("linked", "--legs-file", object.toString(), "--bootstrap", NOWHERE),
                "must hold an array of legs");
        assertUsage(tally("linked", "--legs-file", files.resolve("missing.json").toString(), "--bootstrap", NOWHERE),
                "cannot be read");
        assertUsage(tally("linked", "--leg", "a,b,1,EUR", "--legs-file", array.toString(), "--bootstrap", NOWHERE),
                "mutually exclusive");
    }

    /** statement checks ACCOUNT, --limit and --worker-url before asking the worker; no worker is exit code 2. */
    @Test
    void statementNamesItsBadArguments() {
        assertUsage(tally("statement", "no way"), "ACCOUNT must be");
        assertUsage(tally("statement", "alice", "--limit", "0"), "--limit must be 1 to 1000");
        assertUsage(tally("statement", "alice", "--limit", "1001"), "--limit must be 1 to 1000");
        assertUsage(tally("statement", "alice", "--worker-url", "localhost"), "--worker-url must be an http(s) URL");
        assertUsage(tally("statement", "alice", "--worker-url", "http://127.0.0.1:1", "--connect-timeout", "1s"),
                "cannot reach the worker at http://127.0.0.1:1");
    }

    /** The load's new shares are fractions, and with the others they cannot exceed the whole. */
    @Test
    void loadHoldAndLinkedSharesAreChecked() {
        assertUsage(tally("load", "--hold-share", "1.5"), "--hold-share must be between 0 and 1");
        assertUsage(tally("load", "--linked-share", "-0.1"), "--linked-share must be between 0 and 1");
        assertUsage(tally("load", "--hold-share", "0.6", "--linked-share", "0.5"), "add up to more than 1");
        assertUsage(tally("load", "--post-share", "0.8", "--void-share", "0.3"),
                "--post-share and --void-share add up to more than 1");
        assertUsage(tally("load", "--hold-expiry", "1500ms"), "--hold-expiry must be whole seconds");
    }
}
