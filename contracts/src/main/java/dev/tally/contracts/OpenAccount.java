package dev.tally.contracts;

import java.util.Objects;

/**
 * Open an account. A bounded account may not go below {@code -overdraftLimit}; an unbounded one (a funding
 * account, how money enters the system) has no floor and is written with {@code "unbounded": true}.
 *
 * @param overdraftLimit {@code null} for an unbounded account, otherwise {@code >= 0}
 * @param owner          v1.2: the client the opening names as the account's owner, or {@code null} when it names
 *                       none (then the sender owns it: a client, or the operator)
 */
public record OpenAccount(CommandId id, AccountId accountId, String currency, Long overdraftLimit, String owner)
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
        if (owner != null && !ClientTopics.isValidName(owner)) {
            throw new IllegalArgumentException("owner must be a client name: " + ClientTopics.NAME.pattern());
        }
    }

    /** An opening that names no owner, as contract v1 and v1.1 knew openings. */
    public OpenAccount(CommandId id, AccountId accountId, String currency, Long overdraftLimit) {
        this(id, accountId, currency, overdraftLimit, null);
    }

    /** This opening naming {@code newOwner} (a client name, or {@code null} for none). */
    public OpenAccount ownedBy(String newOwner) {
        return new OpenAccount(id, accountId, currency, overdraftLimit, newOwner);
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
        String v1 = "open_account\n" + accountId.value() + '\n' + currency + '\n'
                + (overdraftLimit == null ? "unbounded" : overdraftLimit.toString());
        // The owner joins the fields only when named, so an opening without one (every opening stored before v1.2)
        // keeps its fingerprint.
        return owner == null ? v1 : v1 + "\nowner=" + owner;
    }
}
