package dev.tally.worker.web;

import java.math.BigInteger;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An account as {@code GET /accounts/{id}} shows it.
 *
 * @param overdraftLimit {@code null} for an unbounded (funding) account
 * @param version        incremented by every write of the account's row
 * @param pendingDebits  v1.1: the amounts of its live holds as debit account (expired ones no longer count)
 * @param pendingCredits v1.1: the amounts of its live holds as credit account
 * @param available      v1.1: {@code balance - pending_debits}, what the floor applies to
 * @param closed         v1.1: whether the account was closed
 * @param owner          v1.2: the client that owns the account, {@code null} when the operator does
 */
record AccountView(String id, String currency, long balance,
                   @JsonProperty("overdraft_limit") Long overdraftLimit, boolean unbounded, long version,
                   @JsonProperty("pending_debits") long pendingDebits,
                   @JsonProperty("pending_credits") long pendingCredits, BigInteger available, boolean closed,
                   String owner) {
}
