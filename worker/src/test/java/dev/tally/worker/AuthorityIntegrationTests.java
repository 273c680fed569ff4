package dev.tally.worker;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.ClientTopics;
import dev.tally.contracts.CloseAccount;
import dev.tally.contracts.Command;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.LinkedTransfers;
import dev.tally.contracts.LinkedTransfersResult;
import dev.tally.contracts.OpenAccount;
import dev.tally.contracts.OpenAccountResult;
import dev.tally.contracts.ParsedRecord;
import dev.tally.contracts.PendingResolutionResult;
import dev.tally.contracts.PostPending;
import dev.tally.contracts.Reason;
import dev.tally.contracts.Result;
import dev.tally.contracts.Status;
import dev.tally.contracts.Transfer;
import dev.tally.contracts.TransferResult;
import dev.tally.contracts.VoidPending;
import dev.tally.worker.ledger.Ledger;
import dev.tally.worker.ledger.RecordSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Contract v1.2's authority rules on the real database, driven through the ledger with records from the operator's
 * topic ({@code tally.commands}) and from clients' topics ({@code tally.client.<name>.commands}), each rule and its
 * hostile uses: a client may move only its own money, and learns nothing of accounts and holds it does not own.
 */
class AuthorityIntegrationTests extends WorkerIntegrationTest {

    private static final String OPERATOR = null;
    private static final String SHOP_A = "shop-a";
    private static final String SHOP_B = "shop-b";
    // Offsets grow across the class's tests, which share the topics' partition rows.
    private static final AtomicLong OFFSETS = new AtomicLong();

    private Ledger ledger;

    @Autowired
    void trustTallyCommandsAsTheOperators(Ledger ledger) {
        // The contract's topic names, whatever prefix this test JVM's workers read clients' topics under.
        this.ledger = ledger.withTopics("tally.commands", ClientTopics.PREFIX);
    }

    // ------------------------------------------------------------------------------------------------- openings

    @Test
    void clientOpensAnAccountUnderItsOwnPrefixOwnedByItAndRecordsWhoAsked() {
        // A client's opening of "shop-a:..." is applied, the account is owned by shop-a, the result says so, and the
        // principal is recorded in command_ids and account_openings.
        AccountId wallet = clientAccount(SHOP_A);
        OpenAccount open = OpenAccount.bounded(CommandId.random(), wallet, "EUR", 0);

        OpenAccountResult result = (OpenAccountResult) send(SHOP_A, open);

        assertThat(result.applied()).as("%s", result).isTrue();
        assertThat(result.owner()).isEqualTo(SHOP_A);
        assertThat(owner(wallet)).isEqualTo(SHOP_A);
        assertThat(principalOf(open.id())).isEqualTo(SHOP_A);
        assertThat(jdbc.sql("SELECT principal FROM account_openings WHERE id = ?").param(open.id().value())
                .query(String.class).single()).isEqualTo(SHOP_A);
    }

    @Test
    void refusesAClientOpeningOutsideItsPrefixOrWithOverdraftOrUnboundedAndWritesNoAccount() {
        // Each refused opening is NOT_PERMITTED with a detail naming the rule, and no account row appears.
        AccountId foreignPrefix = new AccountId("shop-b:" + newAccount("w").value());
        AccountId overdrawn = clientAccount(SHOP_A);
        AccountId funding = clientAccount(SHOP_A);

        Result prefix = send(SHOP_A, OpenAccount.bounded(CommandId.random(), foreignPrefix, "EUR", 0));
        Result overdraft = send(SHOP_A, OpenAccount.bounded(CommandId.random(), overdrawn, "EUR", 100));
        Result unbounded = send(SHOP_A, OpenAccount.unbounded(CommandId.random(), funding, "EUR"));

        assertNotPermitted(prefix, "start with its name");
        assertNotPermitted(overdraft, "overdraft");
        assertNotPermitted(unbounded, "unbounded");
        assertThat(exists(foreignPrefix)).isFalse();
        assertThat(exists(overdrawn)).isFalse();
        assertThat(exists(funding)).isFalse();
    }

