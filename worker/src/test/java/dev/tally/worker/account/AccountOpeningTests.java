package dev.tally.worker.account;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.OpenAccount;
import dev.tally.contracts.OpenAccountResult;
import dev.tally.contracts.Reason;
import dev.tally.contracts.Status;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link AccountOpening#decide}: what reopening an existing account means, as a plain function of the command and
 * the existing row, with no database in sight.
 */
class AccountOpeningTests {

    private static final AccountId ALICE = new AccountId("alice");
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00.123Z");

    @Test
    void appliesReopeningWithTheSameCurrencyAndLimit() {
        // Reopening with the very fields the account has is applied (and echoes the command), not an error.
        OpenAccount command = OpenAccount.bounded(CommandId.random(), ALICE, "EUR", 500);

        OpenAccountResult result = AccountOpening.decide(command, bounded("EUR", 500), NOW);

        assertThat(result).isEqualTo(OpenAccountResult.applied(command, NOW));
    }

    @Test
    void appliesReopeningOfAnUnboundedAccountAsUnbounded() {
        // Two funding accounts without a floor are the same opening, so reopening one is applied.
        OpenAccount command = OpenAccount.unbounded(CommandId.random(), ALICE, "EUR");

        OpenAccountResult result = AccountOpening.decide(command, unbounded("EUR"), NOW);

        assertThat(result).isEqualTo(OpenAccountResult.applied(command, NOW));
    }

    @Test
    void rejectsReopeningForAnotherOwnerAsAccountExistsNamingTheOwner() {
        // v1.2: the owner is one of the opening's fields; the operator (who may see it) is told whose it is.
        OpenAccount command = OpenAccount.bounded(CommandId.random(), ALICE, "EUR", 0).ownedBy("shop-b");
        AccountRow owned = new AccountRow(ALICE, "EUR", 0, 0L, 0, 0, 0, false, "shop-a");

        OpenAccountResult result = AccountOpening.decide(command, owned, NOW);

        assertAccountExists(result, command, "account alice exists with currency EUR and overdraft limit 0, owned by "
                + "shop-a");
        assertThat(AccountOpening.decide(command.ownedBy("shop-a"), owned, NOW).applied()).isTrue();
    }

    @Test
    void rejectsReopeningInAnotherCurrencyAsAccountExists() {
        // The same limit in another currency is another account, refused with the existing fields named.
        OpenAccount command = OpenAccount.bounded(CommandId.random(), ALICE, "USD", 0);

        OpenAccountResult result = AccountOpening.decide(command, bounded("EUR", 0), NOW);

        assertAccountExists(result, command, "account alice exists with currency EUR and overdraft limit 0");
    }

    @Test
    void rejectsReopeningWithAnotherLimitAsAccountExists() {
        // The same currency with another overdraft limit is refused with the existing limit named.
        OpenAccount command = OpenAccount.bounded(CommandId.random(), ALICE, "EUR", 50);

        OpenAccountResult result = AccountOpening.decide(command, bounded("EUR", 0), NOW);

        assertAccountExists(result, command, "account alice exists with currency EUR and overdraft limit 0");
    }

    @Test
    void rejectsReopeningBoundedAccountAsUnboundedAsAccountExists() {
        // Asking for no floor on an account that has one is refused, never a silent widening of the limit.
        OpenAccount command = OpenAccount.unbounded(CommandId.random(), ALICE, "EUR");

        OpenAccountResult result = AccountOpening.decide(command, bounded("EUR", 0), NOW);

        assertAccountExists(result, command, "account alice exists with currency EUR and overdraft limit 0");
    }

    @Test
    void rejectsReopeningUnboundedAccountAsBoundedAsAccountExists() {
        // Asking for a floor on a funding account is refused, and the detail says the account has none.
        OpenAccount command = OpenAccount.bounded(CommandId.random(), ALICE, "EUR", 0);

        OpenAccountResult result = AccountOpening.decide(command, unbounded("EUR"), NOW);

        assertAccountExists(result, command, "account alice exists with currency EUR and no floor");
    }

    private static void assertAccountExists(OpenAccountResult result, OpenAccount command, String detail) {
        assertThat(result.status()).isEqualTo(Status.REJECTED);
        assertThat(result.reason()).isEqualTo(Reason.ACCOUNT_EXISTS);
        assertThat(result.detail()).isEqualTo(detail);
        assertThat(result.id()).isEqualTo(command.id());
        assertThat(result.accountId()).isEqualTo(ALICE);
        assertThat(result.replay()).isFalse();
        assertThat(result.decidedAt()).isEqualTo(NOW);
    }

    private static AccountRow bounded(String currency, long overdraftLimit) {
        return new AccountRow(ALICE, currency, 1_000, overdraftLimit, 3);
    }

    private static AccountRow unbounded(String currency) {
        return new AccountRow(ALICE, currency, -1_000, null, 3);
    }
}
