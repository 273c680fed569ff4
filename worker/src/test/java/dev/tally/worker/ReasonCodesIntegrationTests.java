package dev.tally.worker;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.OpenAccount;
import dev.tally.contracts.Reason;
import dev.tally.contracts.Result;
import dev.tally.contracts.Status;
import dev.tally.contracts.Transfer;
import dev.tally.contracts.TransferResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every outcome of contract v1, each published through Kafka to the running worker and read back from the results
 * topic, with the balances checked in the book of record.
 */
class ReasonCodesIntegrationTests extends WorkerIntegrationTest {

    @Test
    void appliesTransferAndReportsBothBalances() {
        // An affordable transfer moves the money and its result carries the balances after it.
        AccountId alice = openFunded("alice", 10_000);
        AccountId bob = open("bob", "EUR", 0);

        TransferResult result = (TransferResult) decide(
                new Transfer(CommandId.random(), alice, bob, 1250, "EUR", "order-42"));

        assertThat(result.status()).isEqualTo(Status.APPLIED);
        assertThat(result.reason()).isNull();
        assertThat(result.replay()).isFalse();
        assertThat(result.debitBalance()).isEqualTo(8750);
        assertThat(result.creditBalance()).isEqualTo(1250);
        assertThat(result.reference()).isEqualTo("order-42");
        assertThat(balance(alice)).isEqualTo(8750);
        assertThat(balance(bob)).isEqualTo(1250);
    }

    @Test
    void rejectsTransferWithInsufficientFunds() {
        // The conditional debit refuses to go below the floor; nothing moves and the detail says by how much.
        AccountId alice = openFunded("alice", 700);
        AccountId bob = open("bob", "EUR", 0);

        Result result = decide(new Transfer(CommandId.random(), alice, bob, 800, "EUR", null));

        assertRejected(result, Reason.INSUFFICIENT_FUNDS);
        assertThat(result.detail()).isEqualTo(alice + " has 700, needs 800");
        assertThat(balance(alice)).isEqualTo(700);
        assertThat(balance(bob)).isZero();
    }

    @Test
    void appliesTransferWithinOverdraftLimitAndRejectsBeyondIt() {
        // An overdraft limit lowers the floor to -limit, exactly.
        AccountId alice = open("alice", "EUR", 500);
        AccountId bob = open("bob", "EUR", 0);

        assertThat(decide(new Transfer(CommandId.random(), alice, bob, 500, "EUR", null)).applied()).isTrue();
        assertRejected(decide(new Transfer(CommandId.random(), alice, bob, 1, "EUR", null)),
                Reason.INSUFFICIENT_FUNDS);
        assertThat(balance(alice)).isEqualTo(-500);
    }

    @Test
    void rejectsTransferFromUnknownAccountAsDebitAccountNotFound() {
        // A debit account that was never opened is named in the rejection.
        AccountId bob = open("bob", "EUR", 0);
        AccountId ghost = newAccount("ghost");

        Result result = decide(new Transfer(CommandId.random(), ghost, bob, 1, "EUR", null));

        assertRejected(result, Reason.DEBIT_ACCOUNT_NOT_FOUND);
        assertThat(result.detail()).contains(ghost.value());
    }

    @Test
    void rejectsTransferToUnknownAccountAsCreditAccountNotFound() {
        // A credit account that was never opened is rejected and the debit account keeps its money.
        AccountId alice = openFunded("alice", 100);
        AccountId ghost = newAccount("ghost");

        assertRejected(decide(new Transfer(CommandId.random(), alice, ghost, 1, "EUR", null)),
                Reason.CREDIT_ACCOUNT_NOT_FOUND);
        assertThat(balance(alice)).isEqualTo(100);
    }

    @Test
    void rejectsTransferToTheSameAccountAsSameAccount() {
        // Debiting and crediting one account is refused rather than treated as a no-op.
        AccountId alice = openFunded("alice", 100);

        assertRejected(decide(new Transfer(CommandId.random(), alice, alice, 1, "EUR", null)), Reason.SAME_ACCOUNT);
        assertThat(balance(alice)).isEqualTo(100);
    }