    @Test
    void refusesAClientOpeningThatNamesAnotherClientAsOwner() {
        // Hostile: shop-a opens an account under its own prefix but names shop-b as owner (to plant an account on
        // it); refused, nothing written.
        AccountId planted = clientAccount(SHOP_A);

        Result result = send(SHOP_A, OpenAccount.bounded(CommandId.random(), planted, "EUR", 0).ownedBy(SHOP_B));

        assertNotPermitted(result, "owner");
        assertThat(exists(planted)).isFalse();
    }

    @Test
    void operatorOpensAnOverdraftAccountForAClientWhichTheClientMayThenDebit() {
        // The operator's deliberate grant: any id, an owner named, an overdraft; the client then spends into it.
        AccountId credit = newAccount("credit-line");
        AccountId payee = openedBy(OPERATOR);
        Result opened = send(OPERATOR, OpenAccount.bounded(CommandId.random(), credit, "EUR", 500).ownedBy(SHOP_A));

        Result spent = send(SHOP_A, new Transfer(CommandId.random(), credit, payee, 300, "EUR", null));

        assertThat(opened.applied()).as("%s", opened).isTrue();
        assertThat(((OpenAccountResult) opened).owner()).isEqualTo(SHOP_A);
        assertThat(owner(credit)).isEqualTo(SHOP_A);
        assertThat(spent.applied()).as("%s", spent).isTrue();
        assertThat(balance(credit)).isEqualTo(-300);
    }

    @Test
    void answersAnOpeningOfAnAccountItDoesNotOwnAsAccountExistsWithoutDetail() {
        // An account under shop-a's prefix that the operator owns (opened before v1.2, say), or granted to shop-b:
        // shop-a learns only that the id is taken, nothing of its currency, limit or owner.
        AccountId old = new AccountId(SHOP_A + ":" + newAccount("old").value());
        AccountId granted = new AccountId(SHOP_A + ":" + newAccount("granted").value());
        assertThat(send(OPERATOR, OpenAccount.bounded(CommandId.random(), old, "EUR", 0)).applied()).isTrue();
        assertThat(send(OPERATOR, OpenAccount.bounded(CommandId.random(), granted, "EUR", 0).ownedBy(SHOP_B))
                .applied()).isTrue();

        Result reopened = send(SHOP_A, OpenAccount.bounded(CommandId.random(), old, "EUR", 0));
        Result regranted = send(SHOP_A, OpenAccount.bounded(CommandId.random(), granted, "USD", 0));

        assertThat(reopened.reason()).isEqualTo(Reason.ACCOUNT_EXISTS);
        assertThat(reopened.detail()).isNull();
        assertThat(regranted.reason()).isEqualTo(Reason.ACCOUNT_EXISTS);
        assertThat(regranted.detail()).isNull();
        assertThat(owner(old)).isNull();
        assertThat(owner(granted)).isEqualTo(SHOP_B);
    }

    // ------------------------------------------------------------------------------------------------ transfers

    @Test
    void refusesAClientDebitOfAnAccountItDoesNotOwnAndChangesNoRow() {
        // shop-b debits shop-a's funded wallet: NOT_PERMITTED, no balance, version or journal figure changes.
        AccountId wallet = fundedBy(SHOP_A, 100);
        AccountId thief = openedBy(SHOP_B);
        long version = version(wallet);

        Result result = send(SHOP_B, new Transfer(CommandId.random(), wallet, thief, 50, "EUR", null));

        assertNotPermitted(result, "debit only its own");
        assertThat(((TransferResult) result).debitBalance()).isNull();
        assertThat(result.detail()).doesNotContain("100");
        assertThat(balance(wallet)).isEqualTo(100);
        assertThat(version(wallet)).isEqualTo(version);
        assertThat(balance(thief)).isZero();
    }

    @Test
    void letsAClientPayAnyAccountButShowsItOnlyItsOwnBalance() {
        // A payment into shop-b's account is applied; shop-a's result carries its own balance, not shop-b's, while
        // the journal keeps both (the operator's figures are unchanged).
        AccountId wallet = fundedBy(SHOP_A, 100);
        AccountId payee = openedBy(SHOP_B);
        Transfer pay = new Transfer(CommandId.random(), wallet, payee, 30, "EUR", "order-1");

        TransferResult result = (TransferResult) send(SHOP_A, pay);

        assertThat(result.applied()).as("%s", result).isTrue();
        assertThat(result.debitBalance()).isEqualTo(70);
        assertThat(result.creditBalance()).isNull();
        assertThat(jdbc.sql("SELECT credit_balance FROM transfers WHERE id = ?").param(pay.id().value())
                .query(Long.class).single()).isEqualTo(30);
        assertThat(jdbc.sql("SELECT principal FROM transfers WHERE id = ?").param(pay.id().value())
                .query(String.class).single()).isEqualTo(SHOP_A);
    }

