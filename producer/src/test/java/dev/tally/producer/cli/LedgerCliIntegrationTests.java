package dev.tally.producer.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.tally.contracts.CloseAccountResult;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.CommandType;
import dev.tally.contracts.LinkedTransfersResult;
import dev.tally.contracts.PendingResolutionResult;
import dev.tally.contracts.PostPending;
import dev.tally.contracts.TransferResult;
import dev.tally.producer.client.LedgerCommands;
import dev.tally.producer.client.TransferClient;
import dev.tally.producer.cli.WorkerCli.Run;
import dev.tally.producer.testing.RunningWorker;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static dev.tally.producer.cli.WorkerCli.tally;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tally hold}, {@code post}, {@code void}, {@code linked}, {@code close} and {@code statement}, run in-process
 * against the real worker (its jar, as a child process), broker and database: what each prints, its exit code, and
 * what the book of record holds afterwards; and the {@code TransferClient} methods they are built on. Then a load
 * mixing holds and linked transfers that {@code tally verify} finds sound, and books corrupted behind the worker's
 * back that it finds unsound, naming the new invariant.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LedgerCliIntegrationTests {

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

    /** The account's balance, pending debits and pending credits in the book of record. */
    private static long[] book(String account) throws SQLException {
        try (Connection connection = worker.services().dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT balance, pending_debits, pending_credits FROM accounts WHERE id = ?")) {
            statement.setString(1, account);
            try (ResultSet row = statement.executeQuery()) {
                assertThat(row.next()).as("account " + account).isTrue();
                return new long[] {row.getLong(1), row.getLong(2), row.getLong(3)};
            }
        }
    }

    /**
     * A card authorisation captured for less: the hold moves no balance and raises the pending totals; the post
     * (its key found from the hold's result) moves 4,200 and releases the rest; a second post is rejected.
     */
    @Test
    @Order(1)
    void holdThenPostForLessMovesOnlyThePostedAmount() throws Exception {
        String alice = cli.openFunded("alice", 10_000);
        String shop = cli.openFunded("shop", 0);

        Run hold = cli.kafka("hold", "--from", alice, "--to", shop, "--amount", "5000", "--currency", "EUR",
                "--expires-in", "1h", "--json");
        assertThat(hold.exitCode()).as(hold.err()).isZero();
        assertThat(hold.json().get("pending").asBoolean()).isTrue();
        assertThat(hold.json().get("expires_at").isNull()).isFalse();
        String holdId = hold.json().get("id").asString();
        assertThat(book(alice)).containsExactly(10_000, 5_000, 0);
        assertThat(book(shop)).containsExactly(0, 0, 5_000);
        assertThat(cli.database("balance", alice).out()).contains(alice + "  10000 EUR  (floor 0)  available 5000, "
                + "held 5000 out, 0 in");
        JsonNode balance = JSON.readTree(cli.database("balance", shop, "--json").out());
        assertThat(balance.get("pending_credits").asLong()).isEqualTo(5_000);
        assertThat(balance.get("available").asLong()).isZero();

        Run post = cli.kafka("post", holdId, "--amount", "4200");
        assertThat(post.exitCode()).as(post.err()).isZero();
        assertThat(post.out()).startsWith("APPLIED").contains("post_pending", "pending " + holdId, "moved 4200 EUR",
                alice + " 5800", shop + " 4200");
        assertThat(book(alice)).containsExactly(5_800, 0, 0);
        assertThat(book(shop)).containsExactly(4_200, 0, 0);

        Run again = cli.kafka("post", holdId, "--debit-account", alice, "--json");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.json().get("reason").asString()).isEqualTo("PENDING_TRANSFER_ALREADY_POSTED");
    }

    /**
     * A void releases the hold without moving money; voiding again is rejected; posting an id that is no hold is
     * PENDING_TRANSFER_NOT_FOUND, and without --debit-account the CLI says it cannot find the hold.
     */
    @Test
    @Order(2)
    void voidReleasesTheHoldAndUnknownHoldsAreNamed() throws Exception {
        String carol = cli.openFunded("carol", 1_000);
        Run hold = cli.kafka("hold", "--from", carol, "--to", bank, "--amount", "700", "--currency", "EUR", "--json");
        assertThat(hold.exitCode()).as(hold.err()).isZero();
        String holdId = hold.json().get("id").asString();

        Run release = cli.kafka("void", holdId);
        assertThat(release.exitCode()).as(release.err()).isZero();
        assertThat(release.out()).startsWith("APPLIED").contains("void_pending", "released 700 EUR");
        assertThat(book(carol)).containsExactly(1_000, 0, 0);

        Run twice = cli.kafka("void", holdId, "--json");
        assertThat(twice.exitCode()).isEqualTo(1);
        assertThat(twice.json().get("reason").asString()).isEqualTo("PENDING_TRANSFER_ALREADY_VOIDED");

        String nothing = CommandId.random().toString();
        Run unknown = cli.kafka("post", nothing, "--debit-account", carol, "--json");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.json().get("reason").asString()).isEqualTo("PENDING_TRANSFER_NOT_FOUND");

        Run unfound = cli.kafka("void", nothing, "--timeout", "3s");
        assertThat(unfound.exitCode()).isEqualTo(2);
        assertThat(unfound.err()).contains("no decision on PENDING_ID " + nothing, "--debit-account")
                .doesNotContain("\tat ");
    }

    /**
     * A purchase with a fee, from repeated --leg: both legs applied with their balances. A chain read from a file
     * whose second leg cannot be paid is rejected naming that leg, and no balance moved.
     */
    @Test
    @Order(3)
    void linkedTransfersApplyEveryLegOrNone() throws Exception {
        String dave = cli.openFunded("dave", 10_000);
        String shop = cli.openFunded("shop", 0);
        String fees = cli.openFunded("fees", 0);

        Run purchase = cli.kafka("linked", "--leg", dave + "," + shop + ",9800,EUR,order-7",
                "--leg", dave + "," + fees + ",200,EUR");
        assertThat(purchase.exitCode()).as(purchase.err()).isZero();
        assertThat(purchase.out()).startsWith("APPLIED").contains("linked_transfers", "2 legs", "200/9800", "0/200");
        assertThat(book(dave)[0]).isZero();

        Path chain = Files.writeString(files.resolve("chain.json"), """
                [{"debit_account_id":"%s","credit_account_id":"%s","amount":100,"currency":"EUR"},
                 {"debit_account_id":"%s","credit_account_id":"%s","amount":100000,"currency":"EUR"}]
                """.formatted(shop, fees, fees, shop), UTF_8);
        Run rejected = cli.kafka("linked", "--legs-file", chain.toString(), "--json");
        assertThat(rejected.exitCode()).isEqualTo(1);
        assertThat(rejected.json().get("reason").asString()).isEqualTo("INSUFFICIENT_FUNDS");
        assertThat(rejected.json().get("failed_leg").asInt()).isEqualTo(1);
        assertThat(book(shop)[0]).isEqualTo(9_800);
        assertThat(book(fees)[0]).isEqualTo(200);
    }

    /**
     * Closing: refused while the account holds money, applied once it is empty (and again, changing nothing), and a
     * closed account refuses credits.
     */
    @Test
    @Order(4)
    void closeNeedsAnEmptyAccountAndAClosedAccountTakesNoMoney() {
        String erin = cli.openFunded("erin", 300);
        Run full = cli.kafka("close", erin, "--json");
        assertThat(full.exitCode()).isEqualTo(1);
        assertThat(full.json().get("reason").asString()).isEqualTo("ACCOUNT_NOT_EMPTY");

        assertThat(cli.kafka("transfer", "--from", erin, "--to", bank, "--amount", "300", "--currency", "EUR")
                .exitCode()).isZero();
        Run closed = cli.kafka("close", erin);
        assertThat(closed.exitCode()).as(closed.err()).isZero();
        assertThat(closed.out()).startsWith("APPLIED").contains("close_account", erin + " closed");
        assertThat(cli.kafka("close", erin).exitCode()).as("closing again is applied").isZero();
        assertThat(cli.database("balance", erin).out()).contains("available 0, held 0 out, 0 in, closed");

        Run credit = cli.kafka("transfer", "--from", bank, "--to", erin, "--amount", "1", "--currency", "EUR",
                "--json");
        assertThat(credit.exitCode()).isEqualTo(1);
        assertThat(credit.json().get("reason").asString()).isEqualTo("CREDIT_ACCOUNT_CLOSED");
    }

    /**
     * The statement lists a transfer, a posted hold and a leg in decision order with the balance after each, page
     * by page; --json prints the read API's pages; an unknown account exits 1.
     */
    @Test
    @Order(5)
    void statementPagesTheMovementsInDecisionOrder() throws Exception {
        String frank = cli.openFunded("frank", 1_000);
        String shop = cli.openFunded("shop", 0);
        Run hold = cli.kafka("hold", "--from", frank, "--to", shop, "--amount", "300", "--currency", "EUR", "--json");
        assertThat(cli.kafka("post", hold.json().get("id").asString()).exitCode()).isZero();
        assertThat(cli.kafka("linked", "--leg", frank + "," + shop + ",50,EUR,coffee").exitCode()).isZero();

        String url = worker.httpUrl();
        Run onePage = tally("statement", frank, "--limit", "2", "--worker-url", url);
        assertThat(onePage.exitCode()).as(onePage.err()).isZero();
        List<String> rows = onePage.out().lines().toList();
        assertThat(rows).hasSize(4);
        assertThat(rows.get(1)).contains("transfer", "from " + bank, "+1000 EUR", "1000");
        assertThat(rows.get(2)).contains("post_pending", "to " + shop, "-300 EUR", "700");
        assertThat(rows.get(3)).startsWith("more: --after ");

        Run all = tally("statement", frank, "--limit", "2", "--all", "--worker-url", url);
        assertThat(all.out().lines().toList()).hasSize(4).last().asString()
                .contains("linked_transfers", " #0", "-50 EUR", "650", "coffee");

        Run json = tally("statement", frank, "--limit", "1", "--all", "--json", "--worker-url", url);
        List<Long> balances = new ArrayList<>();
        json.out().lines().map(JSON::readTree)
                .forEach(page -> page.get("movements").forEach(m -> balances.add(m.get("balance_after").asLong())));
        assertThat(balances).containsExactly(1_000L, 700L, 650L);

        Run missing = tally("statement", worker.newAccount("nobody"), "--worker-url", url);
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("does not exist");
    }

    /**
     * The client's own methods: a hold posted for less from its result, one voided, one posted by id alone (the
     * client finds the hold's debit account), linked legs, and a closing; each future completes with its typed result.
     */
    @Test
    @Order(6)
    void theClientsMethodsCompleteWithTypedResults() throws Exception {
        String heidi = cli.openFunded("heidi", 1_000);
        String shop = cli.openFunded("shop", 0);
        try (TransferClient client = worker.clientBuilder().build()) {
            TransferResult hold = client.hold(heidi, shop, 500, "EUR", Duration.ofMinutes(10)).get(60, SECONDS);
            assertThat(hold.applied()).as(hold.detail()).isTrue();
            assertThat(hold.pending()).isTrue();
            assertThat(hold.expiresAt()).isEqualTo(hold.decidedAt().plusSeconds(600));
            PendingResolutionResult posted = client.post(hold, 120).get(60, SECONDS);
            assertThat(posted.applied()).as(posted.detail()).isTrue();
            assertThat(posted.amount()).isEqualTo(120);
            assertThat(posted.debitBalance()).isEqualTo(880);

            TransferResult second = client.hold(heidi, shop, 80, "EUR", null).get(60, SECONDS);
            assertThat(second.expiresAt()).isNull();
            PendingResolutionResult voided = client.voidHold(second).get(60, SECONDS);
            assertThat(voided.type()).isEqualTo(CommandType.VOID_PENDING);
            assertThat(voided.applied()).isTrue();

            TransferResult third = client.hold(heidi, shop, 80, "EUR", null).get(60, SECONDS);
            PostPending byId = LedgerCommands.post(CommandId.random(), third.id(), null);
            PendingResolutionResult postedById = client.resolve(byId).get(60, SECONDS);
            assertThat(postedById.id()).isEqualTo(byId.id());
            assertThat(postedById.amount()).isEqualTo(80);
            assertThat(postedById.debitAccountId().value()).isEqualTo(heidi);

            LinkedTransfersResult linked = client.linked(List.of(LedgerCommands.leg(heidi, shop, 700, "EUR", null),
                    LedgerCommands.leg(heidi, shop, 101, "EUR", "one more than is left"))).get(60, SECONDS);
            assertThat(linked.applied()).isFalse();
            assertThat(linked.failedLeg()).isEqualTo(1);
            assertThat(linked.reason().code()).isEqualTo("INSUFFICIENT_FUNDS");

            CloseAccountResult close = client.closeAccount(heidi).get(60, SECONDS);
            assertThat(close.reason().code()).isEqualTo("ACCOUNT_NOT_EMPTY");
        }
        assertThat(book(heidi)).containsExactly(800, 0, 0);
    }

    /**
     * A load mixing holds (posted, voided, left to expire after a second) and linked transfers, with duplicates and
     * built-to-fail chains, then verify: every invariant holds, the new ones included.
     */
    @Test
    @Order(7)
    void loadWithHoldsAndLinkedTransfersKeepsEveryInvariant() throws Exception {
        Path report = files.resolve("load.json");
        Run load = cli.kafka("load", "--accounts", "10", "--count", "300", "--concurrency", "30",
                "--initial-balance", "2000", "--max-amount", "300", "--hold-share", "0.3", "--linked-share", "0.2",
                "--reject-share", "0.1", "--duplicate-share", "0.05", "--hold-expiry", "1s",
                "--report", report.toString());
        System.out.println(load.err() + load.out());
        assertThat(load.exitCode()).as(load.out() + load.err()).isZero();
        assertThat(load.out()).contains("holds_sent", "posts_sent", "voids_sent", "linked_sent");
        List<String> kinds = new ArrayList<>();
        JSON.readTree(report.toFile()).get("commands").forEach(c -> kinds.add(c.get("kind").asString()));
        assertThat(kinds).contains("hold", "post", "void", "linked", "reject");

        Run verified = cli.verify("--report", report.toString());
        System.out.println(verified.out());
        assertThat(verified.exitCode()).as(verified.out() + verified.err()).isZero();
        assertThat(verified.out()).contains("OK        pending-totals", "OK        holds-resolved-once",
                "OK        posted-within-held", "OK        linked-all-or-nothing", "OK        closed-untouched",
                "OK        applied-once", "OK        order", "OK        debit-authority",
                "all 13 invariants hold");
    }

    /**
     * Books broken behind the worker's back: a posted hold made pending again breaks pending-totals,
     * holds-resolved-once and posted-within-held (its post no longer agrees with it); a linked command claiming one
     * more leg than it recorded breaks linked-all-or-nothing; a closed account reopened breaks closed-untouched.
     */
    @Test
    @Order(8)
    void verifyCatchesBrokenHoldsAndLinkedCommands() throws Exception {
        String grace = cli.openFunded("grace", 1_000);
        Run hold = cli.kafka("hold", "--from", grace, "--to", bank, "--amount", "400", "--currency", "EUR", "--json");
        String holdId = hold.json().get("id").asString();
        assertThat(cli.kafka("post", holdId).exitCode()).isZero();
        Run linked = cli.kafka("linked", "--leg", grace + "," + bank + ",10,EUR", "--json");
        String linkedId = linked.json().get("id").asString();
        String ivan = cli.openFunded("ivan", 0);
        assertThat(cli.kafka("close", ivan).exitCode()).isZero();
        assertThat(cli.verify().exitCode()).isZero();

        java.util.UUID hid = java.util.UUID.fromString(holdId);
        assertThat(worker.update("UPDATE holds SET state = 'PENDING', posted_amount = NULL WHERE id = ?", hid))
                .isEqualTo(1);
        java.util.UUID lid = java.util.UUID.fromString(linkedId);
        assertThat(worker.update("UPDATE linked_transfers SET leg_count = leg_count + 1 WHERE id = ?", lid))
                .isEqualTo(1);
        assertThat(worker.update("UPDATE accounts SET closed = false WHERE id = ?", ivan)).isEqualTo(1);
        try {
            Run run = cli.verify();
            System.out.println(run.out());
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.out()).contains("VIOLATED  pending-totals", grace + " (pending debits 0",
                    "VIOLATED  holds-resolved-once", holdId + " (state PENDING, 1 applied posts",
                    "VIOLATED  linked-all-or-nothing", linkedId + " (APPLIED with 1 legs recorded of 2)",
                    "VIOLATED  posted-within-held",
                    "(posted 400 of hold " + holdId + ", which held 400 and records null",
                    "VIOLATED  closed-untouched", ivan + " (closed flag false, but an applied closing)",
                    "OK        conservation", "OK        reconciliation");
        } finally {
            worker.update("UPDATE holds SET state = 'POSTED', posted_amount = amount WHERE id = ?", hid);
            worker.update("UPDATE linked_transfers SET leg_count = leg_count - 1 WHERE id = ?", lid);
            worker.update("UPDATE accounts SET closed = true WHERE id = ?", ivan);
        }
        assertThat(cli.verify().exitCode()).isZero();
    }

    /**
     * Contract v1.2: a linked command's leg recorded as sent by a client that does not own its debit account (the
     * operator's, here) breaks debit-authority, which names the leg, the account, its owner and the sender.
     */
    @Test
    @Order(9)
    void verifyCatchesADebitSentByAClientThatDoesNotOwnTheAccount() throws Exception {
        String judy = cli.openFunded("judy", 100);
        Run linked = cli.kafka("linked", "--leg", judy + "," + bank + ",10,EUR", "--json");
        String linkedId = linked.json().get("id").asString();
        assertThat(cli.verify().out()).contains("OK        debit-authority");

        java.util.UUID lid = java.util.UUID.fromString(linkedId);
        assertThat(worker.update("UPDATE linked_transfers SET principal = 'mallory' WHERE id = ?", lid))
                .isEqualTo(1);
        try {
            Run run = cli.verify();
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.out()).contains("VIOLATED  debit-authority",
                    "leg " + linkedId + " leg 0 (debited " + judy + ", owned by the operator, sent by client mallory)");
        } finally {
            worker.update("UPDATE linked_transfers SET principal = NULL WHERE id = ?", lid);
        }
        assertThat(cli.verify().exitCode()).isZero();
    }
}
