package dev.tally.contracts;

import java.time.Instant;

/**
 * The decision on one command, published on the results topic under the command's id.
 * {@code reason} is {@code null} exactly when {@code status} is {@link Status#APPLIED}.
 */
public sealed interface Result
        permits TransferResult, OpenAccountResult, PendingResolutionResult, LinkedTransfersResult, CloseAccountResult {

    CommandId id();

    CommandType type();

    Status status();

    /**
     * Why the command was rejected; {@code null} when it was applied, and also when a newer worker rejected it with
     * a reason this version does not know ({@link #reasonCode()} then holds that code).
     */
    Reason reason();

    /**
     * The reason's wire code, {@code null} exactly when the command was applied. It is {@code reason().code()}, or,
     * in a result read by a client from a newer worker ({@link WireCodec#decodeResultLeniently}), a code this
     * version does not know: new codes may be added to the contract, and an older client keeps them as text.
     */
    String reasonCode();

    /** A human sentence about the rejection; {@code null} when there is nothing to add. */
    String detail();

    /**
     * {@code true} when this result answers a new record carrying an id that was decided before (a client retry);
     * the decision and balances are then the stored ones. Exactly one result per id has {@code replay == false}.
     */
    boolean replay();

    /** When the decision was made, to the millisecond. */
    Instant decidedAt();

    /** This result with the given replay flag. */
    Result withReplay(boolean replay);

    default boolean applied() {
        return status() == Status.APPLIED;
    }

    /** The {@code REJECTED} result of a command whose fields break the contract; only id and type are echoed. */
    static Result ofInvalid(ParsedRecord.Invalid invalid, Instant decidedAt) {
        return switch (invalid.type()) {
            case TRANSFER -> new TransferResult(invalid.id(), Status.REJECTED, invalid.reason(), invalid.detail(),
                    false, null, null, null, null, null, null, null, decidedAt);
            case OPEN_ACCOUNT -> new OpenAccountResult(invalid.id(), Status.REJECTED, invalid.reason(),
                    invalid.detail(), false, null, null, null, null, decidedAt);
            case POST_PENDING, VOID_PENDING -> new PendingResolutionResult(invalid.id(), invalid.type(),
                    Status.REJECTED, invalid.reason(), invalid.detail(), false, null, null, null, null, null, null,
                    null, decidedAt);
            case LINKED_TRANSFERS -> new LinkedTransfersResult(invalid.id(), Status.REJECTED, invalid.reason(),
                    invalid.detail(), false, null, null, decidedAt);
            case CLOSE_ACCOUNT -> new CloseAccountResult(invalid.id(), Status.REJECTED, invalid.reason(),
                    invalid.detail(), false, null, decidedAt);
        };
    }

    /** The known reason named by {@code reason} or {@code reasonCode}, or {@code null} when there is none. */
    static Reason knownReason(Reason reason, String reasonCode) {
        return reason != null || reasonCode == null ? reason : Reason.fromCodeOrNull(reasonCode);
    }

    /**
     * Checks the rule shared by every result, a reason exactly when rejected, and returns the reason's wire code.
     *
     * @param reason     the known reason, or {@code null}
     * @param reasonCode its wire code (may be left {@code null} when {@code reason} is given), or an unknown code
     */
    static String requireConsistent(Status status, Reason reason, String reasonCode) {
        if (status == null) {
            throw new IllegalArgumentException("status is required");
        }
        if (reason != null && reasonCode != null && !reason.code().equals(reasonCode)) {
            throw new IllegalArgumentException("reason " + reason.code() + " has another code than " + reasonCode);
        }
        String code = reason != null ? reason.code() : reasonCode;
        if ((status == Status.APPLIED) != (code == null)) {
            throw new IllegalArgumentException(status == Status.APPLIED
                    ? "an applied result has no reason" : "a rejected result needs a reason");
        }
        return code;
    }
}
