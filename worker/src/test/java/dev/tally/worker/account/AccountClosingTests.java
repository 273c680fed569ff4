package dev.tally.worker.account;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.CloseAccount;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.OpenAccount;
import dev.tally.contracts.Reason;

import static org.assertj.core.api.Assertions.assertThat;

/** Every branch of {@link AccountClosing#decide}, and opening a closed account, as plain functions. */
class AccountClosingTests {

    private static final AccountId ALICE = new AccountId("alice");
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private static final CloseAccount CLOSE = new CloseAccount(CommandId.random(), ALICE);

    @Test
    void closesAnEmptyAccountWithoutHolds() {
        assertThat(AccountClosing.decide(CLOSE, row(0, 0, 0, false), NOW).applied()).isTrue();
    }

    @Test
    void appliesClosingAClosedAccountAgain() {
        assertThat(AccountClosing.decide(CLOSE, row(0, 0, 0, true), NOW).applied()).isTrue();
    }

    @Test
    void rejectsAMissingAccountAsAccountNotFound() {
        assertThat(AccountClosing.decide(CLOSE, null, NOW).reason()).isEqualTo(Reason.ACCOUNT_NOT_FOUND);
    }

    @Test
    void rejectsABalanceAsAccountNotEmptyBeforeHolds() {
        // A negative balance (an overdraft) is no more empty than a positive one; it is named before any hold.
        assertThat(AccountClosing.decide(CLOSE, row(-1, 5, 0, false), NOW).reason())
                .isEqualTo(Reason.ACCOUNT_NOT_EMPTY);
    }

    @Test
    void rejectsAHoldOnEitherSideAsAccountHasPending() {
        assertThat(AccountClosing.decide(CLOSE, row(0, 1, 0, false), NOW).reason())
                .isEqualTo(Reason.ACCOUNT_HAS_PENDING);
        assertThat(AccountClosing.decide(CLOSE, row(0, 0, 1, false), NOW).reason())
                .isEqualTo(Reason.ACCOUNT_HAS_PENDING);
    }

    @Test
    void refusesToOpenAClosedAccountAgainEvenWithTheSameFields() {
        OpenAccount open = OpenAccount.bounded(CommandId.random(), ALICE, "EUR", 0);

        assertThat(AccountOpening.decide(open, row(0, 0, 0, true), NOW).reason()).isEqualTo(Reason.ACCOUNT_EXISTS);
        assertThat(AccountOpening.decide(open, row(0, 0, 0, false), NOW).applied()).isTrue();
    }

    private static AccountRow row(long balance, long pendingDebits, long pendingCredits, boolean closed) {
        return new AccountRow(ALICE, "EUR", balance, 0L, 3, pendingDebits, pendingCredits, closed);
    }
}
