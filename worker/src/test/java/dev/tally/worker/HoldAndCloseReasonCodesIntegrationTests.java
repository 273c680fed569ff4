package dev.tally.worker;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.CloseAccount;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every new outcome of contract v1.1 (holds, posts, voids, linked transfers, closing), each published through Kafka
 * to the running worker and read back from the results topic, with the book of record checked. (The expiry of a
 * hold is driven by an injected clock in {@link HoldsLedgerIntegrationTests}.)
 */
class HoldAndCloseReasonCodesIntegrationTests extends WorkerIntegrationTest {

    @Test
    void capturesACardAuthorisationForLessAndReleasesTheRest() {
        // A hold of 5000 lowers alice's available balance only; posting 4200 moves 4200 and releases all 5000.
        AccountId alice = openFunded("alice", 10_000);
        AccountId shop = open("shop", "EUR", 0);
        Transfer hold = Transfer.pending(CommandId.random(), alice, shop, 5000, "EUR", "auth-1", 3600L);

        TransferResult held = (TransferResult) decide(hold);

        assertThat(held.applied()).isTrue();
        assertThat(held.pending()).isTrue();
        assertThat(held.expiresAt()).isEqualTo(held.decidedAt().plusSeconds(3600));
        assertThat(held.debitBalance()).isEqualTo(10_000);
        assertThat(pending(alice, "pending_debits")).isEqualTo(5000);
        assertThat(pending(shop, "pending_credits")).isEqualTo(5000);

        PendingResolutionResult posted = (PendingResolutionResult) decide(
                new PostPending(CommandId.random(), hold.id(), 4200L), alice);

        assertThat(posted.applied()).isTrue();
        assertThat(posted.pendingId()).isEqualTo(hold.id());
        assertThat(posted.amount()).isEqualTo(4200);
        assertThat(posted.debitBalance()).isEqualTo(5800);
        assertThat(posted.creditBalance()).isEqualTo(4200);
        assertThat(balance(alice)).isEqualTo(5800);
        assertThat(pending(alice, "pending_debits")).isZero();
        assertThat(pending(shop, "pending_credits")).isZero();
    }

    @Test
    void movesAPurchaseAndItsFeeTogether() {
        // Two linked legs from one account: both apply, each leg's balances are those right after it.
        AccountId alice = openFunded("alice", 10_000);
        AccountId shop = open("shop", "EUR", 0);
        AccountId fees = open("fees", "EUR", 0);

        LinkedTransfersResult result = (LinkedTransfersResult) decide(new LinkedTransfers(CommandId.random(),
                List.of(new LinkedTransfers.Leg(alice, shop, 9800, "EUR", "order-7"),
                        new LinkedTransfers.Leg(alice, fees, 200, "EUR", null))));

        assertThat(result.applied()).isTrue();
        assertThat(result.legs()).containsExactly(new LinkedTransfersResult.LegBalances(200, 9800),
                new LinkedTransfersResult.LegBalances(0, 200));
        assertThat(balance(alice)).isZero();
    }

    @Test
    void rejectsPostOfAnIdThatIsNoHoldAsPendingTransferNotFound() {
        // A post naming an id never decided, or a plain transfer's id, finds no pending transfer.
        AccountId alice = openFunded("alice", 100);
        AccountId bob = open("bob", "EUR", 0);
        Transfer plain = new Transfer(CommandId.random(), alice, bob, 10, "EUR", null);
        assertThat(decide(plain).applied()).isTrue();

        Result unknown = decide(new PostPending(CommandId.random(), CommandId.random(), null), alice);
        Result notAHold = decide(new VoidPending(CommandId.random(), plain.id()), alice);

        assertRejected(unknown, Reason.PENDING_TRANSFER_NOT_FOUND);
        assertRejected(notAHold, Reason.PENDING_TRANSFER_NOT_FOUND);
        assertThat(balance(alice)).isEqualTo(90);
    }

