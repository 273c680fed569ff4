package dev.tally.contracts;

import java.util.Objects;

/**
 * Contract v1.1: close an account. It must have a zero balance and no live hold; afterwards no transfer, leg or hold
 * may touch it, and it cannot be opened again. Keyed by the account.
 */
public record CloseAccount(CommandId id, AccountId accountId) implements Command {

    public CloseAccount {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(accountId, "accountId");
    }

    @Override
    public CommandType type() {
        return CommandType.CLOSE_ACCOUNT;
    }

    @Override
    public AccountId orderingKey() {
        return accountId;
    }

    @Override
    public String canonicalFields() {
        return "close_account\n" + accountId.value();
    }
}
