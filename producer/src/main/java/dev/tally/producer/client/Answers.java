package dev.tally.producer.client;

import java.util.Objects;

import dev.tally.contracts.CloseAccount;
import dev.tally.contracts.CloseAccountResult;
import dev.tally.contracts.Command;
import dev.tally.contracts.LinkedTransfers;
import dev.tally.contracts.LinkedTransfersResult;
import dev.tally.contracts.OpenAccount;
import dev.tally.contracts.OpenAccountResult;
import dev.tally.contracts.PendingResolutionResult;
import dev.tally.contracts.PostPending;
import dev.tally.contracts.Reason;
import dev.tally.contracts.Result;
import dev.tally.contracts.Transfer;
import dev.tally.contracts.TransferResult;
import dev.tally.contracts.VoidPending;

/**
 * Which result answers which waiter. Results echo their command's fields, so when one id is (wrongly) reused for
 * two different commands, each command's future still gets the answer to itself: the original decision for the
 * first, the {@code ID_REUSED_WITH_DIFFERENT_FIELDS} rejection for the second.
 */
final class Answers {

    private Answers() {
    }

    /** Whether {@code result} is the answer to {@code command}: same id, type and echoed fields. */
    static boolean answers(Command command, Result result) {
        if (!command.id().equals(result.id()) || command.type() != result.type()) {
            return false;
        }
        if (command instanceof Transfer t && result instanceof TransferResult r) {
            // A result of a command whose own fields were invalid echoes nothing; nothing to compare then.
            return r.debitAccountId() == null
                    || (t.debitAccountId().equals(r.debitAccountId())
                    && t.creditAccountId().equals(r.creditAccountId())
                    && Objects.equals(t.amount(), r.amount())
                    && t.currency().equals(r.currency())
                    && Objects.equals(t.reference(), r.reference())
                    && t.pending() == r.pending());
        }
        if (command instanceof OpenAccount o && result instanceof OpenAccountResult r) {
            return r.accountId() == null
                    || (o.accountId().equals(r.accountId())
                    && o.currency().equals(r.currency())
                    && Objects.equals(o.overdraftLimit(), r.overdraftLimit()));
        }
        if (command instanceof PostPending p && result instanceof PendingResolutionResult r) {
            // The amount is echoed only when applied: the one asked for, or the whole held amount when none was.
            return r.pendingId() == null
                    || (p.pendingId().equals(r.pendingId())
                    && (p.amount() == null || r.amount() == null || p.amount().equals(r.amount())));
        }
        if (command instanceof VoidPending v && result instanceof PendingResolutionResult r) {
            return r.pendingId() == null || v.pendingId().equals(r.pendingId());
        }
        if (command instanceof LinkedTransfers l && result instanceof LinkedTransfersResult r) {
            return (r.legs().isEmpty() || r.legs().size() == l.legs().size())
                    && (r.failedLeg() == null || r.failedLeg() < l.legs().size());
        }
        if (command instanceof CloseAccount c && result instanceof CloseAccountResult r) {
            return r.accountId() == null || c.accountId().equals(r.accountId());
        }
        return false;
    }

    /** Whether {@code result} carries its id's decision (a reused-id rejection answers another command). */
    static boolean isDecision(Result result) {
        return result.reason() != Reason.ID_REUSED_WITH_DIFFERENT_FIELDS;
    }
}