    @Test
    void rejectsAmountOfZeroAsInvalidAmount() {
        // An amount that is a JSON integer <= 0 is INVALID_AMOUNT, and the result still echoes id and type.
        AccountId alice = openFunded("alice", 100);
        AccountId bob = open("bob", "EUR", 0);
        CommandId id = CommandId.random();

        harness().sendRaw(alice.value().getBytes(StandardCharsets.UTF_8), json("""
                {"type":"transfer","id":"%s","debit_account_id":"%s","credit_account_id":"%s",
                 "amount":0,"currency":"EUR"}""".formatted(id, alice, bob)));

        Result result = awaitResult(id);
        assertRejected(result, Reason.INVALID_AMOUNT);
        assertThat(result.detail()).contains("amount");
        assertThat(balance(alice)).isEqualTo(100);
    }

    @Test
    void rejectsTransferInAnotherCurrencyAsCurrencyMismatch() {
        // A transfer must be in the currency of both accounts.
        AccountId alice = openFunded("alice", 100);
        AccountId dollars = open("dollars", "USD", 0);

        assertRejected(decide(new Transfer(CommandId.random(), alice, dollars, 1, "EUR", null)),
                Reason.CURRENCY_MISMATCH);
        assertRejected(decide(new Transfer(CommandId.random(), alice, dollars, 1, "USD", null)),
                Reason.CURRENCY_MISMATCH);
        assertThat(balance(alice)).isEqualTo(100);
    }

    @Test
    void rejectsCreditThatWouldOverflowAsBalanceOverflow() {
        // Credits are checked with exact arithmetic: a balance never wraps around, and nothing is retried.
        AccountId bank = openFunding("bank", "EUR");
        AccountId rich = open("rich", "EUR", 0);
        assertThat(decide(new Transfer(CommandId.random(), bank, rich, Long.MAX_VALUE, "EUR", null)).applied())
                .isTrue();
        AccountId other = openFunding("other-bank", "EUR");

        assertRejected(decide(new Transfer(CommandId.random(), other, rich, 1, "EUR", null)),
                Reason.BALANCE_OVERFLOW);
        assertThat(balance(rich)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void rejectsMissingFieldAsInvalidCommandNamingTheField() {
        // A known type with a broken field gets a result (never a dead letter) whose detail names the field.
        CommandId id = CommandId.random();

        harness().sendRaw("x".getBytes(StandardCharsets.UTF_8), json("""
                {"type":"transfer","id":"%s","credit_account_id":"bob","amount":5,"currency":"EUR"}""".formatted(id)));

        Result result = awaitResult(id);
        assertRejected(result, Reason.INVALID_COMMAND);
        assertThat(result.detail()).isEqualTo("debit_account_id is missing");
    }

    @Test
    void rejectsReusedIdWithDifferentFieldsAndKeepsTheFirstDecision() {
        // The same id with another amount is refused as a replay of the id; the first transfer alone moved money.
        AccountId alice = openFunded("alice", 1000);
        AccountId bob = open("bob", "EUR", 0);
        CommandId id = CommandId.random();
        assertThat(decide(new Transfer(id, alice, bob, 100, "EUR", null)).applied()).isTrue();

        harness().send(new Transfer(id, alice, bob, 900, "EUR", null));
        await().atMost(TIMEOUT).until(() -> harness().results(id).size() == 2);

        Result reused = harness().results(id).get(1);
        assertRejected(reused, Reason.ID_REUSED_WITH_DIFFERENT_FIELDS);
        assertThat(reused.replay()).isTrue();
        assertThat(balance(alice)).isEqualTo(900);
        assertThat(balance(bob)).isEqualTo(100);
    }

    @Test
    void rejectsReopeningWithOtherFieldsAsAccountExistsAndAppliesTheSameOpeningAgain() {
        // Reopening with the same currency and limit is applied and changes nothing; with another limit it is refused.
        AccountId alice = openFunded("alice", 300);

        assertThat(decide(OpenAccount.bounded(CommandId.random(), alice, "EUR", 0)).applied()).isTrue();
        Result conflicting = decide(OpenAccount.bounded(CommandId.random(), alice, "EUR", 50));

        assertRejected(conflicting, Reason.ACCOUNT_EXISTS);
        assertThat(balance(alice)).isEqualTo(300);
        assertThat(jdbc.sql("SELECT overdraft_limit FROM accounts WHERE id = ?").param(alice.value())
                .query(Long.class).single()).isZero();
    }

    private static void assertRejected(Result result, Reason reason) {
        assertThat(result.status()).as("%s", result).isEqualTo(Status.REJECTED);
        assertThat(result.reason()).as("%s", result).isEqualTo(reason);
        assertThat(result.detail()).isNotBlank();
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
