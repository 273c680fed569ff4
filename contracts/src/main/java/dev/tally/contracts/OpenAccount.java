package dev.tally.contracts;

import java.util.Objects;

/**
 * Open an account. A bounded account may not go below {@code -overdraftLimit}; an unbounded one (a funding
 * account, how money enters the system) has no floor and is written with {@code "unbounded": true}.
 *
 * @param overdraftLimit {@code null} for an unbounded account, otherwise {@code >= 0}
 */
public record OpenAccount(CommandId id, AccountId accountId, String currency, Long overdraftLimit)
        implements Command {

    public OpenAccount {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(accountId, "accountId");
        if (!Money.isValidCurrency(currency)) {
            throw new IllegalArgumentException("currency must be three upper-case letters");
        }
        if (overdraftLimit != null && overdraftLimit < 0) {
            throw new IllegalArgumentException("overdraft_limit must be >= 0, was " + overdraftLimit);
        }
    }

    /** An account whose balance may not go below {@code -overdraftLimit} (0: never negative). */
    public static OpenAccount bounded(CommandId id, AccountId accountId, String currency, long overdraftLimit) {
        return new OpenAccount(id, accountId, currency, overdraftLimit);
    }

    /** A funding account with no floor. */
    public static OpenAccount unbounded(CommandId id, AccountId accountId, String currency) {
        return new OpenAccount(id, accountId, currency, null);
    }

    public boolean unbounded() {
        return overdraftLimit == null;
    }

    @Override
    public CommandType type() {
        return CommandType.OPEN_ACCOUNT;
    }

    @Override
    public AccountId orderingKey() {
        return accountId;
    }

    @Override
    public String canonicalFields() {
        return "open_account\n" + accountId.value() + '\n' + currency + '\n'
                + (overdraftLimit == null ? "unbounded" : overdraftLimit.toString());
    }
}
