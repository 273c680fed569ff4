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
import dev.tally.contracts.Status;
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
            if (r.debitAccountId() == null && r.creditAccountId() == null && r.amount() == null
                    && r.currency() == null) {
                return echoesNothing(result);
            }
            return t.debitAccountId().equals(r.debitAccountId())
                    && t.creditAccountId().equals(r.creditAccountId())
                    && Objects.equals(t.amount(), r.amount())
                    && t.currency().equals(r.currency())
                    && Objects.equals(t.reference(), r.reference())
                    && t.pending() == r.pending();
        }
        if (command instanceof OpenAccount o && result instanceof OpenAccountResult r) {
            if (r.accountId() == null && r.currency() == null) {
                return echoesNothing(result);
            }
            return o.accountId().equals(r.accountId())
                    && o.currency().equals(r.currency())
                    && Objects.equals(o.overdraftLimit(), r.overdraftLimit());
        }
        if (command instanceof PostPending p && result instanceof PendingResolutionResult r) {
            // The amount is echoed only when applied: the one asked for, or the whole held amount when none was.
            if (r.pendingId() == null) {
                return echoesNothing(result);
            }
            return p.pendingId().equals(r.pendingId())
                    && (p.amount() == null || r.amount() == null || p.amount().equals(r.amount()));
        }
        if (command instanceof VoidPending v && result instanceof PendingResolutionResult r) {
            return r.pendingId() == null ? echoesNothing(result) : v.pendingId().equals(r.pendingId());
        }
        if (command instanceof LinkedTransfers l && result instanceof LinkedTransfersResult r) {
            return (r.legs().isEmpty() || r.legs().size() == l.legs().size())
                    && (r.failedLeg() == null || r.failedLeg() < l.legs().size());
        }
        if (command instanceof CloseAccount c && result instanceof CloseAccountResult r) {
            return r.accountId() == null ? echoesNothing(result) : c.accountId().equals(r.accountId());
        }
        return false;
    }

    /**
     * A result that echoes none of its command's fields answers by id and type alone only when it is what such a
     * result is: the rejection of a command whose own fields broke the contract (the worker could not read them).
     * Any other result without an echo cannot be told apart from the answer to another command under this id.
     */
    private static boolean echoesNothing(Result result) {
        return result.status() == Status.REJECTED
                && (result.reason() == Reason.INVALID_COMMAND || result.reason() == Reason.INVALID_AMOUNT);
    }

    /** Whether {@code result} carries its id's decision (a reused-id rejection answers another command). */
    static boolean isDecision(Result result) {
        return result.reason() != Reason.ID_REUSED_WITH_DIFFERENT_FIELDS;
    }
}
