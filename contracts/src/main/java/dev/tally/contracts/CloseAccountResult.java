package dev.tally.contracts;

import java.time.Instant;
import java.util.Objects;

/**
 * Contract v1.1: the result of a {@code close_account} command. {@code accountId} echoes the command and is
 * {@code null} only when the command itself was invalid. Closing a closed account again is applied and changes
 * nothing.
 */
public record CloseAccountResult(CommandId id, Status status, Reason reason, String detail, boolean replay,
                                 AccountId accountId, Instant decidedAt, String reasonCode) implements Result {

    public CloseAccountResult {
        Objects.requireNonNull(id, "id");
        reason = Result.knownReason(reason, reasonCode);
        reasonCode = Result.requireConsistent(status, reason, reasonCode);
        Objects.requireNonNull(decidedAt, "decidedAt");
    }

    /** A result whose reason, if any, is one this version knows. */
    public CloseAccountResult(CommandId id, Status status, Reason reason, String detail, boolean replay,
                              AccountId accountId, Instant decidedAt) {
        this(id, status, reason, detail, replay, accountId, decidedAt, null);
    }

    public static CloseAccountResult applied(CloseAccount command, Instant decidedAt) {
        return new CloseAccountResult(command.id(), Status.APPLIED, null, null, false, command.accountId(), decidedAt);
    }

    public static CloseAccountResult rejected(CloseAccount command, Reason reason, String detail, Instant decidedAt) {
        return new CloseAccountResult(command.id(), Status.REJECTED, reason, detail, false, command.accountId(),
                decidedAt);
    }

    @Override
    public CommandType type() {
        return CommandType.CLOSE_ACCOUNT;
    }

    @Override
    public CloseAccountResult withReplay(boolean replay) {
        return replay == this.replay ? this
                : new CloseAccountResult(id, status, reason, detail, replay, accountId, decidedAt, reasonCode);
    }
}