    @Test
    void findsAMissingDebitAccountBeforeAuthority() {
        // The order of checks: a debit account that does not exist is DEBIT_ACCOUNT_NOT_FOUND, for anyone.
        AccountId ghost = clientAccount(SHOP_B);

        Result result = send(SHOP_A, new Transfer(CommandId.random(), ghost, openedBy(SHOP_A), 1, "EUR", null));

        assertThat(result.reason()).isEqualTo(Reason.DEBIT_ACCOUNT_NOT_FOUND);
    }

    @Test
    void refusesALinkedChainWhoseSecondLegDebitsAForeignAccountAndAppliesNoLeg() {
        // Hostile: leg 0 moves shop-b's own money into its account, leg 1 drains shop-a's wallet; nothing moves and
        // failed_leg names leg 1.
        AccountId victim = fundedBy(SHOP_A, 100);
        AccountId own = fundedBy(SHOP_B, 100);
        AccountId sink = openedBy(SHOP_B);
        LinkedTransfers chain = new LinkedTransfers(CommandId.random(), List.of(
                new LinkedTransfers.Leg(own, sink, 10, "EUR", null),
                new LinkedTransfers.Leg(victim, sink, 100, "EUR", null)));

        LinkedTransfersResult result = (LinkedTransfersResult) send(SHOP_B, chain);

        assertNotPermitted(result, "debit only its own");
        assertThat(result.failedLeg()).isEqualTo(1);
        assertThat(balance(victim)).isEqualTo(100);
        assertThat(balance(own)).isEqualTo(100);
        assertThat(balance(sink)).isZero();
    }

    @Test
    void showsAClientOnlyItsOwnFiguresOfAnAppliedLinkedChain() {
        // Legs crediting another's account carry no credit figure in the client's result.
        AccountId own = fundedBy(SHOP_A, 100);
        AccountId ownSavings = openedBy(SHOP_A);
        AccountId shop = openedBy(SHOP_B);

        LinkedTransfersResult result = (LinkedTransfersResult) send(SHOP_A, new LinkedTransfers(CommandId.random(),
                List.of(new LinkedTransfers.Leg(own, ownSavings, 10, "EUR", null),
                        new LinkedTransfers.Leg(own, shop, 20, "EUR", null))));

        assertThat(result.applied()).as("%s", result).isTrue();
        assertThat(result.legs()).containsExactly(new LinkedTransfersResult.LegBalances(90L, 10L),
                new LinkedTransfersResult.LegBalances(70L, null));
    }

    // ---------------------------------------------------------------------------------------------------- holds

    @Test
    void refusesAClientsPostOfAnotherClientsHoldAndEchoesNothingOfIt() {
        // Hostile: shop-b posts shop-a's hold that credits shop-b; NOT_PERMITTED, no account, amount or currency
        // of the hold echoed, and the hold stays pending.
        AccountId wallet = fundedBy(SHOP_A, 100);
        AccountId shop = openedBy(SHOP_B);
        TransferResult hold = (TransferResult) send(SHOP_A, Transfer.pending(CommandId.random(), wallet, shop, 60,
                "EUR", null, null));

        PendingResolutionResult post = (PendingResolutionResult) send(SHOP_B,
                new PostPending(CommandId.random(), hold.id(), null));

        assertNotPermitted(post, "sender of a pending transfer");
        assertThat(post.debitAccountId()).isNull();
        assertThat(post.creditAccountId()).isNull();
        assertThat(post.amount()).isNull();
        assertThat(post.currency()).isNull();
        assertThat(balance(shop)).isZero();
        assertThat(holdState(hold.id())).isEqualTo("PENDING");
    }