    @Test
    void rejectsASecondPostAsPendingTransferAlreadyPosted() {
        // A hold moves money once: the second post (a new id) is refused and nothing moves again.
        AccountId alice = openFunded("alice", 100);
        AccountId bob = open("bob", "EUR", 0);
        Transfer hold = Transfer.pending(CommandId.random(), alice, bob, 60, "EUR", null, null);
        assertThat(decide(hold).applied()).isTrue();
        assertThat(decide(new PostPending(CommandId.random(), hold.id(), null), alice).applied()).isTrue();

        Result again = decide(new PostPending(CommandId.random(), hold.id(), null), alice);
        Result voided = decide(new VoidPending(CommandId.random(), hold.id()), alice);

        assertRejected(again, Reason.PENDING_TRANSFER_ALREADY_POSTED);
        assertRejected(voided, Reason.PENDING_TRANSFER_ALREADY_POSTED);
        assertThat(balance(alice)).isEqualTo(40);
        assertThat(balance(bob)).isEqualTo(60);
    }

    @Test
    void rejectsAPostAfterAVoidAsPendingTransferAlreadyVoided() {
        // A voided hold released its money; neither a post nor a second void can use it.
        AccountId alice = openFunded("alice", 100);
        AccountId bob = open("bob", "EUR", 0);
        Transfer hold = Transfer.pending(CommandId.random(), alice, bob, 60, "EUR", null, 600L);
        assertThat(decide(hold).applied()).isTrue();
        PendingResolutionResult released = (PendingResolutionResult) decide(
                new VoidPending(CommandId.random(), hold.id()), alice);
        assertThat(released.applied()).isTrue();
        assertThat(released.amount()).isEqualTo(60);

        assertRejected(decide(new PostPending(CommandId.random(), hold.id(), 1L), alice),
                Reason.PENDING_TRANSFER_ALREADY_VOIDED);
        assertRejected(decide(new VoidPending(CommandId.random(), hold.id()), alice),
                Reason.PENDING_TRANSFER_ALREADY_VOIDED);
        assertThat(balance(alice)).isEqualTo(100);
        assertThat(pending(alice, "pending_debits")).isZero();
    }

    @Test
    void rejectsAPostAboveTheHeldAmountAsExceedsPendingAmount() {
        // A capture cannot take more than was authorised; the hold stays as it was.
        AccountId alice = openFunded("alice", 100);
        AccountId bob = open("bob", "EUR", 0);
        Transfer hold = Transfer.pending(CommandId.random(), alice, bob, 60, "EUR", null, null);
        assertThat(decide(hold).applied()).isTrue();

        Result result = decide(new PostPending(CommandId.random(), hold.id(), 61L), alice);

        assertRejected(result, Reason.EXCEEDS_PENDING_AMOUNT);
        assertThat(pending(alice, "pending_debits")).isEqualTo(60);
        assertThat(balance(alice)).isEqualTo(100);
    }

    @Test
    void refusesToSpendHeldMoneyTwiceAsInsufficientFunds() {
        // The floor applies to the available balance: with 60 of 100 held, a debit of 50 is refused.
        AccountId alice = openFunded("alice", 100);
        AccountId bob = open("bob", "EUR", 0);
        assertThat(decide(Transfer.pending(CommandId.random(), alice, bob, 60, "EUR", null, null)).applied()).isTrue();

        Result result = decide(new Transfer(CommandId.random(), alice, bob, 50, "EUR", null));

        assertRejected(result, Reason.INSUFFICIENT_FUNDS);
        assertThat(result.detail()).isEqualTo(alice + " has 40 available (balance 100, pending debits 60), needs 50");
        assertRejected(decide(Transfer.pending(CommandId.random(), alice, bob, 41, "EUR", null, null)),
                Reason.INSUFFICIENT_FUNDS);
    }

    @Test
    void rejectsClosingAnAccountWithABalanceAsAccountNotEmpty() {
        // Money must leave an account before it can be closed.
        AccountId alice = openFunded("alice", 5);

        Result result = decide(new CloseAccount(CommandId.random(), alice));

        assertRejected(result, Reason.ACCOUNT_NOT_EMPTY);
        assertThat(closed(alice)).isFalse();
    }

