package dev.tally.contracts;

import java.time.Instant;
import java.util.Objects;

/**
 * The result of an open-account command. The account fields echo the command and are {@code null} only when the
 * command itself was invalid.
 *
 * @param overdraftLimit {@code null} for an unbounded account
 * @param unbounded      {@code null} only when the command was invalid
 * @param owner          v1.2: the client that owns the account; {@code null} for an account of the operator's, and
 *                       then not written, so that the operator's results stay as they were in v1 and v1.1
 * @param reasonCode     the reason's wire code: {@code reason.code()} (filled in when {@code null}), or a code this
 *                       version does not know, with {@code reason == null} (see {@link Result#reasonCode()})
 */
public record OpenAccountResult(CommandId id, Status status, Reason reason, String detail, boolean replay,
                                AccountId accountId, String currency, Long overdraftLimit, Boolean unbounded,
                                String owner, Instant decidedAt, String reasonCode) implements Result {

    public OpenAccountResult {
        Objects.requireNonNull(id, "id");
        reason = Result.knownReason(reason, reasonCode);
        reasonCode = Result.requireConsistent(status, reason, reasonCode);
        Objects.requireNonNull(decidedAt, "decidedAt");
    }

    /** A result of an operator-owned account (no owner) whose reason, if any, is one this version knows. */
    public OpenAccountResult(CommandId id, Status status, Reason reason, String detail, boolean replay,
                             AccountId accountId, String currency, Long overdraftLimit, Boolean unbounded,
                             Instant decidedAt) {
        this(id, status, reason, detail, replay, accountId, currency, overdraftLimit, unbounded, null, decidedAt,
                null);
    }

    /** A result of an operator-owned account (no owner). */
    public OpenAccountResult(CommandId id, Status status, Reason reason, String detail, boolean replay,
                             AccountId accountId, String currency, Long overdraftLimit, Boolean unbounded,
                             Instant decidedAt, String reasonCode) {
        this(id, status, reason, detail, replay, accountId, currency, overdraftLimit, unbounded, null, decidedAt,
                reasonCode);
    }

    /** The opening was applied (or found already done with the same fields), for the owner the opening names. */
    public static OpenAccountResult applied(OpenAccount open, Instant decidedAt) {
        return new OpenAccountResult(open.id(), Status.APPLIED, null, null, false, open.accountId(), open.currency(),
                open.overdraftLimit(), open.unbounded(), open.owner(), decidedAt, null);
    }

    /** A well-formed opening that was refused; the owner echoes the one the opening names. */
    public static OpenAccountResult rejected(OpenAccount open, Reason reason, String detail, Instant decidedAt) {
        return new OpenAccountResult(open.id(), Status.REJECTED, reason, detail, false, open.accountId(),
                open.currency(), open.overdraftLimit(), open.unbounded(), open.owner(), decidedAt, null);
    }

    @Override
    public CommandType type() {
        return CommandType.OPEN_ACCOUNT;
    }

    @Override
    public OpenAccountResult withReplay(boolean replay) {
        return replay == this.replay ? this : new OpenAccountResult(id, status, reason, detail, replay, accountId,
                currency, overdraftLimit, unbounded, owner, decidedAt, reasonCode);
    }
}
