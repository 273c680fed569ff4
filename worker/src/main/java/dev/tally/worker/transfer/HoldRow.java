package dev.tally.worker.transfer;

import java.time.Instant;
import java.util.Objects;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.CommandId;

/**
 * An applied pending transfer (a hold) as read under its row lock, or as decided earlier in the same batch.
 *
 * @param expiresAt {@code null} when it never expires
 * @param sender    the client that took it (v1.2), {@code null} for the operator
 */
public record HoldRow(CommandId id, AccountId debitAccountId, AccountId creditAccountId, long amount,
                      String currency, Instant expiresAt, State state, String sender) {

    /** A hold the operator took, as contract v1.1 knew holds. */
    public HoldRow(CommandId id, AccountId debitAccountId, AccountId creditAccountId, long amount, String currency,
                   Instant expiresAt, State state) {
        this(id, debitAccountId, creditAccountId, amount, currency, expiresAt, state, null);
    }

    /** Where a hold stands. Only {@link #PENDING} holds money; a pending hold past its expiry no longer does. */
    public enum State {
        PENDING, POSTED, VOIDED, EXPIRED
    }

    public HoldRow {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
    }

    /** Whether the hold still holds its money at {@code now}: pending, and {@code now} before its expiry. */
    public boolean liveAt(Instant now) {
        return state == State.PENDING && (expiresAt == null || now.isBefore(expiresAt));
    }

    /** Whether the hold is pending but its expiry has come: it must be released. */
    public boolean expiredAt(Instant now) {
        return state == State.PENDING && expiresAt != null && !now.isBefore(expiresAt);
    }

    public HoldRow withState(State newState) {
        return new HoldRow(id, debitAccountId, creditAccountId, amount, currency, expiresAt, newState, sender);
    }
}