    @Test
    void showsNoForeignFigureThroughAHoldAndItsVoid() {
        // Hostile: shop-b holds 1 from its own account for shop-a's wallet, then voids it, to read the wallet's
        // balance; neither result carries a figure of the wallet.
        AccountId wallet = fundedBy(SHOP_A, 100);
        AccountId probe = fundedBy(SHOP_B, 10);
        TransferResult hold = (TransferResult) send(SHOP_B, Transfer.pending(CommandId.random(), probe, wallet, 1,
                "EUR", null, null));
        PendingResolutionResult released = (PendingResolutionResult) send(SHOP_B,
                new VoidPending(CommandId.random(), hold.id()));

        assertThat(hold.applied()).as("%s", hold).isTrue();
        assertThat(hold.debitBalance()).isEqualTo(10);
        assertThat(hold.creditBalance()).isNull();
        assertThat(released.applied()).as("%s", released).isTrue();
        assertThat(released.creditBalance()).isNull();
        assertThat(released.debitBalance()).isEqualTo(10);
    }

    @Test
    void letsTheCreditedOwnerVoidAHoldThatWouldBlockItsClose() {
        // shop-b's hold credits shop-a's empty account, which therefore cannot close; shop-a voids it (as the
        // credited account's owner, seeing only its own figure) and closes the account. shop-a may not post it.
        AccountId account = openedBy(SHOP_A);
        AccountId payer = fundedBy(SHOP_B, 50);
        TransferResult hold = (TransferResult) send(SHOP_B, Transfer.pending(CommandId.random(), payer, account, 50,
                "EUR", null, null));
        assertThat(send(SHOP_A, new CloseAccount(CommandId.random(), account)).reason())
                .isEqualTo(Reason.ACCOUNT_HAS_PENDING);

        Result post = send(SHOP_A, new PostPending(CommandId.random(), hold.id(), null));
        PendingResolutionResult released = (PendingResolutionResult) send(SHOP_A,
                new VoidPending(CommandId.random(), hold.id()));
        Result closed = send(SHOP_A, new CloseAccount(CommandId.random(), account));

        assertNotPermitted(post, "sender");
        assertThat(released.applied()).as("%s", released).isTrue();
        assertThat(released.debitBalance()).isNull();
        assertThat(released.creditBalance()).isZero();
        assertThat(closed.applied()).as("%s", closed).isTrue();
        assertThat(balance(payer)).isEqualTo(50);
    }

    @Test
    void refusesAClientsCloseOfAnAccountItDoesNotOwn() {
        AccountId account = openedBy(SHOP_A);

        Result result = send(SHOP_B, new CloseAccount(CommandId.random(), account));

        assertNotPermitted(result, "close only its own");
        assertThat(jdbc.sql("SELECT closed FROM accounts WHERE id = ?").param(account.value()).query(Boolean.class)
                .single()).isFalse();
    }

    @Test
    void treatsAccountsAndHoldsFromBeforeClientsAsTheOperators() {
        // An account and a hold with no owner or sender (as every one before v1.2): no client may debit, close, post
        // or void them; the operator still may.
        AccountId old = fundedBy(OPERATOR, 100);
        AccountId payee = openedBy(SHOP_A);
        TransferResult hold = (TransferResult) send(OPERATOR, Transfer.pending(CommandId.random(), old, payee, 10,
                "EUR", null, null));

        assertNotPermitted(send(SHOP_A, new Transfer(CommandId.random(), old, payee, 1, "EUR", null)), "debit");
        assertNotPermitted(send(SHOP_A, new CloseAccount(CommandId.random(), old)), "close");
        assertNotPermitted(send(SHOP_A, new PostPending(CommandId.random(), hold.id(), null)), "sender");
        Result operatorPost = send(OPERATOR, new PostPending(CommandId.random(), hold.id(), null));

        assertThat(operatorPost.applied()).as("%s", operatorPost).isTrue();
        assertThat(((PendingResolutionResult) operatorPost).creditBalance()).isEqualTo(10);
    }

    // ---------------------------------------------------------------------------------------------- one id space

