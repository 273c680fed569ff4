package dev.tally.worker.authority;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.CommandType;
import dev.tally.contracts.LinkedTransfers;
import dev.tally.contracts.LinkedTransfersResult;
import dev.tally.contracts.PendingResolutionResult;
import dev.tally.contracts.Result;
import dev.tally.contracts.Status;
import dev.tally.contracts.Transfer;
import dev.tally.contracts.TransferResult;
import dev.tally.contracts.VoidPending;

import static org.assertj.core.api.Assertions.assertThat;

/** A client's results carry the figures of its own accounts only; the operator's are unchanged. */
class ClientFiguresTests {

    private static final Principal SHOP_A = Principal.client("shop-a");
    private static final AccountId OWN = new AccountId("shop-a:wallet");
    private static final AccountId OTHER = new AccountId("shop-b:till");
    private static final Map<AccountId, String> OWNERS = Map.of(OWN, "shop-a", OTHER, "shop-b");
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void leavesOutTheCreditBalanceOfAPaymentToAnotherAccount() {
        Transfer pay = new Transfer(CommandId.random(), OWN, OTHER, 30, "EUR", null);
        TransferResult applied = TransferResult.applied(pay, 70, 530, NOW);

        TransferResult seen = (TransferResult) ClientFigures.visible(SHOP_A, applied, pay, OWNERS::get);

        assertThat(seen.debitBalance()).isEqualTo(70);
        assertThat(seen.creditBalance()).isNull();
        assertThat(seen.amount()).isEqualTo(30);
        assertThat(ClientFigures.visible(Principal.OPERATOR, applied, pay, OWNERS::get)).isSameAs(applied);
    }

    @Test
    void leavesOutTheDebitBalanceOfAHoldVoidedByTheCreditedOwner() {
        VoidPending release = new VoidPending(CommandId.random(), CommandId.random());
        PendingResolutionResult voided = new PendingResolutionResult(release.id(), CommandType.VOID_PENDING,
                Status.APPLIED, null, null, false, release.pendingId(), OTHER, OWN, 50L, "EUR", 900L, 0L, NOW, null);

        PendingResolutionResult seen = (PendingResolutionResult) ClientFigures.visible(SHOP_A, voided, release,
                OWNERS::get);

        assertThat(seen.debitBalance()).isNull();
        assertThat(seen.creditBalance()).isZero();
    }

    @Test
    void leavesOutTheFiguresOfLegsCreditingOthersAndOfUnknownAccounts() {
        LinkedTransfers chain = new LinkedTransfers(CommandId.random(), List.of(
                new LinkedTransfers.Leg(OWN, OTHER, 10, "EUR", null),
                new LinkedTransfers.Leg(OWN, new AccountId("gone"), 5, "EUR", null)));
        LinkedTransfersResult applied = LinkedTransfersResult.applied(chain, List.of(
                new LinkedTransfersResult.LegBalances(90, 510), new LinkedTransfersResult.LegBalances(85, 5)), NOW);

        Result seen = ClientFigures.visible(SHOP_A, applied, chain, OWNERS::get);

        assertThat(((LinkedTransfersResult) seen).legs()).containsExactly(
                new LinkedTransfersResult.LegBalances(90L, null), new LinkedTransfersResult.LegBalances(85L, null));
    }
}
