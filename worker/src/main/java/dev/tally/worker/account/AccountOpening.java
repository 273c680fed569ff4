package dev.tally.worker.account;

import java.time.Instant;
import java.util.Objects;

import org.springframework.stereotype.Component;

import dev.tally.contracts.OpenAccount;
import dev.tally.contracts.OpenAccountResult;
import dev.tally.contracts.Reason;

/**
 * Opens accounts. Opening an account that exists with the same currency and limits is applied and changes nothing;
 * with other fields it is rejected as {@code ACCOUNT_EXISTS}.
 */
@Component
public class AccountOpening {

    private final Accounts accounts;

    public AccountOpening(Accounts accounts) {
        this.accounts = accounts;
    }

    /** Runs inside the caller's transaction. */
    public OpenAccountResult open(OpenAccount command, Instant now) {
        if (accounts.insertIfAbsent(command.accountId(), command.currency(), command.overdraftLimit(), now)) {
            return OpenAccountResult.applied(command, now);
        }
        AccountRow existing = accounts.find(command.accountId())
                .orElseThrow(() -> new IllegalStateException("account " + command.accountId()
                        + " conflicted on insert but cannot be read"));
        return decide(command, existing, now);
    }

    /** The decision on reopening an existing account: a plain function of the command and the row. */
    static OpenAccountResult decide(OpenAccount command, AccountRow existing, Instant now) {
        if (existing.currency().equals(command.currency())
                && Objects.equals(existing.overdraftLimit(), command.overdraftLimit())) {
            return OpenAccountResult.applied(command, now);
        }
        return OpenAccountResult.rejected(command, Reason.ACCOUNT_EXISTS, "account " + command.accountId()
                + " exists with currency " + existing.currency() + " and "
                + (existing.unbounded() ? "no floor" : "overdraft limit " + existing.overdraftLimit()), now);
    }
}
