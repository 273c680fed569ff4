package dev.tally.worker.transfer;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.LinkedTransfers;
import dev.tally.contracts.LinkedTransfersResult.LegBalances;
import dev.tally.contracts.PostPending;
import dev.tally.contracts.Reason;
import dev.tally.contracts.Transfer;
import dev.tally.worker.account.AccountRow;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The v1.1 decisions as plain functions: holds in {@link TransferDecision}, posts and voids in
 * {@link PendingDecision}, linked transfers in {@link LinkedDecision}. No database, no Kafka.
 */
class HoldDecisionsTests {

    private static final AccountId ALICE = new AccountId("alice");
    private static final AccountId BOB = new AccountId("bob");
    private static final AccountId CAROL = new AccountId("carol");
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private static final CommandId HOLD_ID = CommandId.random();

    @Test
    void appliesAHoldThatFitsTheAvailableBalanceWithoutMovingBalances() {
        // A hold leaves both balances as they are; the caller raises the pending totals.
        Decision decision = TransferDecision.decide(hold(60), row(ALICE, 100, 30), row(BOB, 5, 0));

        assertThat(decision).isEqualTo(new Decision.Applied(100, 5));
    }

    @Test
    void rejectsADebitOrHoldBeyondTheAvailableBalanceAsInsufficientFunds() {
        // With 30 of 100 held, 71 is one too many for a plain debit and for a hold alike.
        AccountRow alice = row(ALICE, 100, 30);

        assertThat(reason(TransferDecision.decide(plain(71), alice, row(BOB, 0, 0))))
                .isEqualTo(Reason.INSUFFICIENT_FUNDS);
        assertThat(reason(TransferDecision.decide(hold(71), alice, row(BOB, 0, 0))))
                .isEqualTo(Reason.INSUFFICIENT_FUNDS);
        assertThat(TransferDecision.decide(plain(70), alice, row(BOB, 0, 0))).isEqualTo(new Decision.Applied(30, 70));
    }

    @Test
    void rejectsAHoldWhosePendingTotalWouldOverflowAsBalanceOverflow() {
        // An unbounded account has no floor, but its pending debits stay within 64 bits.
        AccountRow funding = new AccountRow(ALICE, "EUR", 0, null, 0, Long.MAX_VALUE - 5, 0, false);

        assertThat(reason(TransferDecision.decide(hold(6), funding, row(BOB, 0, 0))))
                .isEqualTo(Reason.BALANCE_OVERFLOW);
    }

    @Test
    void rejectsClosedAccountsAfterExistenceAndBeforeCurrency() {
        // Closed accounts are named before a currency mismatch would be.
        AccountRow closed = new AccountRow(ALICE, "USD", 0, 0L, 0, 0, 0, true);

        assertThat(reason(TransferDecision.decide(plain(1), closed, row(BOB, 0, 0))))
                .isEqualTo(Reason.DEBIT_ACCOUNT_CLOSED);
        assertThat(reason(TransferDecision.decide(new Transfer(CommandId.random(), BOB, ALICE, 1, "EUR", null),
                row(BOB, 10, 0), closed))).isEqualTo(Reason.CREDIT_ACCOUNT_CLOSED);
    }

    @Test
    void postsLessThanHeldAndReleasesTheWholeHold() {
        // Posting 42 of 50: 42 moves, the whole 50 leaves the pending totals.
        Resolution resolution = PendingDecision.decide(HOLD_ID, post(42L), live(50), row(ALICE, 100, 50),
                row(BOB, 0, 0), NOW);

        assertThat(resolution).isEqualTo(new Resolution.Applied(42, 50, 58, 42));
    }

    @Test
    void postsTheWholeHoldWhenTheAmountIsAbsent() {
        assertThat(PendingDecision.decide(HOLD_ID, post(null), live(50), row(ALICE, 100, 50), row(BOB, 0, 0), NOW))
                .isEqualTo(new Resolution.Applied(50, 50, 50, 50));
    }

    @Test
    void voidsMovingNothing() {
        assertThat(PendingDecision.decide(HOLD_ID, null, live(50), row(ALICE, 100, 50), row(BOB, 7, 0), NOW))
                .isEqualTo(new Resolution.Applied(0, 50, 100, 7));
    }

