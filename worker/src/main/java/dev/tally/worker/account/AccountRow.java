package dev.tally.worker.account;

import java.math.BigInteger;

import dev.tally.contracts.AccountId;

/**
 * An account as read under its row lock.
 *
 * @param overdraftLimit {@code null} for an unbounded (funding) account
 * @param pendingDebits  the amounts of its unreleased holds as debit account (v1.1); once the batch has released the
 *                       expired ones, exactly its live holds
 * @param pendingCredits the amounts of its unreleased holds as credit account (v1.1)
 * @param closed         whether it was closed (v1.1): nothing may touch it any more
 * @param owner          the client that owns it (v1.2); {@code null} for the operator's
 */
public record AccountRow(AccountId id, String currency, long balance, Long overdraftLimit, long version,
                         long pendingDebits, long pendingCredits, boolean closed, String owner) {

    /** An account of the operator's, as contract v1.1 knew accounts. */
    public AccountRow(AccountId id, String currency, long balance, Long overdraftLimit, long version,
                      long pendingDebits, long pendingCredits, boolean closed) {
        this(id, currency, balance, overdraftLimit, version, pendingDebits, pendingCredits, closed, null);
    }

    /** An open account without holds, as contract v1 knew accounts. */
    public AccountRow(AccountId id, String currency, long balance, Long overdraftLimit, long version) {
        this(id, currency, balance, overdraftLimit, version, 0, 0, false);
    }

    public boolean unbounded() {
        return overdraftLimit == null;
    }

    /**
     * What a debit may still take before the floor: {@code balance - pending_debits + overdraft_limit}, as an exact
     * number (it may exceed 64 bits); meaningless for an unbounded account.
     */
    public BigInteger headroom() {
        return BigInteger.valueOf(balance).subtract(BigInteger.valueOf(pendingDebits))
                .add(BigInteger.valueOf(overdraftLimit == null ? 0 : overdraftLimit));
    }

    public AccountRow withBalance(long newBalance) {
        return new AccountRow(id, currency, newBalance, overdraftLimit, version, pendingDebits, pendingCredits,
                closed, owner);
    }

    public AccountRow withPending(long newPendingDebits, long newPendingCredits) {
        return new AccountRow(id, currency, balance, overdraftLimit, version, newPendingDebits, newPendingCredits,
                closed, owner);
    }

    public AccountRow withBalanceAndPending(long newBalance, long newPendingDebits, long newPendingCredits) {
        return new AccountRow(id, currency, newBalance, overdraftLimit, version, newPendingDebits, newPendingCredits,
                closed, owner);
    }

    public AccountRow closedNow() {
        return new AccountRow(id, currency, balance, overdraftLimit, version, pendingDebits, pendingCredits, true,
                owner);
    }

    public AccountRow withVersion(long newVersion) {
        return new AccountRow(id, currency, balance, overdraftLimit, newVersion, pendingDebits, pendingCredits,
                closed, owner);
    }
}