    @Test
    void answersAReplayOfAnotherClientsIdAsNotPermittedWithNothingOfTheFirstDecision() {
        // Hostile: shop-b resends shop-a's payment id (as if to learn its outcome): a replay, REJECTED,
        // NOT_PERMITTED, no field of shop-a's decision, nothing recorded; the operator reusing it gets the outcome.
        AccountId wallet = fundedBy(SHOP_A, 100);
        AccountId payee = openedBy(SHOP_A);
        Transfer pay = new Transfer(CommandId.random(), wallet, payee, 40, "EUR", null);
        Result first = send(SHOP_A, pay);

        Result stolen = send(SHOP_B, pay);
        Result operator = send(OPERATOR, pay);
        Result own = send(SHOP_A, pay);

        assertThat(stolen.replay()).isTrue();
        assertThat(stolen.status()).isEqualTo(Status.REJECTED);
        assertThat(stolen.reason()).isEqualTo(Reason.NOT_PERMITTED);
        TransferResult echoed = (TransferResult) stolen;
        assertThat(echoed.debitAccountId()).isNull();
        assertThat(echoed.amount()).isNull();
        assertThat(echoed.debitBalance()).isNull();
        assertThat(principalOf(pay.id())).isEqualTo(SHOP_A);
        assertThat(operator).isEqualTo(first.withReplay(true));
        assertThat(((TransferResult) operator).creditBalance()).isEqualTo(40);
        assertThat(own.replay()).isTrue();
        assertThat(((TransferResult) own).debitBalance()).isEqualTo(60);
        assertThat(balance(wallet)).isEqualTo(60);
    }

    @Test
    void refusesEveryRecordFromATopicOfNobodysAndRecordsNothing() {
        // A topic that is neither the operator's nor a client's is never treated as the operator.
        AccountId account = newAccount("nobody");
        OpenAccount open = OpenAccount.unbounded(CommandId.random(), account, "EUR");

        Result result = ledger.apply(new ParsedRecord.Valid(open),
                new RecordSource("tally.clients.shop-a.commands", 0, OFFSETS.incrementAndGet()));

        assertNotPermitted(result, "neither");
        assertThat(exists(account)).isFalse();
        assertThat(jdbc.sql("SELECT count(*) FROM command_ids WHERE id = ?").param(open.id().value())
                .query(Long.class).single()).isZero();
    }

    // --------------------------------------------------------------------------------------------------- helpers

    private Result send(String client, Command command) {
        String topic = client == null ? "tally.commands" : ClientTopics.commands(client);
        return ledger.apply(new ParsedRecord.Valid(command), new RecordSource(topic, 0, OFFSETS.incrementAndGet()));
    }

    private static AccountId clientAccount(String client) {
        return new AccountId(client + ":" + newAccount("w").value());
    }

    private AccountId openedBy(String client) {
        AccountId id = client == null ? newAccount("op") : clientAccount(client);
        Result opened = send(client, OpenAccount.bounded(CommandId.random(), id, "EUR", 0));
        assertThat(opened.applied()).as("%s", opened).isTrue();
        return id;
    }

    /** An account of {@code client}'s, funded by the operator from a funding account. */
    private AccountId fundedBy(String client, long amount) {
        AccountId bank = newAccount("bank");
        assertThat(send(OPERATOR, OpenAccount.unbounded(CommandId.random(), bank, "EUR")).applied()).isTrue();
        AccountId id = openedBy(client);
        assertThat(send(OPERATOR, new Transfer(CommandId.random(), bank, id, amount, "EUR", null)).applied()).isTrue();
        return id;
    }

    private static void assertNotPermitted(Result result, String rule) {
        assertThat(result.status()).as("%s", result).isEqualTo(Status.REJECTED);
        assertThat(result.reason()).as("%s", result).isEqualTo(Reason.NOT_PERMITTED);
        assertThat(result.detail()).contains(rule);
    }

    private String owner(AccountId id) {
        // NULL (the operator) is a value here, which single() would refuse.
        return jdbc.sql("SELECT owner FROM accounts WHERE id = ?").param(id.value()).query(String.class).list().get(0);
    }

    private boolean exists(AccountId id) {
        return jdbc.sql("SELECT count(*) FROM accounts WHERE id = ?").param(id.value()).query(Long.class).single() > 0;
    }

    private long version(AccountId id) {
        return jdbc.sql("SELECT version FROM accounts WHERE id = ?").param(id.value()).query(Long.class).single();
    }

    private String principalOf(CommandId id) {
        return jdbc.sql("SELECT principal FROM command_ids WHERE id = ?").param(id.value()).query(String.class)
                .single();
    }

    private String holdState(CommandId id) {
        return jdbc.sql("SELECT state FROM holds WHERE id = ?").param(id.value()).query(String.class).single();
    }
}