    @Test
    void rejectsPostsInTigerBeetlesOrder() {
        // Not found, already posted, already voided, expired (at expires_at exactly), then the amount.
        assertThat(reason(PendingDecision.decide(HOLD_ID, post(1L), null, null, null, NOW)))
                .isEqualTo(Reason.PENDING_TRANSFER_NOT_FOUND);
        assertThat(reason(PendingDecision.decide(HOLD_ID, post(99L), live(50).withState(HoldRow.State.POSTED),
                row(ALICE, 0, 0), row(BOB, 0, 0), NOW))).isEqualTo(Reason.PENDING_TRANSFER_ALREADY_POSTED);
        assertThat(reason(PendingDecision.decide(HOLD_ID, null, live(50).withState(HoldRow.State.VOIDED),
                row(ALICE, 0, 0), row(BOB, 0, 0), NOW))).isEqualTo(Reason.PENDING_TRANSFER_ALREADY_VOIDED);
        HoldRow expiring = new HoldRow(HOLD_ID, ALICE, BOB, 50, "EUR", NOW, HoldRow.State.PENDING);
        assertThat(reason(PendingDecision.decide(HOLD_ID, post(99L), expiring, row(ALICE, 100, 50), row(BOB, 0, 0),
                NOW))).isEqualTo(Reason.PENDING_TRANSFER_EXPIRED);
        assertThat(reason(PendingDecision.decide(HOLD_ID, post(99L), expiring, row(ALICE, 100, 50), row(BOB, 0, 0),
                NOW.minusMillis(1)))).isEqualTo(Reason.EXCEEDS_PENDING_AMOUNT);
    }

    @Test
    void decidesLinkedLegsOnTheRowsTheEarlierLegsLeft() {
        // bob can pay carol only with what leg 0 gave him; each leg reports the balances it left.
        LinkedDecision.Outcome outcome = LinkedDecision.decide(linked(leg(ALICE, BOB, 10), leg(BOB, CAROL, 10)),
                Map.of(ALICE, row(ALICE, 10, 0), BOB, row(BOB, 0, 0), CAROL, row(CAROL, 0, 0)));

        assertThat(outcome).isInstanceOf(LinkedDecision.Applied.class);
        LinkedDecision.Applied applied = (LinkedDecision.Applied) outcome;
        assertThat(applied.legs()).containsExactly(new LegBalances(0, 10), new LegBalances(0, 10));
        assertThat(applied.after().get(CAROL).balance()).isEqualTo(10);
    }

    @Test
    void failsAllLinkedLegsAtTheFirstOneThatCannotApply() {
        // The second leg needs the same 10 again: it fails as leg 1, with its own reason, and nothing is applied.
        LinkedDecision.Outcome outcome = LinkedDecision.decide(
                linked(leg(ALICE, BOB, 10), leg(ALICE, CAROL, 1), leg(ALICE, new AccountId("nobody"), 1)),
                Map.of(ALICE, row(ALICE, 10, 0), BOB, row(BOB, 0, 0), CAROL, row(CAROL, 0, 0)));

        assertThat(outcome).isEqualTo(new LinkedDecision.Rejected(1, Reason.INSUFFICIENT_FUNDS,
                "leg 1: alice has 0, needs 1"));
    }

    private static Transfer plain(long amount) {
        return new Transfer(CommandId.random(), ALICE, BOB, amount, "EUR", null);
    }

    private static Transfer hold(long amount) {
        return Transfer.pending(CommandId.random(), ALICE, BOB, amount, "EUR", null, 60L);
    }

    private static PostPending post(Long amount) {
        return new PostPending(CommandId.random(), HOLD_ID, amount);
    }

    private static HoldRow live(long amount) {
        return new HoldRow(HOLD_ID, ALICE, BOB, amount, "EUR", NOW.plusSeconds(60), HoldRow.State.PENDING);
    }

    private static AccountRow row(AccountId id, long balance, long pendingDebits) {
        return new AccountRow(id, "EUR", balance, 0L, 0, pendingDebits, 0, false);
    }

    private static LinkedTransfers.Leg leg(AccountId from, AccountId to, long amount) {
        return new LinkedTransfers.Leg(from, to, amount, "EUR", null);
    }

    private static LinkedTransfers linked(LinkedTransfers.Leg... legs) {
        return new LinkedTransfers(CommandId.random(), List.of(legs));
    }

    private static Reason reason(Object outcome) {
        if (outcome instanceof Decision.Rejected rejected) {
            return rejected.reason();
        }
        if (outcome instanceof Resolution.Rejected rejected) {
            return rejected.reason();
        }
        return null;
    }
}
