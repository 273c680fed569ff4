package dev.tally.contracts;

import java.util.Objects;

/**
 * Contract v1.1: move the money a pending transfer holds from its debit to its credit account, all of it or a
 * smaller {@code amount} (the rest is released). Keyed by the pending transfer's debit account.
 *
 * @param pendingId the id of the pending transfer
 * @param amount    the amount to move, at least 1; {@code null} to move the whole held amount
 */
public record PostPending(CommandId id, CommandId pendingId, Long amount) implements Command {

    public PostPending {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(pendingId, "pendingId");
        if (amount != null && amount < 1) {
            throw new IllegalArgumentException("amount must be at least 1 minor unit, was " + amount);
        }
    }

    @Override
    public CommandType type() {
        return CommandType.POST_PENDING;
    }

    /** {@code null}: the command names no account; it is keyed by the pending transfer's debit account. */
    @Override
    public AccountId orderingKey() {
        return null;
    }

    @Override
    public String canonicalFields() {
        return "post_pending\n" + pendingId + '\n' + (amount == null ? "-" : amount.toString());
    }
}
