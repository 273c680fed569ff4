package dev.tally.worker.transfer;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.Reason;
import dev.tally.contracts.Transfer;
import dev.tally.contracts.TransferResult;
import dev.tally.worker.account.AccountRow;
import dev.tally.worker.account.Accounts;

/**
 * Applies one transfer inside the caller's transaction, the pessimistic way: lock both rows in id order, decide,
 * then change balances with conditional atomic updates whose row counts are checked.
 */
@Component
public class TransferApplier {

    private final Accounts accounts;

    public TransferApplier(Accounts accounts) {
        this.accounts = accounts;
    }

    public TransferResult apply(Transfer transfer, Instant now) {
        AccountId debitId = transfer.debitAccountId();
        AccountId creditId = transfer.creditAccountId();
        List<AccountRow> locked = debitId.equals(creditId) ? List.of() : accounts.lockInIdOrder(debitId, creditId);
        AccountRow debit = find(locked, debitId);
        AccountRow credit = find(locked, creditId);

        Decision decision = TransferDecision.decide(transfer, debit, credit);
        if (decision instanceof Decision.Rejected rejected) {
            return TransferResult.rejected(transfer, rejected.reason(), rejected.detail(), now);
        }
        Decision.Applied applied = (Decision.Applied) decision;

        // The conditional UPDATE is the authority on the floor: if it refuses (row count 0), the transfer is
        // rejected whatever was predicted, so no code path can take an account below its floor.
        Optional<Long> debitBalance = accounts.debitIfAboveFloor(debitId, transfer.amount(), now);
        if (debitBalance.isEmpty()) {
            Decision.Rejected refused = TransferDecision.insufficientFunds(debit, transfer.amount());
            return TransferResult.rejected(transfer, Reason.INSUFFICIENT_FUNDS, refused.detail(), now);
        }
        long creditBalance = accounts.credit(creditId, transfer.amount(), now)
                .orElseThrow(() -> new IllegalStateException("locked account " + creditId + " vanished"));
        if (debitBalance.get() != applied.debitBalance() || creditBalance != applied.creditBalance()) {
            throw new IllegalStateException("balances of " + debitId + " and " + creditId
                    + " changed while locked; refusing to commit transfer " + transfer.id());
        }
        return TransferResult.applied(transfer, debitBalance.get(), creditBalance, now);
    }

    private static AccountRow find(List<AccountRow> rows, AccountId id) {
        for (AccountRow row : rows) {
            if (row.id().equals(id)) {
                return row;
            }
        }
        return null;
    }
}
