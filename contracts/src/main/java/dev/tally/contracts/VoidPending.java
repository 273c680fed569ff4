package dev.tally.contracts;

import java.util.Objects;

/**
 * Contract v1.1: release the money a pending transfer holds. Keyed by the pending transfer's debit account.
 *
 * @param pendingId the id of the pending transfer
 */
public record VoidPending(CommandId id, CommandId pendingId) implements Command {

    public VoidPending {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(pendingId, "pendingId");
    }

    @Override
    public CommandType type() {
        return CommandType.VOID_PENDING;
    }

    /** {@code null}: the command names no account; it is keyed by the pending transfer's debit account. */
    @Override
    public AccountId orderingKey() {
        return null;
    }

    @Override
    public String canonicalFields() {
        return "void_pending\n" + pendingId;
    }
}
