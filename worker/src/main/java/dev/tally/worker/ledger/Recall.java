package dev.tally.worker.ledger;

import java.time.Instant;
import java.util.Arrays;

import dev.tally.contracts.CloseAccount;
import dev.tally.contracts.CloseAccountResult;
import dev.tally.contracts.Command;
import dev.tally.contracts.OpenAccount;
import dev.tally.contracts.OpenAccountResult;
import dev.tally.contracts.ParsedRecord;
import dev.tally.contracts.PendingResolutionResult;
import dev.tally.contracts.PostPending;
import dev.tally.contracts.Reason;
import dev.tally.contracts.Result;
import dev.tally.contracts.Transfer;
import dev.tally.contracts.TransferResult;
import dev.tally.contracts.VoidPending;
import dev.tally.worker.authority.Principal;

/**
 * The answers that decide nothing and are recorded nowhere: to an id decided before (the stored outcome, again or as
 * a replay, or a refusal of other fields or of another principal's id), and to a record from a topic of nobody's.
 */
final class Recall {

    private Recall() {
    }

    /**
     * The answer to a command whose id was decided before.
     *
     * @param sender its sender, {@code null} for a topic of nobody's
     */
    static Result answer(ParsedRecord.Identified command, RecordSource source, Principal sender,
                         StoredDecision stored, Instant now) {
        if (stored.source().equals(source)) {
            return stored.result();
        }
        if (sender == null || !(sender.isOperator() || sender.isOwner(stored.principal()))) {
            // Ids are one global space, but a decision is shown only to its sender (and the operator): another
            // client learns that the id is taken, and nothing of what it decided.
            return notPermitted(command, "id " + command.id() + " was decided for another sender; choose random ids",
                    now).withReplay(true);
        }
        if (stored.result().type() == command.type() && Arrays.equals(stored.fingerprint(), command.fingerprint())) {
            return stored.result().withReplay(true);
        }
        String detail = "id " + command.id() + " was decided at " + stored.result().decidedAt() + " for a "
                + stored.result().type().wireName() + " with other fields; that decision stands";
        return idReused(command, detail, now);
    }

    /** The answer to a record from a topic that is neither the operator's nor a client's: nobody may do anything. */
    static Result fromUnknownTopic(ParsedRecord.Identified command, RecordSource source, Instant now) {
        return notPermitted(command, "topic " + source.topic() + " is neither the operator's commands topic nor a "
                + "client's", now);
    }

    /** A refusal that echoes only the id and type, as for a command whose own fields broke the contract. */
    private static Result notPermitted(ParsedRecord.Identified command, String detail, Instant now) {
        return Result.ofInvalid(new ParsedRecord.Invalid(command.id(), command.type(), Reason.NOT_PERMITTED, detail,
                ""), now);
    }

    /** A rejection that is not recorded (the first decision stands) and is marked as a replay of the id. */
    private static Result idReused(ParsedRecord.Identified command, String detail, Instant now) {
        Reason reason = Reason.ID_REUSED_WITH_DIFFERENT_FIELDS;
        if (command instanceof ParsedRecord.Valid valid) {
            Command c = valid.command();
            if (c instanceof Transfer t) {
                return TransferResult.rejected(t, reason, detail, now).withReplay(true);
            }
            if (c instanceof OpenAccount o) {
                return OpenAccountResult.rejected(o, reason, detail, now).withReplay(true);
            }
            if (c instanceof PostPending post) {
                return PendingResolutionResult.rejected(c, post.pendingId(), null, null, null, reason, detail, now)
                        .withReplay(true);
            }
            if (c instanceof VoidPending release) {
                return PendingResolutionResult.rejected(c, release.pendingId(), null, null, null, reason, detail,
                        now).withReplay(true);
            }
            if (c instanceof CloseAccount close) {
                return CloseAccountResult.rejected(close, reason, detail, now).withReplay(true);
            }
        }
        // Only the id and type are echoed, as for a command whose own fields broke the contract.
        return Result.ofInvalid(new ParsedRecord.Invalid(command.id(), command.type(), reason, detail, ""), now)
                .withReplay(true);
    }
}
