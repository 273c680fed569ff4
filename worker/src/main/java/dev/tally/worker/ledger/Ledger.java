package dev.tally.worker.ledger;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.tally.contracts.Command;
import dev.tally.contracts.OpenAccount;
import dev.tally.contracts.OpenAccountResult;
import dev.tally.contracts.ParsedRecord;
import dev.tally.contracts.Reason;
import dev.tally.contracts.Result;
import dev.tally.contracts.Status;
import dev.tally.contracts.Transfer;
import dev.tally.contracts.TransferResult;
import dev.tally.worker.account.AccountOpening;
import dev.tally.worker.transfer.TransferApplier;

/**
 * Decides one command in one database transaction and returns the result to publish.
 *
 * <p>In that transaction it: locks the partition's offset row; looks the id up in the journal (the very record that
 * decided it gets its stored result again with {@code replay == false}, because no result of it was ever committed
 * to Kafka; any other record gets the stored result as a replay, or {@code ID_REUSED_WITH_DIFFERENT_FIELDS}); or
 * else decides the command, records the decision, and moves the partition's next offset past the record.
 */
@Component
public class Ledger {

    private static final Logger log = LoggerFactory.getLogger(Ledger.class);

    private final TransactionTemplate transactions;
    private final PartitionOffsets offsets;
    private final Journal journal;
    private final TransferApplier transfers;
    private final AccountOpening openings;
    private final Clock clock;

    Ledger(TransactionTemplate transactions, PartitionOffsets offsets, Journal journal, TransferApplier transfers,
           AccountOpening openings, Clock clock) {
        this.transactions = transactions;
        this.offsets = offsets;
        this.journal = journal;
        this.transfers = transfers;
        this.openings = openings;
        this.clock = clock;
    }

    /**
     * Decides (or recalls) the command read from {@code source}, committing before it returns.
     *
     * @return the result to publish; never {@code null}
     * @throws org.springframework.dao.DataAccessException on any database failure; nothing was committed then, and
     *                                                     the same call may simply be made again
     */
    public Result apply(ParsedRecord.Identified command, RecordSource source) {
        return transactions.execute(status -> applyInTransaction(command, source));
    }

    private Result applyInTransaction(ParsedRecord.Identified command, RecordSource source) {
        long next = offsets.lockNext(source.topic(), source.partition());
        boolean unseen = source.offset() >= next;
        Result result = recallOrDecide(command, source, unseen);
        if (unseen) {
            offsets.advance(source.topic(), source.partition(), source.offset() + 1);
        }
        return result;
    }

    private Result recallOrDecide(ParsedRecord.Identified command, RecordSource source, boolean unseen) {
        Optional<StoredDecision> stored = journal.find(command.id());
        if (stored.isPresent()) {
            return recall(command, source, stored.get());
        }
        if (!unseen) {
            // Every command below the partition's next offset was decided and recorded, so this only happens when
            // the topic was recreated and its offsets started again. Deciding is still safe: the id is new.
            log.warn("command {} at {} is below the partition's next decided offset but was never decided; "
                    + "deciding it now (was the topic recreated?)", command.id(), source);
        }
        byte[] fingerprint = command.fingerprint();
        Result result = decide(command, now());
        journal.record(result, fingerprint, source);
        return result;
    }

    private Result recall(ParsedRecord.Identified command, RecordSource source, StoredDecision stored) {
        if (stored.source().equals(source)) {
            return stored.result();
        }
        if (stored.result().type() == command.type() && Arrays.equals(stored.fingerprint(), command.fingerprint())) {
            return stored.result().withReplay(true);
        }
        String detail = "id " + command.id() + " was decided at " + stored.result().decidedAt() + " for a "
                + stored.result().type().wireName() + " with other fields; that decision stands";
        return idReused(command, detail, now());
    }

    private Result decide(ParsedRecord.Identified command, Instant now) {
        if (command instanceof ParsedRecord.Invalid invalid) {
            return Result.ofInvalid(invalid, now);
        }
        Command valid = ((ParsedRecord.Valid) command).command();
        if (valid instanceof Transfer transfer) {
            return transfers.apply(transfer, now);
        }
        return openings.open((OpenAccount) valid, now);
    }

    /** A rejection that is not recorded (the first decision stands) and is marked as a replay of the id. */
    private static Result idReused(ParsedRecord.Identified command, String detail, Instant now) {
        Reason reason = Reason.ID_REUSED_WITH_DIFFERENT_FIELDS;
        if (command instanceof ParsedRecord.Valid valid) {
            Command c = valid.command();
            Result rejected = c instanceof Transfer t
                    ? TransferResult.rejected(t, reason, detail, now)
                    : OpenAccountResult.rejected((OpenAccount) c, reason, detail, now);
            return rejected.withReplay(true);
        }
        return switch (command.type()) {
            case TRANSFER -> new TransferResult(command.id(), Status.REJECTED, reason, detail, true,
                    null, null, null, null, null, null, null, now);
            case OPEN_ACCOUNT -> new OpenAccountResult(command.id(), Status.REJECTED, reason, detail, true,
                    null, null, null, null, now);
        };
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
