package dev.tally.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.CloseAccount;
import dev.tally.contracts.Command;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.LinkedTransfers;
import dev.tally.contracts.LinkedTransfersResult;
import dev.tally.contracts.OpenAccount;
import dev.tally.contracts.PendingResolutionResult;
import dev.tally.contracts.PostPending;
import dev.tally.contracts.Reason;
import dev.tally.contracts.Result;
import dev.tally.contracts.Status;
import dev.tally.contracts.Transfer;
import dev.tally.contracts.TransferResult;
import dev.tally.contracts.VoidPending;
import dev.tally.testkit.KafkaTopics;
import dev.tally.testkit.TallyServices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Contract v1.2's authority rules end to end: each rule's command published on a client's own commands topic, decided
 * by the running worker, answered on that client's results topic only, and checked against the database. The
 * per-rule edge cases live in {@link AuthorityIntegrationTests} (the ledger alone); this class shows that the worker
 * takes the sender from the topic a record came on. Two clients, shop-a and shop-b, on topics under a prefix of the
 * class's own (as {@link ClientTopicsIntegrationTests} does), picked up once for all tests.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = "tally.worker.clients.recheck-interval=1s")
@DirtiesContext
class AuthorityOverKafkaIntegrationTests {

    /** The contract's promise for a new client; paid once, by the first test. */
    private static final Duration PICK_UP = Duration.ofSeconds(30);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String TOPIC_PREFIX = KafkaTopics.unique("authority");
    private static final List<WorkerHarness> HARNESSES = new ArrayList<>();
    private static WorkerHarness operator;
    private static WorkerHarness shopA;
    private static WorkerHarness shopB;
    private static AccountId bank;

