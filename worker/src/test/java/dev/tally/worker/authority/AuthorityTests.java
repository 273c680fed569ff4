package dev.tally.worker.authority;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.LinkedTransfers;
import dev.tally.contracts.OpenAccount;
import dev.tally.worker.account.AccountRow;
import dev.tally.worker.transfer.HoldRow;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each authority rule of contract v1.2 as a plain function: what a client may do, that the operator may do
 * everything, and that no refusal names a property of the account or hold. No database, no Kafka.
 */
class AuthorityTests {

    private static final Principal SHOP_A = Principal.client("shop-a");
    private static final Principal SHOP_B = Principal.client("shop-b");
    private static final AccountId A_WALLET = new AccountId("shop-a:wallet");
    private static final AccountId B_WALLET = new AccountId("shop-b:wallet");
    private static final AccountId OLD = new AccountId("alice");

    // ---------------------------------------------------------------------------------------------------- openings

    @Test
    void letsAClientOpenABoundedAccountWithoutOverdraftUnderItsOwnPrefix() {
        assertThat(Authority.openAccount(SHOP_A, OpenAccount.bounded(CommandId.random(), A_WALLET, "EUR", 0)))
                .isNull();
        assertThat(Authority.openAccount(SHOP_A, open(A_WALLET, 0L).ownedBy("shop-a"))).isNull();
    }

    @Test
    void refusesAClientOpeningOutsideItsPrefix() {
        // "shop-ab:x" is not under "shop-a:", nor is "shop-a" alone or "shop-a.x".
        for (String id : List.of("shop-b:wallet", "shop-ab:x", "shop-a", "shop-a.x", "alice")) {
            assertThat(Authority.openAccount(SHOP_A, open(new AccountId(id), 0L))).as(id)
                    .contains("start with its name");
        }
    }

    @Test
    void refusesAClientOpeningWithOverdraftOrUnbounded() {
        assertThat(Authority.openAccount(SHOP_A, open(A_WALLET, 1L))).contains("overdraft limit");
        assertThat(Authority.openAccount(SHOP_A, open(A_WALLET, null))).contains("unbounded");
    }

    @Test
    void refusesAClientOpeningThatNamesAnotherOwner() {
        assertThat(Authority.openAccount(SHOP_A, open(A_WALLET, 0L).ownedBy("shop-b"))).contains("owner");
    }

    @Test
    void letsTheOperatorOpenAnythingForAnyone() {
        assertThat(Authority.openAccount(Principal.OPERATOR, open(new AccountId("x"), null).ownedBy("shop-b")))
                .isNull();
        assertThat(Authority.openAccount(Principal.OPERATOR, open(A_WALLET, 500L).ownedBy("shop-a"))).isNull();
    }

    @Test
    void ownsANewAccountByTheOwnerNamedElseBySender() {
        assertThat(Authority.ownerOfOpened(SHOP_A, open(A_WALLET, 0L))).isEqualTo("shop-a");
        assertThat(Authority.ownerOfOpened(Principal.OPERATOR, open(OLD, 0L))).isNull();
        assertThat(Authority.ownerOfOpened(Principal.OPERATOR, open(OLD, 0L).ownedBy("shop-b"))).isEqualTo("shop-b");
    }

    @Test
    void describesAnExistingAccountOnlyToItsOwnerAndTheOperator() {
        assertThat(Authority.mayDescribe(SHOP_A, row(A_WALLET, "shop-a"))).isTrue();
        assertThat(Authority.mayDescribe(SHOP_A, row(A_WALLET, null))).isFalse();
        assertThat(Authority.mayDescribe(SHOP_A, row(A_WALLET, "shop-b"))).isFalse();
        assertThat(Authority.mayDescribe(Principal.OPERATOR, row(A_WALLET, "shop-b"))).isTrue();
    }

    // ------------------------------------------------------------------------------------------------------ debits

    @Test
    void letsOnlyTheOwnerOrTheOperatorDebit() {
        assertThat(Authority.debit(SHOP_A, row(A_WALLET, "shop-a"))).isNull();
        assertThat(Authority.debit(Principal.OPERATOR, row(B_WALLET, "shop-b"))).isNull();
        assertThat(Authority.debit(SHOP_A, row(B_WALLET, "shop-b"))).isEqualTo("a client may debit only its own "
                + "accounts");
        // An account from before v1.2 (no owner) is the operator's.
        assertThat(Authority.debit(SHOP_A, row(OLD, null))).isNotNull();
    }

