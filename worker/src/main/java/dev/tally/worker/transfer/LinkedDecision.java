package dev.tally.worker.transfer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.LinkedTransfers;
import dev.tally.contracts.LinkedTransfersResult.LegBalances;
import dev.tally.contracts.Reason;
import dev.tally.worker.account.AccountRow;

/**
 * Decides linked transfers: a plain function of the command and the rows of every account its legs touch. Each leg
 * is decided by {@link TransferDecision} against the rows as the earlier legs left them (a chain through one account
 * sees its own earlier legs); the first leg that fails fails the whole command, and then nothing is applied.
 */
public final class LinkedDecision {

    private LinkedDecision() {
    }

    /** The outcome: every leg applied, or none. */
    public sealed interface Outcome {
    }

    /**
     * @param legs  each leg's balances right after it, in order
     * @param after the rows that changed, as they stand after the last leg
     */
    public record Applied(List<LegBalances> legs, Map<AccountId, AccountRow> after) implements Outcome {
    }

    /** @param failedLeg the first leg that could not be applied, from 0 */
    public record Rejected(int failedLeg, Reason reason, String detail) implements Outcome {

        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** @param rows the current rows of the legs' accounts; a missing account is absent */
    public static Outcome decide(LinkedTransfers command, Map<AccountId, AccountRow> rows) {
        Map<AccountId, AccountRow> after = new HashMap<>();
        List<LegBalances> legs = new ArrayList<>(command.legs().size());
        for (int i = 0; i < command.legs().size(); i++) {
            LinkedTransfers.Leg leg = command.legs().get(i);
            AccountRow debit = after.getOrDefault(leg.debitAccountId(), rows.get(leg.debitAccountId()));
            AccountRow credit = after.getOrDefault(leg.creditAccountId(), rows.get(leg.creditAccountId()));
            Decision decision = TransferDecision.decide(leg.asTransfer(command.id()), debit, credit);
            if (decision instanceof Decision.Rejected rejected) {
                return new Rejected(i, rejected.reason(), "leg " + i + ": " + rejected.detail());
            }
            Decision.Applied applied = (Decision.Applied) decision;
            after.put(debit.id(), debit.withBalance(applied.debitBalance()));
            after.put(credit.id(), credit.withBalance(applied.creditBalance()));
            legs.add(new LegBalances(applied.debitBalance(), applied.creditBalance()));
        }
        return new Applied(legs, after);
    }
}
