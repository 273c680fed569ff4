package dev.tally.contracts;

import java.time.Instant;
import java.util.Objects;

/**
 * The result of a transfer command. The account, amount and currency fields echo the command and are {@code null}
 * only when the command itself was invalid; the balances are the two accounts' (posted) balances right after an
 * applied transfer, and {@code null} for a rejected one. A hold (v1.1) moves no balance: its balances are the
 * unchanged ones.
 *
 * @param pending   {@code true} when the command was a pending transfer (a hold); written only then
 * @param expiresAt when an applied hold stops counting ({@code decided_at + timeout_seconds}); {@code null} for a
 *                  hold that never expires, for a rejected one and for a plain transfer
 * @param reasonCode the reason's wire code: {@code reason.code()} (filled in when {@code null}), or a code this
 *                   version does not know, with {@code reason == null} (see {@link Result#reasonCode()})
 */
public record TransferResult(CommandId id, Status status, Reason reason, String detail, boolean replay,
                             AccountId debitAccountId, AccountId creditAccountId, Long amount, String currency,
                             String reference, Long debitBalance, Long creditBalance, Instant decidedAt,
                             boolean pending, Instant expiresAt, String reasonCode)
        implements Result {

    public TransferResult {
        Objects.requireNonNull(id, "id");
        reason = Result.knownReason(reason, reasonCode);
        reasonCode = Result.requireConsistent(status, reason, reasonCode);
        Objects.requireNonNull(decidedAt, "decidedAt");
        // v1.2: a result sent to a client leaves out the balance of an account it does not own (the credit side).
        if (status == Status.APPLIED && amount == null) {
            throw new IllegalArgumentException("an applied transfer result carries the amount");
        }
        if (expiresAt != null && !(pending && status == Status.APPLIED)) {
            throw new IllegalArgumentException("only an applied hold has an expiry");
        }
    }

    /** A result whose reason, if any, is one this version knows. */
    public TransferResult(CommandId id, Status status, Reason reason, String detail, boolean replay,
                          AccountId debitAccountId, AccountId creditAccountId, Long amount, String currency,
                          String reference, Long debitBalance, Long creditBalance, Instant decidedAt,
                          boolean pending, Instant expiresAt) {
        this(id, status, reason, detail, replay, debitAccountId, creditAccountId, amount, currency, reference,
                debitBalance, creditBalance, decidedAt, pending, expiresAt, null);
    }

    /** The result of a plain (v1) transfer, whose reason, if any, is one this version knows. */
    public TransferResult(CommandId id, Status status, Reason reason, String detail, boolean replay,
                          AccountId debitAccountId, AccountId creditAccountId, Long amount, String currency,
                          String reference, Long debitBalance, Long creditBalance, Instant decidedAt) {
        this(id, status, reason, detail, replay, debitAccountId, creditAccountId, amount, currency, reference,
                debitBalance, creditBalance, decidedAt, false, null, null);
    }

    /** An applied transfer; for a hold, its expiry is {@code decidedAt + timeout_seconds}. */
    public static TransferResult applied(Transfer transfer, long debitBalance, long creditBalance, Instant decidedAt) {
        Instant expiresAt = transfer.timeoutSeconds() == null ? null
                : decidedAt.plusSeconds(transfer.timeoutSeconds());
        return new TransferResult(transfer.id(), Status.APPLIED, null, null, false, transfer.debitAccountId(),
                transfer.creditAccountId(), transfer.amount(), transfer.currency(), transfer.reference(),
                debitBalance, creditBalance, decidedAt, transfer.pending(), expiresAt);
    }

    /** A rejected transfer that was well formed. */
    public static TransferResult rejected(Transfer transfer, Reason reason, String detail, Instant decidedAt) {
        return new TransferResult(transfer.id(), Status.REJECTED, reason, detail, false, transfer.debitAccountId(),
                transfer.creditAccountId(), transfer.amount(), transfer.currency(), transfer.reference(),
                null, null, decidedAt, transfer.pending(), null);
    }

    @Override
    public CommandType type() {
        return CommandType.TRANSFER;
    }

    @Override
    public TransferResult withReplay(boolean replay) {
        return replay == this.replay ? this : new TransferResult(id, status, reason, detail, replay, debitAccountId,
                creditAccountId, amount, currency, reference, debitBalance, creditBalance, decidedAt, pending,
                expiresAt, reasonCode);
    }
}
