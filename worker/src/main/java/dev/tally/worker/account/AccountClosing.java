package dev.tally.worker.account;

import java.time.Instant;

import dev.tally.contracts.CloseAccount;
import dev.tally.contracts.CloseAccountResult;
import dev.tally.contracts.Reason;

/**
 * Decides a closing: a plain function of the command and the account's row (its expired holds already released),
 * like {@code AccountOpening}. An account is closed only with a zero balance and no live hold, as debit or credit
 * account; closing a closed account again is applied and changes nothing.
 */
public final class AccountClosing {

    private AccountClosing() {
    }

    /**
     * The decision; when applied and the account was open, the caller marks it closed.
     *
     * @param existing the account as it stands, {@code null} when it does not exist
     */
    public static CloseAccountResult decide(CloseAccount command, AccountRow existing, Instant now) {
        if (existing == null) {
            return CloseAccountResult.rejected(command, Reason.ACCOUNT_NOT_FOUND,
                    "account " + command.accountId() + " does not exist", now);
        }
        if (existing.closed()) {
            return CloseAccountResult.applied(command, now);
        }
        if (existing.balance() != 0) {
            return CloseAccountResult.rejected(command, Reason.ACCOUNT_NOT_EMPTY,
                    "account " + command.accountId() + " has balance " + existing.balance() + "; only an account "
                            + "with balance 0 can be closed", now);
        }
        if (existing.pendingDebits() != 0 || existing.pendingCredits() != 0) {
            return CloseAccountResult.rejected(command, Reason.ACCOUNT_HAS_PENDING,
                    "account " + command.accountId() + " has live holds (pending debits " + existing.pendingDebits()
                            + ", pending credits " + existing.pendingCredits() + "); post or void them first", now);
        }
        return CloseAccountResult.applied(command, now);
    }
}
