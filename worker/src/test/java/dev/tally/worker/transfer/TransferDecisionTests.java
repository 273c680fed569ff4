package dev.tally.worker.transfer;

import org.junit.jupiter.api.Test;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.Reason;
import dev.tally.contracts.Transfer;
import dev.tally.worker.account.AccountRow;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every branch of {@link TransferDecision#decide}, as a plain function of a command and two account rows: no
 * database, no Kafka.
 */
class TransferDecisionTests {

    private static final AccountId ALICE = new AccountId("alice");
    private static final AccountId BOB = new AccountId("bob");

    @Test
    void appliesTransferAndReturnsBothBalancesAfterIt() {
        // An affordable transfer is applied, and the decision carries the exact balances the accounts will have.
        Decision decision = TransferDecision.decide(transfer(ALICE, BOB, 1250, "EUR"),
                bounded(ALICE, "EUR", 10_000, 0), bounded(BOB, "EUR", 300, 0));

        assertThat(decision).isEqualTo(new Decision.Applied(8750, 1550));
    }

    @Test
    void rejectsSameAccountBeforeAnyOtherCheck() {
        // Debiting and crediting one account is SAME_ACCOUNT even when that account is missing, so no other check
        // runs first.
        Decision decision = TransferDecision.decide(transfer(ALICE, ALICE, 1, "EUR"), null, null);

        assertThat(decision).isEqualTo(
                new Decision.Rejected(Reason.SAME_ACCOUNT, "debit and credit account are both alice"));
    }

    @Test
    void rejectsSameAccountEvenWhenTheAccountCouldNotPay() {
        // A same-account transfer in the wrong currency and beyond the balance is still SAME_ACCOUNT, because that
        // check comes before the currency and funds checks.
        AccountRow alice = bounded(ALICE, "USD", 0, 0);

        Decision decision = TransferDecision.decide(transfer(ALICE, ALICE, 5, "EUR"), alice, alice);

        assertThat(rejection(decision).reason()).isEqualTo(Reason.SAME_ACCOUNT);
    }

    @Test
    void rejectsMissingDebitAccountAsDebitAccountNotFound() {
        // A missing debit row is named in the rejection, and it wins over a missing credit row.
        Decision decision = TransferDecision.decide(transfer(ALICE, BOB, 1, "EUR"), null, null);

        assertThat(decision).isEqualTo(
                new Decision.Rejected(Reason.DEBIT_ACCOUNT_NOT_FOUND, "account alice does not exist"));
    }

    @Test
    void rejectsMissingCreditAccountAsCreditAccountNotFound() {
        // A missing credit row is named in the rejection when the debit account exists.
        Decision decision = TransferDecision.decide(transfer(ALICE, BOB, 1, "EUR"),
                bounded(ALICE, "EUR", 100, 0), null);

        assertThat(decision).isEqualTo(
                new Decision.Rejected(Reason.CREDIT_ACCOUNT_NOT_FOUND, "account bob does not exist"));
    }

    @Test
    void rejectsDebitAccountInAnotherCurrencyAsCurrencyMismatch() {
        // A debit account holding another currency than the transfer's is refused, and the detail names it.
        Decision decision = TransferDecision.decide(transfer(ALICE, BOB, 1, "EUR"),
                bounded(ALICE, "USD", 100, 0), bounded(BOB, "EUR", 0, 0));

        assertThat(decision).isEqualTo(new Decision.Rejected(Reason.CURRENCY_MISMATCH,
                "account alice holds USD, the transfer is in EUR"));
    }

    @Test
    void rejectsCreditAccountInAnotherCurrencyAsCurrencyMismatch() {
        // A credit account holding another currency than the transfer's is refused, and the detail names it.
        Decision decision = TransferDecision.decide(transfer(ALICE, BOB, 1, "EUR"),
                bounded(ALICE, "EUR", 100, 0), bounded(BOB, "GBP", 0, 0));

        assertThat(decision).isEqualTo(new Decision.Rejected(Reason.CURRENCY_MISMATCH,
                "account bob holds GBP, the transfer is in EUR"));
    }

    @Test
    void rejectsCurrencyMismatchBeforeInsufficientFunds() {
        // A debit account that could not pay and holds the wrong currency is CURRENCY_MISMATCH, the earlier check.
        Decision decision = TransferDecision.decide(transfer(ALICE, BOB, 1_000, "EUR"),
                bounded(ALICE, "USD", 0, 0), bounded(BOB, "EUR", 0, 0));

        assertThat(rejection(decision).reason()).isEqualTo(Reason.CURRENCY_MISMATCH);
    }

    @Test
    void rejectsTransferOneBelowTheFloorAndAppliesItExactlyAtTheFloorWithoutOverdraft() {
        // With no overdraft the floor is 0: taking the balance plus one is refused, taking exactly the balance is
        // applied and leaves zero.
        AccountRow alice = bounded(ALICE, "EUR", 700, 0);
        AccountRow bob = bounded(BOB, "EUR", 0, 0);

        assertThat(rejection(TransferDecision.decide(transfer(ALICE, BOB, 701, "EUR"), alice, bob)).reason())
                .isEqualTo(Reason.INSUFFICIENT_FUNDS);
        assertThat(TransferDecision.decide(transfer(ALICE, BOB, 700, "EUR"), alice, bob))
                .isEqualTo(new Decision.Applied(0, 700));
    }

    @Test
    void rejectsTransferOneBelowTheFloorAndAppliesItExactlyAtTheFloorWithOverdraft() {
        // With an overdraft limit of 500 the floor is -500: reaching -501 is refused, reaching -500 is applied.
        AccountRow alice = bounded(ALICE, "EUR", 200, 500);
        AccountRow bob = bounded(BOB, "EUR", 0, 0);

        assertThat(rejection(TransferDecision.decide(transfer(ALICE, BOB, 701, "EUR"), alice, bob)).reason())
                .isEqualTo(Reason.INSUFFICIENT_FUNDS);
        assertThat(TransferDecision.decide(transfer(ALICE, BOB, 700, "EUR"), alice, bob))
                .isEqualTo(new Decision.Applied(-500, 700));
    }

    @Test
    void explainsInsufficientFundsWithBalanceAndAmount() {
        // Without an overdraft the detail is the contract's example sentence: what the account has and needs.
        Decision decision = TransferDecision.decide(transfer(ALICE, BOB, 800, "EUR"),
                bounded(ALICE, "EUR", 700, 0), bounded(BOB, "EUR", 0, 0));

        assertThat(decision).isEqualTo(new Decision.Rejected(Reason.INSUFFICIENT_FUNDS, "alice has 700, needs 800"));
    }

    @Test
    void explainsInsufficientFundsOfAnOverdraftAccountWithWhatIsAvailable() {
        // With an overdraft the detail counts the limit into what is available and shows both parts of it.
        Decision decision = TransferDecision.decide(transfer(ALICE, BOB, 800, "EUR"),
                bounded(ALICE, "EUR", -100, 500), bounded(BOB, "EUR", 0, 0));

        assertThat(decision).isEqualTo(new Decision.Rejected(Reason.INSUFFICIENT_FUNDS,
                "alice has 400 available (balance -100, overdraft limit 500), needs 800"));
    }

    @Test
    void rejectsDebitThatWouldUnderflowABoundedAccountAsInsufficientFunds() {
        // On a bounded account with the largest limit, a debit whose exact result is below Long.MIN_VALUE is an
        // ordinary INSUFFICIENT_FUNDS (the subtraction overflows, and no exception escapes).
        AccountRow alice = bounded(ALICE, "EUR", -100, Long.MAX_VALUE);

        Decision decision = TransferDecision.decide(transfer(ALICE, BOB, Long.MAX_VALUE, "EUR"), alice,
                bounded(BOB, "EUR", 0, 0));

        assertThat(decision).isEqualTo(new Decision.Rejected(Reason.INSUFFICIENT_FUNDS,
                "alice has " + (Long.MAX_VALUE - 100) + " available (balance -100, overdraft limit "
                        + Long.MAX_VALUE + "), needs " + Long.MAX_VALUE));
    }

    @Test
    void rejectsDebitThatWouldUnderflowAnUnboundedAccountAsBalanceOverflow() {
        // An account without a floor cannot lack funds, so a debit past Long.MIN_VALUE is BALANCE_OVERFLOW.
        AccountRow bank = unbounded(ALICE, "EUR", Long.MIN_VALUE + 5);

        Decision decision = TransferDecision.decide(transfer(ALICE, BOB, 6, "EUR"), bank,
                bounded(BOB, "EUR", 0, 0));

        assertThat(decision).isEqualTo(new Decision.Rejected(Reason.BALANCE_OVERFLOW,
                "debiting 6 from alice would take its balance below " + Long.MIN_VALUE));
    }

    @Test
    void appliesDebitOfAnUnboundedAccountDownToLongMinValue() {
        // The last representable balance is reachable: an unbounded account may be debited exactly to
        // Long.MIN_VALUE.
        AccountRow bank = unbounded(ALICE, "EUR", Long.MIN_VALUE + 5);

        Decision decision = TransferDecision.decide(transfer(ALICE, BOB, 5, "EUR"), bank,
                bounded(BOB, "EUR", 0, 0));

        assertThat(decision).isEqualTo(new Decision.Applied(Long.MIN_VALUE, 5));
    }

    @Test
    void rejectsCreditThatWouldOverflowAsBalanceOverflow() {
        // A credit past Long.MAX_VALUE is refused with exact arithmetic rather than wrapping around.
        Decision decision = TransferDecision.decide(transfer(ALICE, BOB, 2, "EUR"),
                bounded(ALICE, "EUR", 10, 0), bounded(BOB, "EUR", Long.MAX_VALUE - 1, 0));

        assertThat(decision).isEqualTo(new Decision.Rejected(Reason.BALANCE_OVERFLOW,
                "crediting 2 to bob would take its balance above " + Long.MAX_VALUE));
    }

    @Test
    void appliesCreditUpToLongMaxValue() {
        // The largest representable balance is reachable: a credit may land exactly on Long.MAX_VALUE.
        Decision decision = TransferDecision.decide(transfer(ALICE, BOB, 1, "EUR"),
                bounded(ALICE, "EUR", 10, 0), bounded(BOB, "EUR", Long.MAX_VALUE - 1, 0));

        assertThat(decision).isEqualTo(new Decision.Applied(9, Long.MAX_VALUE));
    }

    @Test
    void appliesDebitOfAnUnboundedAccountBelowZero() {
        // A funding account has no floor: it is debited below zero, which is how money enters the system.
        Decision decision = TransferDecision.decide(transfer(ALICE, BOB, 1_000_000, "EUR"),
                unbounded(ALICE, "EUR", 0), bounded(BOB, "EUR", 0, 0));

        assertThat(decision).isEqualTo(new Decision.Applied(-1_000_000, 1_000_000));
    }

    private static Transfer transfer(AccountId debit, AccountId credit, long amount, String currency) {
        return new Transfer(CommandId.random(), debit, credit, amount, currency, null);
    }

    private static AccountRow bounded(AccountId id, String currency, long balance, long overdraftLimit) {
        return new AccountRow(id, currency, balance, overdraftLimit, 0);
    }

    private static AccountRow unbounded(AccountId id, String currency, long balance) {
        return new AccountRow(id, currency, balance, null, 0);
    }

    private static Decision.Rejected rejection(Decision decision) {
        assertThat(decision).isInstanceOf(Decision.Rejected.class);
        return (Decision.Rejected) decision;
    }
}
