package dev.tally.contracts;

import java.time.Instant;
import java.util.Objects;

/**
 * The result of a transfer command. The account, amount and currency fields echo the command and are {@code null}
 * only when the command itself was invalid; the balances are the two accounts' balances right after an applied
 * transfer, and {@code null} for a rejected one.
 */
public record TransferResult(CommandId id, Status status, Reason reason, String detail, boolean replay,
                             AccountId debitAccountId, AccountId creditAccountId, Long amount, String currency,
                             String reference, Long debitBalance, Long creditBalance, Instant decidedAt,
                             String reasonCode)
        implements Result {

    /**
     * @param reasonCode the reason's wire code: {@code reason.code()} (filled in when {@code null}), or a code this
     *                   version does not know, with {@code reason == null} (see {@link Result#reasonCode()})
     */
    public TransferResult {
        Objects.requireNonNull(id, "id");
        reason = Result.knownReason(reason, reasonCode);
        reasonCode = Result.requireConsistent(status, reason, reasonCode);
        Objects.requireNonNull(decidedAt, "decidedAt");
        if (status == Status.APPLIED && (debitBalance == null || creditBalance == null || amount == null)) {
            throw new IllegalArgumentException("an applied transfer result carries the amount and both balances");
        }
    }

    /** A result whose reason, if any, is one this version knows. */
    public TransferResult(CommandId id, Status status, Reason reason, String detail, boolean replay,
                          AccountId debitAccountId, AccountId creditAccountId, Long amount, String currency,
                          String reference, Long debitBalance, Long creditBalance, Instant decidedAt) {
        this(id, status, reason, detail, replay, debitAccountId, creditAccountId, amount, currency, reference,
                debitBalance, creditBalance, decidedAt, null);
    }

    /** An applied transfer. */
    public static TransferResult applied(Transfer transfer, long debitBalance, long creditBalance, Instant decidedAt) {
        return new TransferResult(transfer.id(), Status.APPLIED, null, null, false, transfer.debitAccountId(),
                transfer.creditAccountId(), transfer.amount(), transfer.currency(), transfer.reference(),
                debitBalance, creditBalance, decidedAt);
    }

    /** A rejected transfer that was well formed. */
    public static TransferResult rejected(Transfer transfer, Reason reason, String detail, Instant decidedAt) {
        return new TransferResult(transfer.id(), Status.REJECTED, reason, detail, false, transfer.debitAccountId(),
                transfer.creditAccountId(), transfer.amount(), transfer.currency(), transfer.reference(),
                null, null, decidedAt);
    }

    @Override
    public CommandType type() {
        return CommandType.TRANSFER;
    }

    @Override
    public TransferResult withReplay(boolean replay) {
        return replay == this.replay ? this : new TransferResult(id, status, reason, detail, replay, debitAccountId,
                creditAccountId, amount, currency, reference, debitBalance, creditBalance, decidedAt, reasonCode);
    }
}
