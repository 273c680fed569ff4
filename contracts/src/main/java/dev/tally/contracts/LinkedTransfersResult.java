package dev.tally.contracts;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Contract v1.1: the result of a {@code linked_transfers} command. Applied: every leg moved, and {@code legs} holds
 * each leg's two balances right after it, in order. Rejected: no leg moved; {@code failedLeg} is the index (from 0)
 * of the first leg that could not be applied, and {@code reason} and {@code detail} are that leg's.
 *
 * @param legs      the balances after each leg of an applied command; empty on a rejection, never {@code null}
 * @param failedLeg the failing leg of a rejected command; {@code null} when applied, or when the command itself
 *                  was invalid (its {@code detail} then names the leg's field)
 */
public record LinkedTransfersResult(CommandId id, Status status, Reason reason, String detail, boolean replay,
                                    List<LegBalances> legs, Integer failedLeg, Instant decidedAt, String reasonCode)
        implements Result {

    public LinkedTransfersResult {
        Objects.requireNonNull(id, "id");
        reason = Result.knownReason(reason, reasonCode);
        reasonCode = Result.requireConsistent(status, reason, reasonCode);
        Objects.requireNonNull(decidedAt, "decidedAt");
        legs = legs == null ? List.of() : List.copyOf(legs);
        if (status == Status.APPLIED && (legs.isEmpty() || failedLeg != null)) {
            throw new IllegalArgumentException("an applied linked result carries every leg's balances, no failed leg");
        }
        if (status == Status.REJECTED && !legs.isEmpty()) {
            throw new IllegalArgumentException("a rejected linked result moved nothing and carries no leg balances");
        }
        if (failedLeg != null && failedLeg < 0) {
            throw new IllegalArgumentException("failed_leg must be >= 0, was " + failedLeg);
        }
    }

    /** A result whose reason, if any, is one this version knows. */
    public LinkedTransfersResult(CommandId id, Status status, Reason reason, String detail, boolean replay,
                                 List<LegBalances> legs, Integer failedLeg, Instant decidedAt) {
        this(id, status, reason, detail, replay, legs, failedLeg, decidedAt, null);
    }

    /**
     * The two balances right after one leg. v1.2: a result sent to a client leaves out the figures of accounts it
     * does not own ({@code null}); the operator's results carry both.
     */
    public record LegBalances(Long debitBalance, Long creditBalance) {

        /** Both figures, as the operator's results (and every result before v1.2) carry them. */
        public LegBalances(long debitBalance, long creditBalance) {
            this(Long.valueOf(debitBalance), Long.valueOf(creditBalance));
        }
    }

    public static LinkedTransfersResult applied(LinkedTransfers command, List<LegBalances> legs, Instant decidedAt) {
        return new LinkedTransfersResult(command.id(), Status.APPLIED, null, null, false, legs, null, decidedAt);
    }

    public static LinkedTransfersResult rejected(LinkedTransfers command, int failedLeg, Reason reason, String detail,
                                                 Instant decidedAt) {
        return new LinkedTransfersResult(command.id(), Status.REJECTED, reason, detail, false, List.of(), failedLeg,
                decidedAt);
    }

    @Override
    public CommandType type() {
        return CommandType.LINKED_TRANSFERS;
    }

    @Override
    public LinkedTransfersResult withReplay(boolean replay) {
        return replay == this.replay ? this
                : new LinkedTransfersResult(id, status, reason, detail, replay, legs, failedLeg, decidedAt,
                        reasonCode);
    }
}
