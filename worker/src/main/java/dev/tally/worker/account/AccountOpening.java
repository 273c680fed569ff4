package dev.tally.worker.account;

import java.time.Instant;
import java.util.Objects;

import dev.tally.contracts.OpenAccount;
import dev.tally.contracts.OpenAccountResult;
import dev.tally.contracts.Reason;

/**
 * Decides an opening: a new account is opened with a zero balance; opening an account that exists with the same
 * currency, limits and owner is applied and changes nothing; with other fields it is rejected as
 * {@code ACCOUNT_EXISTS}. Whether the sender may open it at all is decided before, by {@code Authority}.
 * A plain function of the command and the account's row, like {@code TransferDecision}.
 */
public final class AccountOpening {

    private AccountOpening() {
    }

    /**
     * The decision on an opening: applied (the caller opens the account) when {@code existing} is {@code null}.
     *
     * @param command  the opening, naming the owner the account has or will have ({@code null}: the operator)
     * @param existing the account as it stands, {@code null} when it does not exist
     */
    public static OpenAccountResult decide(OpenAccount command, AccountRow existing, Instant now) {
        if (existing == null) {
            return OpenAccountResult.applied(command, now);
        }
        if (existing.closed()) {
            // A closed account keeps its id and history; it is never opened again (contract v1.1).
            return OpenAccountResult.rejected(command, Reason.ACCOUNT_EXISTS, "account " + command.accountId()
                    + " was closed; a closed account cannot be opened again", now);
        }
        if (existing.currency().equals(command.currency())
                && Objects.equals(existing.overdraftLimit(), command.overdraftLimit())
                && Objects.equals(existing.owner(), command.owner())) {
            return OpenAccountResult.applied(command, now);
        }
        return OpenAccountResult.rejected(command, Reason.ACCOUNT_EXISTS, "account " + command.accountId()
                + " exists with currency " + existing.currency() + " and "
                + (existing.unbounded() ? "no floor" : "overdraft limit " + existing.overdraftLimit())
                + (Objects.equals(existing.owner(), command.owner()) ? ""
                        : existing.owner() == null ? ", owned by the operator" : ", owned by " + existing.owner()), now);
    }
}
