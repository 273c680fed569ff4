package dev.tally.worker.account;

import dev.tally.contracts.AccountId;

/**
 * An account as read under its row lock.
 *
 * @param overdraftLimit {@code null} for an unbounded (funding) account
 */
public record AccountRow(AccountId id, String currency, long balance, Long overdraftLimit, long version) {

    public boolean unbounded() {
        return overdraftLimit == null;
    }

    public AccountRow withBalance(long newBalance) {
        return new AccountRow(id, currency, newBalance, overdraftLimit, version);
    }
}