    @Test
    void rejectsClosingAnAccountWithALiveHoldAsAccountHasPending() {
        // A live hold on either side keeps an account open, even at balance 0; voiding it lets the close through.
        AccountId alice = openFunded("alice", 100);
        AccountId shop = open("shop", "EUR", 0);
        Transfer hold = Transfer.pending(CommandId.random(), alice, shop, 60, "EUR", null, null);
        assertThat(decide(hold).applied()).isTrue();

        assertRejected(decide(new CloseAccount(CommandId.random(), shop)), Reason.ACCOUNT_HAS_PENDING);
        assertThat(decide(new VoidPending(CommandId.random(), hold.id()), alice).applied()).isTrue();
        assertThat(decide(new CloseAccount(CommandId.random(), shop)).applied()).isTrue();
        assertThat(closed(shop)).isTrue();
    }

    @Test
    void rejectsClosingAnUnknownAccountAsAccountNotFound() {
        // An account that was never opened cannot be closed.
        assertRejected(decide(new CloseAccount(CommandId.random(), newAccount("ghost"))), Reason.ACCOUNT_NOT_FOUND);
    }

    @Test
    void rejectsEveryDebitOfAClosedAccountAsDebitAccountClosed() {
        // After closing, a transfer, a hold and a linked leg from the account are refused; closing again is
        // applied and changes nothing; opening it again is ACCOUNT_EXISTS.
        AccountId alice = open("alice", "EUR", 0);
        AccountId bob = openFunded("bob", 10);
        assertThat(decide(new CloseAccount(CommandId.random(), alice)).applied()).isTrue();

        assertRejected(decide(new Transfer(CommandId.random(), alice, bob, 1, "EUR", null)),
                Reason.DEBIT_ACCOUNT_CLOSED);
        assertRejected(decide(Transfer.pending(CommandId.random(), alice, bob, 1, "EUR", null, null)),
                Reason.DEBIT_ACCOUNT_CLOSED);
        LinkedTransfersResult linked = (LinkedTransfersResult) decide(new LinkedTransfers(CommandId.random(), List.of(
                new LinkedTransfers.Leg(bob, alice, 1, "EUR", null))));
        assertRejected(linked, Reason.CREDIT_ACCOUNT_CLOSED);
        assertThat(linked.failedLeg()).isZero();
        assertThat(decide(new CloseAccount(CommandId.random(), alice)).applied()).isTrue();
        assertRejected(decide(OpenAccount.bounded(CommandId.random(), alice, "EUR", 0)), Reason.ACCOUNT_EXISTS);
        assertThat(balance(bob)).isEqualTo(10);
    }

    @Test
    void rejectsEveryCreditToAClosedAccountAsCreditAccountClosed() {
        // Money cannot enter a closed account, by transfer or hold.
        AccountId alice = openFunded("alice", 10);
        AccountId bob = open("bob", "EUR", 0);
        assertThat(decide(new CloseAccount(CommandId.random(), bob)).applied()).isTrue();

        assertRejected(decide(new Transfer(CommandId.random(), alice, bob, 1, "EUR", null)),
                Reason.CREDIT_ACCOUNT_CLOSED);
        assertRejected(decide(Transfer.pending(CommandId.random(), alice, bob, 1, "EUR", null, null)),
                Reason.CREDIT_ACCOUNT_CLOSED);
        assertThat(balance(alice)).isEqualTo(10);
        assertThat(balance(bob)).isZero();
    }

    private long pending(AccountId id, String column) {
        return jdbc.sql("SELECT " + column + " FROM accounts WHERE id = ?").param(id.value()).query(Long.class)
                .single();
    }

    private boolean closed(AccountId id) {
        return jdbc.sql("SELECT closed FROM accounts WHERE id = ?").param(id.value()).query(Boolean.class).single();
    }

    private static void assertRejected(Result result, Reason reason) {
        assertThat(result.status()).as("%s", result).isEqualTo(Status.REJECTED);
        assertThat(result.reason()).isEqualTo(reason);
        assertThat(result.replay()).isFalse();
        assertThat(result.detail()).isNotBlank();
    }
}
