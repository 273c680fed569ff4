package dev.tally.contracts;

import java.time.Instant;
import java.util.Objects;

/**
 * Contract v1.1: the result of a {@code post_pending} or {@code void_pending} command. It echoes {@code pendingId};
 * the accounts and currency are the pending transfer's ({@code null} when it was not found or the command was
 * invalid).
 *
 * @param amount        applied post: the amount moved; applied void: the amount released; {@code null} on a
 *                      rejection
 * @param debitBalance  the debit account's balance right after an applied post or void; {@code null} on a rejection
 * @param creditBalance the credit account's balance right after an applied post or void; {@code null} on a
 *                      rejection
 */
public record PendingResolutionResult(CommandId id, CommandType type, Status status, Reason reason, String detail,
                                      boolean replay, CommandId pendingId, AccountId debitAccountId,
                                      AccountId creditAccountId, Long amount, String currency, Long debitBalance,
                                      Long creditBalance, Instant decidedAt, String reasonCode) implements Result {

    public PendingResolutionResult {
        Objects.requireNonNull(id, "id");
        if (type != CommandType.POST_PENDING && type != CommandType.VOID_PENDING) {
            throw new IllegalArgumentException("type must be post_pending or void_pending, was " + type);
        }
        reason = Result.knownReason(reason, reasonCode);
        reasonCode = Result.requireConsistent(status, reason, reasonCode);
        Objects.requireNonNull(decidedAt, "decidedAt");
        // v1.2: a result sent to a client leaves out the balances of accounts it does not own.
        if (status == Status.APPLIED && (amount == null
                || pendingId == null || debitAccountId == null || creditAccountId == null || currency == null)) {
            throw new IllegalArgumentException("an applied post or void carries the pending transfer, its accounts "
                    + "and the amount");
        }
    }

    /** A result whose reason, if any, is one this version knows. */
    public PendingResolutionResult(CommandId id, CommandType type, Status status, Reason reason, String detail,
                                   boolean replay, CommandId pendingId, AccountId debitAccountId,
                                   AccountId creditAccountId, Long amount, String currency, Long debitBalance,
                                   Long creditBalance, Instant decidedAt) {
        this(id, type, status, reason, detail, replay, pendingId, debitAccountId, creditAccountId, amount, currency,
                debitBalance, creditBalance, decidedAt, null);
    }

    /** An applied post ({@code amount} moved) or void ({@code amount} released). */
    public static PendingResolutionResult applied(Command command, CommandId pendingId, AccountId debitAccountId,
                                                  AccountId creditAccountId, long amount, String currency,
                                                  long debitBalance, long creditBalance, Instant decidedAt) {
        return new PendingResolutionResult(command.id(), command.type(), Status.APPLIED, null, null, false,
                pendingId, debitAccountId, creditAccountId, amount, currency, debitBalance, creditBalance, decidedAt);
    }

    /**
     * A rejected post or void that was well formed.
     *
     * @param debitAccountId  the pending transfer's, {@code null} when it was not found
     * @param creditAccountId the pending transfer's, {@code null} when it was not found
     * @param currency        the pending transfer's, {@code null} when it was not found
     */
    public static PendingResolutionResult rejected(Command command, CommandId pendingId, AccountId debitAccountId,
                                                   AccountId creditAccountId, String currency, Reason reason,
                                                   String detail, Instant decidedAt) {
        return new PendingResolutionResult(command.id(), command.type(), Status.REJECTED, reason, detail, false,
                pendingId, debitAccountId, creditAccountId, null, currency, null, null, decidedAt);
    }

    @Override
    public PendingResolutionResult withReplay(boolean replay) {
        return replay == this.replay ? this : new PendingResolutionResult(id, type, status, reason, detail, replay,
                pendingId, debitAccountId, creditAccountId, amount, currency, debitBalance, creditBalance, decidedAt,
                reasonCode);
    }
}
