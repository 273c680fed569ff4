package dev.tally.worker.authority;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.Command;
import dev.tally.contracts.LinkedTransfers;
import dev.tally.contracts.LinkedTransfersResult;
import dev.tally.contracts.PendingResolutionResult;
import dev.tally.contracts.Result;
import dev.tally.contracts.TransferResult;

/**
 * What a result may show its sender (contract v1.2): a client sees the balances of its own accounts only, so the
 * figures of others' accounts (the credit side of its payment, legs crediting others, the debit side of a hold it
 * voided as the credited owner) are left out as {@code null}. The operator's results are unchanged. The journal keeps
 * every figure; only what is sent is cut.
 */
public final class ClientFigures {

    private ClientFigures() {
    }

    /**
     * The result as {@code sender} may see it.
     *
     * @param command the valid command it answers ({@code null} when invalid: such a result carries no figures)
     * @param ownerOf the owner of each account the result names ({@code null}: the operator's)
     */
    public static Result visible(Principal sender, Result result, Command command,
                                 Function<AccountId, String> ownerOf) {
        if (sender.isOperator()) {
            return result;
        }
        if (result instanceof TransferResult t && (t.debitBalance() != null || t.creditBalance() != null)) {
            return new TransferResult(t.id(), t.status(), t.reason(), t.detail(), t.replay(), t.debitAccountId(),
                    t.creditAccountId(), t.amount(), t.currency(), t.reference(),
                    figure(sender, t.debitAccountId(), t.debitBalance(), ownerOf),
                    figure(sender, t.creditAccountId(), t.creditBalance(), ownerOf), t.decidedAt(), t.pending(),
                    t.expiresAt(), t.reasonCode());
        }
        if (result instanceof PendingResolutionResult p && (p.debitBalance() != null || p.creditBalance() != null)) {
            return new PendingResolutionResult(p.id(), p.type(), p.status(), p.reason(), p.detail(), p.replay(),
                    p.pendingId(), p.debitAccountId(), p.creditAccountId(), p.amount(), p.currency(),
                    figure(sender, p.debitAccountId(), p.debitBalance(), ownerOf),
                    figure(sender, p.creditAccountId(), p.creditBalance(), ownerOf), p.decidedAt(), p.reasonCode());
        }
        if (result instanceof LinkedTransfersResult l && !l.legs().isEmpty()
                && command instanceof LinkedTransfers linked) {
            List<LinkedTransfersResult.LegBalances> legs = new ArrayList<>(l.legs().size());
            for (int i = 0; i < l.legs().size(); i++) {
                LinkedTransfers.Leg leg = linked.legs().get(i);
                LinkedTransfersResult.LegBalances balances = l.legs().get(i);
                legs.add(new LinkedTransfersResult.LegBalances(
                        figure(sender, leg.debitAccountId(), balances.debitBalance(), ownerOf),
                        figure(sender, leg.creditAccountId(), balances.creditBalance(), ownerOf)));
            }
            return new LinkedTransfersResult(l.id(), l.status(), l.reason(), l.detail(), l.replay(), legs,
                    l.failedLeg(), l.decidedAt(), l.reasonCode());
        }
        return result;
    }

    private static Long figure(Principal sender, AccountId account, Long figure,
                               Function<AccountId, String> ownerOf) {
        return figure == null || account == null || Authority.maySeeFigures(sender, ownerOf.apply(account))
                ? figure : null;
    }
}
