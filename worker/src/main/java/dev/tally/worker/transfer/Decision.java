package dev.tally.worker.transfer;

import java.util.Objects;

import dev.tally.contracts.Reason;

/** The outcome of deciding one transfer against the locked account rows. */
public sealed interface Decision {

    /** Apply it; these are the balances the two accounts will have afterwards. */
    record Applied(long debitBalance, long creditBalance) implements Decision {
    }

    /** Refuse it, changing nothing. */
    record Rejected(Reason reason, String detail) implements Decision {

        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