    @Test
    void namesTheFirstLinkedLegThatDebitsAForeignAccount() {
        Map<AccountId, AccountRow> rows = Map.of(A_WALLET, row(A_WALLET, "shop-a"), B_WALLET, row(B_WALLET, "shop-b"),
                OLD, row(OLD, null));
        LinkedTransfers chain = new LinkedTransfers(CommandId.random(), List.of(leg(A_WALLET, B_WALLET),
                leg(B_WALLET, A_WALLET), leg(OLD, A_WALLET)));

        assertThat(Authority.firstLegNotPermitted(SHOP_A, chain, rows::get)).isEqualTo(1);
        assertThat(Authority.firstLegNotPermitted(SHOP_B, chain, rows::get)).isZero();
        assertThat(Authority.firstLegNotPermitted(Principal.OPERATOR, chain, rows::get)).isEqualTo(-1);
        // A leg whose debit account does not exist is left to its own decision (DEBIT_ACCOUNT_NOT_FOUND).
        LinkedTransfers ghost = new LinkedTransfers(CommandId.random(), List.of(leg(new AccountId("ghost"), A_WALLET),
                leg(A_WALLET, B_WALLET)));
        assertThat(Authority.firstLegNotPermitted(SHOP_A, ghost, rows::get)).isEqualTo(-1);
    }

    // ------------------------------------------------------------------------------------------------------- holds

    @Test
    void letsOnlyTheHoldsSenderOrTheOperatorPostIt() {
        assertThat(Authority.post(SHOP_A, hold("shop-a"))).isNull();
        assertThat(Authority.post(Principal.OPERATOR, hold("shop-a"))).isNull();
        assertThat(Authority.post(SHOP_B, hold("shop-a"))).isEqualTo("only the sender of a pending transfer may post "
                + "it");
        assertThat(Authority.post(SHOP_A, hold(null))).isNotNull();
    }

    @Test
    void letsTheHoldsSenderOrTheCreditedOwnerVoidIt() {
        assertThat(Authority.voidHold(SHOP_A, hold("shop-a"), row(B_WALLET, "shop-b"))).isNull();
        assertThat(Authority.voidHold(SHOP_B, hold("shop-a"), row(B_WALLET, "shop-b"))).isNull();
        assertThat(Authority.voidHold(Principal.OPERATOR, hold("shop-a"), row(B_WALLET, "shop-b"))).isNull();
        assertThat(Authority.voidHold(Principal.client("shop-c"), hold("shop-a"), row(B_WALLET, "shop-b")))
                .contains("owner of the account it credits");
    }

    // ---------------------------------------------------------------------------------------------------- closings

    @Test
    void letsOnlyTheOwnerOrTheOperatorClose() {
        assertThat(Authority.close(SHOP_A, row(A_WALLET, "shop-a"))).isNull();
        assertThat(Authority.close(Principal.OPERATOR, row(A_WALLET, "shop-a"))).isNull();
        assertThat(Authority.close(SHOP_B, row(A_WALLET, "shop-a"))).isEqualTo("a client may close only its own "
                + "accounts");
    }

    // ----------------------------------------------------------------------------------------------------- figures

    @Test
    void showsFiguresOfOwnAccountsToAClientAndEveryFigureToTheOperator() {
        assertThat(Authority.maySeeFigures(SHOP_A, "shop-a")).isTrue();
        assertThat(Authority.maySeeFigures(SHOP_A, "shop-b")).isFalse();
        assertThat(Authority.maySeeFigures(SHOP_A, null)).isFalse();
        assertThat(Authority.maySeeFigures(Principal.OPERATOR, "shop-b")).isTrue();
    }

    private static OpenAccount open(AccountId id, Long overdraftLimit) {
        return new OpenAccount(CommandId.random(), id, "EUR", overdraftLimit);
    }

    private static AccountRow row(AccountId id, String owner) {
        return new AccountRow(id, "EUR", 100, 0L, 1, 0, 0, false, owner);
    }

    private static LinkedTransfers.Leg leg(AccountId debit, AccountId credit) {
        return new LinkedTransfers.Leg(debit, credit, 10, "EUR", null);
    }

    private static HoldRow hold(String sender) {
        return new HoldRow(CommandId.random(), A_WALLET, B_WALLET, 10, "EUR", Instant.parse("2030-01-01T00:00:00Z"),
                HoldRow.State.PENDING, sender);
    }
}
