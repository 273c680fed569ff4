package dev.tally.worker.transfer;

import java.util.Objects;

import dev.tally.contracts.Reason;

/** The outcome of deciding a post or void of a hold against its locked row and its two accounts. */
public sealed interface Resolution {

    /**
     * Apply it.
     *
     * @param moved         the amount that moves from debit to credit balance (0 for a void)
     * @param released      the held amount both pending totals drop by (the whole hold)
     * @param debitBalance  the debit account's balance afterwards
     * @param creditBalance the credit account's balance afterwards
     */
    record Applied(long moved, long released, long debitBalance, long creditBalance) implements Resolution {
    }

    /** Refuse it, changing nothing. */
    record Rejected(Reason reason, String detail) implements Resolution {

        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
