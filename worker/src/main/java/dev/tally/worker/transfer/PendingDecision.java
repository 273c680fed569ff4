package dev.tally.worker.transfer;

import java.time.Instant;

import dev.tally.contracts.CommandId;
import dev.tally.contracts.PostPending;
import dev.tally.contracts.Reason;
import dev.tally.worker.account.AccountRow;

/**
 * Decides a post or void of a hold: a plain function of the command, the hold's row, its two account rows and the
 * decision time, like {@link TransferDecision}. Checks run in TigerBeetle's order: the hold exists, is not posted,
 * not voided, not expired; then a post's amount fits within it.
 */
public final class PendingDecision {

    private PendingDecision() {
    }

    /**
     * @param post   the post, or {@code null} for a void
     * @param hold   the hold as it stands, {@code null} when {@code pendingId} is no applied pending transfer
     * @param debit  the hold's debit account row (ignored when {@code hold} is {@code null})
     * @param credit the hold's credit account row (ignored when {@code hold} is {@code null})
     */
    public static Resolution decide(CommandId pendingId, PostPending post, HoldRow hold, AccountRow debit,
                                    AccountRow credit, Instant now) {
        if (hold == null) {
            return new Resolution.Rejected(Reason.PENDING_TRANSFER_NOT_FOUND,
                    pendingId + " is not a pending transfer that was applied");
        }
        switch (hold.state()) {
            case POSTED -> {
                return new Resolution.Rejected(Reason.PENDING_TRANSFER_ALREADY_POSTED,
                        "pending transfer " + pendingId + " was posted before");
            }
            case VOIDED -> {
                return new Resolution.Rejected(Reason.PENDING_TRANSFER_ALREADY_VOIDED,
                        "pending transfer " + pendingId + " was voided before");
            }
            case EXPIRED -> {
                return expired(hold);
            }
            case PENDING -> {
                if (hold.expiredAt(now)) {
                    return expired(hold);
                }
            }
        }
        if (post == null) {
            return new Resolution.Applied(0, hold.amount(), debit.balance(), credit.balance());
        }
        long amount = post.amount() == null ? hold.amount() : post.amount();
        if (amount > hold.amount()) {
            return new Resolution.Rejected(Reason.EXCEEDS_PENDING_AMOUNT, "posting " + amount + " of pending transfer "
                    + pendingId + ", which holds " + hold.amount());
        }
        long debitBalance;
        try {
            debitBalance = Math.subtractExact(debit.balance(), amount);
        } catch (ArithmeticException e) {
            return new Resolution.Rejected(Reason.BALANCE_OVERFLOW, "debiting " + amount + " from " + debit.id()
                    + " would take its balance below " + Long.MIN_VALUE);
        }
        long creditBalance;
        try {
            creditBalance = Math.addExact(credit.balance(), amount);
        } catch (ArithmeticException e) {
            return new Resolution.Rejected(Reason.BALANCE_OVERFLOW, "crediting " + amount + " to " + credit.id()
                    + " would take its balance above " + Long.MAX_VALUE);
        }
        // No floor check: the debit's available balance only grows, by the held amount less the amount moved.
        return new Resolution.Applied(amount, hold.amount(), debitBalance, creditBalance);
    }

    private static Resolution.Rejected expired(HoldRow hold) {
        return new Resolution.Rejected(Reason.PENDING_TRANSFER_EXPIRED, "pending transfer " + hold.id()
                + " expired at " + hold.expiresAt() + "; its money was released");
    }
}
