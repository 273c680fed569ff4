package dev.tally.contracts;

import java.time.Instant;
import java.util.Objects;

/**
 * The result of an open-account command. The account fields echo the command and are {@code null} only when the
 * command itself was invalid.
 *
 * @param overdraftLimit {@code null} for an unbounded account
 * @param unbounded      {@code null} only when the command was invalid
 */
public record OpenAccountResult(CommandId id, Status status, Reason reason, String detail, boolean replay,
                                AccountId accountId, String currency, Long overdraftLimit, Boolean unbounded,
                                Instant decidedAt) implements Result {

    public OpenAccountResult {
        Objects.requireNonNull(id, "id");
        Result.requireConsistent(status, reason);
        Objects.requireNonNull(decidedAt, "decidedAt");
    }

    /** The opening was applied (or found already done with the same fields). */
    public static OpenAccountResult applied(OpenAccount open, Instant decidedAt) {
        return new OpenAccountResult(open.id(), Status.APPLIED, null, null, false, open.accountId(), open.currency(),
                open.overdraftLimit(), open.unbounded(), decidedAt);
    }

    /** A well-formed opening that was refused. */
    public static OpenAccountResult rejected(OpenAccount open, Reason reason, String detail, Instant decidedAt) {
        return new OpenAccountResult(open.id(), Status.REJECTED, reason, detail, false, open.accountId(),
                open.currency(), open.overdraftLimit(), open.unbounded(), decidedAt);
    }

    @Override
    public CommandType type() {
        return CommandType.OPEN_ACCOUNT;
    }

    @Override
    public OpenAccountResult withReplay(boolean replay) {
        return replay == this.replay ? this : new OpenAccountResult(id, status, reason, detail, replay, accountId,
                currency, overdraftLimit, unbounded, decidedAt);
    }
}