    @Autowired
    private JdbcClient jdbc;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        TallyServices services = TallyServices.get();
        WorkerIntegrationTest.registerWorker(registry, TOPIC_PREFIX, services::jdbcUrl, services::jdbcUser,
                services::jdbcPassword, services::kafkaBootstrap);
    }

    @BeforeEach
    void startClientsOnce() {
        if (operator != null) {
            return;
        }
        operator = harness(WorkerHarness.forPrefix(bootstrap(), TOPIC_PREFIX));
        shopA = harness(WorkerHarness.forClient(bootstrap(), TOPIC_PREFIX, "shop-a", 1));
        shopB = harness(WorkerHarness.forClient(bootstrap(), TOPIC_PREFIX, "shop-b", 1));
        bank = new AccountId("bank-" + UUID.randomUUID());
        assertApplied(decide(operator, OpenAccount.unbounded(CommandId.random(), bank, "EUR")));
        // Both clients' first commands at once, so that the worker's look for new topics is waited for only once.
        OpenAccount a = OpenAccount.bounded(CommandId.random(), clientAccount("shop-a"), "EUR", 0);
        OpenAccount b = OpenAccount.bounded(CommandId.random(), clientAccount("shop-b"), "EUR", 0);
        shopA.send(a);
        shopB.send(b);
        await().atMost(PICK_UP).until(() -> !shopA.results(a.id()).isEmpty() && !shopB.results(b.id()).isEmpty());
    }

    @AfterAll
    static void stopHarnesses() {
        HARNESSES.forEach(WorkerHarness::close);
    }

    // ------------------------------------------------------------------------------------------------- openings

    @Test
    void refusesAClientsOpeningOutsideItsPrefixUnboundedWithOverdraftOrForAnotherOwner() {
        AccountId foreignPrefix = new AccountId("shop-b:" + UUID.randomUUID());
        AccountId unbounded = clientAccount("shop-a");
        AccountId overdrawn = clientAccount("shop-a");
        AccountId planted = clientAccount("shop-a");

        assertNotPermitted(decide(shopA, OpenAccount.bounded(CommandId.random(), foreignPrefix, "EUR", 0)),
                "start with its name");
        assertNotPermitted(decide(shopA, OpenAccount.unbounded(CommandId.random(), unbounded, "EUR")), "unbounded");
        assertNotPermitted(decide(shopA, OpenAccount.bounded(CommandId.random(), overdrawn, "EUR", 100)),
                "overdraft");
        assertNotPermitted(decide(shopA, OpenAccount.bounded(CommandId.random(), planted, "EUR", 0)
                .ownedBy("shop-b")), "owner");
        for (AccountId id : List.of(foreignPrefix, unbounded, overdrawn, planted)) {
            assertThat(jdbc.sql("SELECT count(*) FROM accounts WHERE id = ?").param(id.value()).query(Long.class)
                    .single()).as("account %s", id).isZero();
        }
    }

    @Test
    void letsAClientDebitTheAccountTheOperatorOpenedForIt() {
        AccountId granted = clientAccount("shop-b");
        AccountId payee = openedBy(operator, new AccountId("op-" + UUID.randomUUID()));

        assertApplied(decide(operator, OpenAccount.bounded(CommandId.random(), granted, "EUR", 500)
                .ownedBy("shop-b")));
        Result spent = decide(shopB, new Transfer(CommandId.random(), granted, payee, 300, "EUR", null));

        assertApplied(spent);
        assertThat(owner(granted)).isEqualTo("shop-b");
        assertThat(balance(granted)).isEqualTo(-300);
    }

    // ------------------------------------------------------------------------------------------------ transfers

    @Test
    void refusesAClientsDebitOfAnotherClientsAccountPlainOrPendingAndChangesNothing() {
        AccountId wallet = funded("shop-a", 100);
        AccountId thief = openedBy(shopB, clientAccount("shop-b"));
        long version = version(wallet);

        TransferResult plain = (TransferResult) decide(shopB,
                new Transfer(CommandId.random(), wallet, thief, 50, "EUR", null));
        TransferResult pending = (TransferResult) decide(shopB,
                Transfer.pending(CommandId.random(), wallet, thief, 50, "EUR", null, null));

        for (TransferResult refused : List.of(plain, pending)) {
            assertNotPermitted(refused, "debit only its own");
            assertThat(refused.debitBalance()).isNull();
            assertThat(refused.creditBalance()).isNull();
            assertThat(refused.detail()).doesNotContain("100");
        }
        assertThat(balance(wallet)).isEqualTo(100);
        assertThat(version(wallet)).isEqualTo(version);
        assertThat(balance(thief)).isZero();
        // A rejected pending transfer is journalled with no state: it holds nothing.
        assertThat(jdbc.sql("SELECT count(*) FROM holds WHERE id = ? AND state IS NOT NULL")
                .param(pending.id().value()).query(Long.class).single()).isZero();
    }

    @Test
    void refusesALinkedChainWhoseSecondLegDebitsAForeignAccountAndAppliesNoLeg() {
        AccountId victim = funded("shop-a", 100);
        AccountId own = funded("shop-b", 100);
        AccountId sink = openedBy(shopB, clientAccount("shop-b"));

        LinkedTransfersResult result = (LinkedTransfersResult) decide(shopB, new LinkedTransfers(CommandId.random(),
                List.of(new LinkedTransfers.Leg(own, sink, 10, "EUR", null),
                        new LinkedTransfers.Leg(victim, sink, 100, "EUR", null))));

        assertNotPermitted(result, "debit only its own");
        assertThat(result.failedLeg()).isEqualTo(1);
        assertThat(balance(victim)).isEqualTo(100);
        assertThat(balance(own)).isEqualTo(100);
        assertThat(balance(sink)).isZero();
    }

    @Test
    void showsAPayingClientItsOwnBalanceButNotThePayees() {
        AccountId wallet = funded("shop-a", 100);
        AccountId payee = openedBy(shopB, clientAccount("shop-b"));

        TransferResult result = (TransferResult) decide(shopA,
                new Transfer(CommandId.random(), wallet, payee, 30, "EUR", "order-1"));

        assertApplied(result);
        assertThat(result.debitBalance()).isEqualTo(70);
        assertThat(result.creditBalance()).isNull();
        assertThat(balance(payee)).isEqualTo(30);
        assertThat(shopB.results(result.id())).as("the payee's topic").isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------- holds

    @Test
    void refusesAClientsPostOfAnotherClientsHoldAndEchoesNothingOfIt() {
        AccountId wallet = funded("shop-a", 100);
        AccountId shop = openedBy(shopB, clientAccount("shop-b"));
        Result hold = decide(shopA, Transfer.pending(CommandId.random(), wallet, shop, 60, "EUR", null, null));
        assertApplied(hold);

        PendingResolutionResult post = (PendingResolutionResult) decide(shopB,
                new PostPending(CommandId.random(), hold.id(), null), wallet);

        assertNotPermitted(post, "sender of a pending transfer");
        assertThat(post.debitAccountId()).isNull();
        assertThat(post.creditAccountId()).isNull();
        assertThat(post.amount()).isNull();
        assertThat(post.currency()).isNull();
        assertThat(holdState(hold.id())).isEqualTo("PENDING");
        assertThat(balance(shop)).isZero();
    }

    @Test
    void letsTheCreditedAccountsOwnerVoidAHoldAndRefusesAStranger() {
        AccountId payer = funded("shop-a", 100);
        AccountId credited = openedBy(shopB, clientAccount("shop-b"));
        AccountId other = openedBy(shopA, clientAccount("shop-a"));
        Result first = decide(shopA, Transfer.pending(CommandId.random(), payer, credited, 40, "EUR", null, null));
        Result second = decide(shopA, Transfer.pending(CommandId.random(), payer, other, 40, "EUR", null, null));
        assertApplied(first);
        assertApplied(second);

        PendingResolutionResult byOwner = (PendingResolutionResult) decide(shopB,
                new VoidPending(CommandId.random(), first.id()), payer);
        PendingResolutionResult byStranger = (PendingResolutionResult) decide(shopB,
                new VoidPending(CommandId.random(), second.id()), payer);

        assertApplied(byOwner);
        assertThat(byOwner.debitBalance()).as("the payer's figure").isNull();
        assertThat(byOwner.creditBalance()).isZero();
        assertThat(holdState(first.id())).isEqualTo("VOIDED");
        assertNotPermitted(byStranger, "owner of the account it credits");
        assertThat(byStranger.debitBalance()).isNull();
        assertThat(byStranger.creditBalance()).isNull();
        assertThat(holdState(second.id())).isEqualTo("PENDING");
    }

    @Test
    void refusesAClientsCloseOfAnotherClientsAccount() {
        AccountId account = openedBy(shopA, clientAccount("shop-a"));
        long version = version(account);

        assertNotPermitted(decide(shopB, new CloseAccount(CommandId.random(), account)), "close only its own");

        assertThat(jdbc.sql("SELECT closed FROM accounts WHERE id = ?").param(account.value()).query(Boolean.class)
                .single()).isFalse();
        assertThat(version(account)).isEqualTo(version);
    }

    // ---------------------------------------------------------------------------------------------- one id space

    @Test
    void answersAReplayOfAnotherClientsCommandIdAsNotPermittedWithNothingOfTheFirstDecision() {
        AccountId wallet = funded("shop-a", 100);
        AccountId payee = openedBy(shopA, clientAccount("shop-a"));
        Transfer pay = new Transfer(CommandId.random(), wallet, payee, 40, "EUR", null);
        assertApplied(decide(shopA, pay));

        TransferResult stolen = (TransferResult) decide(shopB, pay);

        assertThat(stolen.replay()).isTrue();
        assertNotPermitted(stolen, "decided for another sender");
        assertThat(stolen.debitAccountId()).isNull();
        assertThat(stolen.creditAccountId()).isNull();
        assertThat(stolen.amount()).isNull();
        assertThat(stolen.debitBalance()).isNull();
        assertThat(stolen.creditBalance()).isNull();
        assertThat(jdbc.sql("SELECT principal FROM command_ids WHERE id = ?").param(pay.id().value())
                .query(String.class).list()).as("one row, shop-a's").containsExactly("shop-a");
        assertThat(balance(wallet)).isEqualTo(60);
        assertThat(shopA.results(pay.id())).as("shop-a's topic holds only its own answer").singleElement()
                .matches(result -> !result.replay());
    }

    // --------------------------------------------------------------------------------------------------- helpers

    /** Publishes the command on the sender's commands topic and returns the answer to it on its results topic. */
    private static Result decide(WorkerHarness sender, Command command) {
        return decide(sender, command, command.orderingKey());
    }

    /** As {@link #decide(WorkerHarness, Command)}, keyed by {@code key} (a post or void names no account). */
    private static Result decide(WorkerHarness sender, Command command, AccountId key) {
        // A replay is answered again under the same id, so the answer to this send is the one after those before it.
        int before = sender.results(command.id()).size();
        sender.send(command, key);
        await().atMost(TIMEOUT).until(() -> sender.results(command.id()).size() > before);
        return sender.results(command.id()).get(before);
    }

    private static AccountId clientAccount(String client) {
        return new AccountId(client + ":" + UUID.randomUUID().toString().substring(0, 13));
    }

    private static AccountId openedBy(WorkerHarness sender, AccountId id) {
        assertApplied(decide(sender, OpenAccount.bounded(CommandId.random(), id, "EUR", 0)));
        return id;
    }

    /** An account the client opened itself, funded by the operator from the class's bank. */
    private static AccountId funded(String client, long amount) {
        AccountId id = openedBy(client.equals("shop-a") ? shopA : shopB, clientAccount(client));
        assertApplied(decide(operator, new Transfer(CommandId.random(), bank, id, amount, "EUR", null)));
        return id;
    }

    private static void assertApplied(Result result) {
        assertThat(result.applied()).as("%s", result).isTrue();
    }

    private static void assertNotPermitted(Result result, String rule) {
        assertThat(result.status()).as("%s", result).isEqualTo(Status.REJECTED);
        assertThat(result.reason()).as("%s", result).isEqualTo(Reason.NOT_PERMITTED);
        assertThat(result.detail()).as("%s", result).contains(rule);
    }

    private String owner(AccountId id) {
        return jdbc.sql("SELECT owner FROM accounts WHERE id = ?").param(id.value()).query(String.class).list().get(0);
    }

    private long balance(AccountId id) {
        return jdbc.sql("SELECT balance FROM accounts WHERE id = ?").param(id.value()).query(Long.class).single();
    }

    private long version(AccountId id) {
        return jdbc.sql("SELECT version FROM accounts WHERE id = ?").param(id.value()).query(Long.class).single();
    }

    private String holdState(CommandId id) {
        return jdbc.sql("SELECT state FROM holds WHERE id = ?").param(id.value()).query(String.class).single();
    }

    private static WorkerHarness harness(WorkerHarness harness) {
        HARNESSES.add(harness);
        return harness;
    }

    private static String bootstrap() {
        return TallyServices.get().kafkaBootstrap();
    }
}
