package dev.tally.worker.ledger;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.Command;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.OpenAccount;
import dev.tally.contracts.ParsedRecord;
import dev.tally.contracts.Result;
import dev.tally.contracts.Transfer;
import dev.tally.worker.WorkerSettings;
import dev.tally.worker.account.AccountRow;
import dev.tally.worker.account.Accounts;
import dev.tally.worker.account.Locking;
import dev.tally.worker.authority.ClientFigures;
import dev.tally.worker.authority.Principal;
import dev.tally.worker.authority.Principals;
import dev.tally.worker.metrics.CommandMetrics;

/**
 * Decides a batch of commands in one database transaction and returns the results to publish, in order.
 *
 * <p>In that transaction it: locks the offset rows of the batch's partitions; looks every id up in the journal;
 * locks every account the new commands touch, in id order; then, in Kafka order, answers each command. An id
 * decided before gets its stored result again — with {@code replay == false} when this is the very record that
 * decided it (its result was never committed to Kafka), as a replay otherwise, or as
 * {@code ID_REUSED_WITH_DIFFERENT_FIELDS} when the fields differ. Any other command is decided against the locked
 * rows as they stand after the batch's earlier commands, which is exactly what one transaction per command would
 * have decided. Finally it writes the balances, the journal rows and the partitions' next offsets.
 *
 * <p>Batches of this instance that may touch the same account or hold take their turns before the transaction starts
 * ({@link AccountTurns}), so that they do not queue on each other's row locks in the database.
 */
@Component
public class Ledger {

    private static final Logger log = LoggerFactory.getLogger(Ledger.class);
    private static final int IMMEDIATE_ATTEMPTS = 5;

    private final TransactionTemplate transactions;
    private final PartitionOffsets offsets;
    private final Journal journal;
    private final Accounts accounts;
    private final Holds holds;
    private final Clock clock;
    private final Locking locking;
    private final WorkerSettings.DatabaseSettings database;
    private final CommandMetrics metrics;
    private final AccountTurns turns;
    private final Principals principals;

    @Autowired
    Ledger(TransactionTemplate transactions, PartitionOffsets offsets, Journal journal, Accounts accounts,
           Holds holds, Clock clock, WorkerSettings settings, CommandMetrics metrics) {
        this(transactions, offsets, journal, accounts, holds, clock, settings.locking(), settings.database(), metrics,
                new AccountTurns(), new Principals(settings.topics().commands(), settings.clients().topicPrefix()));
    }

    private Ledger(TransactionTemplate transactions, PartitionOffsets offsets, Journal journal, Accounts accounts,
                   Holds holds, Clock clock, Locking locking, WorkerSettings.DatabaseSettings database,
                   CommandMetrics metrics, AccountTurns turns, Principals principals) {
        this.transactions = transactions;
        this.offsets = offsets;
        this.journal = journal;
        this.accounts = accounts;
        this.holds = holds;
        this.clock = clock;
        this.locking = locking;
        this.database = database;
        this.metrics = metrics;
        this.turns = turns;
        this.principals = principals;
    }

    /** This ledger deciding with another locking strategy (to compare strategies on one database). */
    public Ledger withLocking(Locking other) {
        return new Ledger(transactions, offsets, journal, accounts, holds, clock, other, database, metrics, turns,
                principals);
    }

    /** This ledger reading the time from another clock (tests drive hold expiry with it). */
    public Ledger withClock(Clock other) {
        return new Ledger(transactions, offsets, journal, accounts, holds, other, locking, database, metrics, turns,
                principals);
    }

    /**
     * This ledger trusting {@code topic} as the operator's commands topic instead of the configured one (tests give
     * each its own topic, so that their partitions' offsets stay apart). Client topics are trusted as always.
     */
    public Ledger withOperatorTopic(String topic) {
        return new Ledger(transactions, offsets, journal, accounts, holds, clock, locking, database, metrics, turns,
                principals.withOperatorTopic(topic));
    }

    /**
     * This ledger trusting {@code operatorTopic} as the operator's and {@code <clientPrefix><name>.commands} as
     * clients' topics, whatever is configured (tests of the authority rules use the contract's own names).
     */
    public Ledger withTopics(String operatorTopic, String clientPrefix) {
        return new Ledger(transactions, offsets, journal, accounts, holds, clock, locking, database, metrics, turns,
                new Principals(operatorTopic, clientPrefix));
    }

    /**
     * This ledger as if each thread calling it were a worker instance of its own: its batches never wait for each
     * other's turn in this process ({@link AccountTurns}), only for the database's locks, as those of separate
     * instances do (the race tests use it).
     */
    public Ledger asSeparateInstances() {
        return new Ledger(transactions, offsets, journal, accounts, holds, clock, locking, database, metrics,
                AccountTurns.NONE, principals);
    }

    /** A command and the record it was read from. */
    public record Pending(ParsedRecord.Identified command, RecordSource source) {

        public Pending {
            Objects.requireNonNull(command, "command");
            Objects.requireNonNull(source, "source");
        }
    }

    /**
     * Decides (or recalls) the batch, committing before it returns.
     *
     * @return one result per pending command, in the same order; never {@code null}
     * @throws org.springframework.dao.DataAccessException on any database failure; nothing was committed then, and
     *                                                     the same call may simply be made again. A wait cut short
     *                                                     by {@code lock_timeout} or {@code statement_timeout} is
     *                                                     logged and counted here, and thrown at once, so that the
     *                                                     caller's back-off paces the next attempt
     */
    public List<Result> apply(List<Pending> batch) {
        if (batch.isEmpty()) {
            return List.of();
        }
        Set<Object> keys = BatchFootprint.turnKeys(batch);
        for (int attempt = 1; ; attempt++) {
            try (AccountTurns.Turn ignored = turns.await(keys)) {
                return transactions.execute(status -> decide(batch));
            } catch (RuntimeException failure) {
                String timeout = DatabaseTimeouts.expired(failure);
                if (timeout != null) {
                    // Another session holds a row or the database is overloaded: trying again at once would only
                    // wait again, so the batch goes back to the listener, which retries it after a back-off.
                    metrics.databaseTimedOut(timeout);
                    log.warn("{} commands from {} (first {}) were cancelled by the database's {} ({} ms lock, {} ms "
                                    + "statement): {}; nothing was committed, the batch is retried after a back-off",
                            batch.size(), batch.get(0).source(), batch.get(0).command().id(), timeout,
                            database.lockTimeout().toMillis(), database.statementTimeout().toMillis(),
                            NestedExceptionUtils.getMostSpecificCause(failure).getMessage());
                    throw failure;
                }
                // Optimistic version checks, concurrent openings, and an id decided concurrently by another
                // transaction (the command_ids primary key) fail fast and usually succeed at once when tried again:
                // the next attempt sees the other transaction's decision. Only a batch that keeps losing goes back to
                // the listener's back-off.
                boolean lostRace = failure instanceof ConcurrencyFailureException
                        || failure instanceof DuplicateKeyException;
                if (!lostRace || attempt == IMMEDIATE_ATTEMPTS) {
                    throw failure;
                }
            }
        }
    }

    /** {@link #apply(List)} for a single command. */
    public Result apply(ParsedRecord.Identified command, RecordSource source) {
        return apply(List.of(new Pending(command, source))).get(0);
    }

    private List<Result> decide(List<Pending> batch) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Map<String, Map<Integer, Long>> nextOffsets = lockPartitions(batch);
        Map<CommandId, StoredDecision> decided = journal.find(batch.stream().map(p -> p.command().id()).toList());
        Principal[] senders = new Principal[batch.size()];
        for (int i = 0; i < senders.length; i++) {
            senders[i] = principals.of(batch.get(i).source().topic());
        }
        Set<AccountId> touched = BatchFootprint.accountsTouched(batch, decided, senders);
        // Holds are locked before accounts, in id order, as in every transaction; their accounts join the book.
        HoldsAndLinksBatch extended = HoldsAndLinksBatch.lock(holds, BatchFootprint.pendingIds(batch, decided),
                touched, now);
        touched.addAll(extended.accounts());
        AccountBook book = book(touched, now);
        extended.releaseExpired(book, now);

        // One function for the batch, not one per record: a client's results show the figures of its own accounts.
        Function<AccountId, String> ownerOf = id -> {
            AccountRow row = book.get(id);
            return row == null ? null : row.owner();
        };
        List<Result> results = new ArrayList<>(batch.size());
        List<Journal.Entry> entries = new ArrayList<>();
        Map<String, Map<Integer, Long>> advanced = new HashMap<>();
        for (int i = 0; i < senders.length; i++) {
            Pending pending = batch.get(i);
            Principal sender = senders[i];
            RecordSource source = pending.source();
            Map<Integer, Long> next = nextOffsets.get(source.topic());
            boolean unseen = source.offset() >= next.get(source.partition());
            StoredDecision stored = decided.get(pending.command().id());
            Command valid = pending.command() instanceof ParsedRecord.Valid v ? v.command() : null;
            Result result;
            if (stored != null) {
                result = Recall.answer(pending.command(), source, sender, stored, now);
            } else if (sender == null) {
                result = Recall.fromUnknownTopic(pending.command(), source, now);
            } else {
                if (!unseen) {
                    // Every command below a partition's next offset was decided and recorded, so this only happens
                    // when the topic was recreated and its offsets started again. Deciding is still safe.
                    log.warn("command {} at {} is below the partition's next decided offset but was never decided;"
                            + " deciding it now (was the topic recreated?)", pending.command().id(), source);
                }
                byte[] fingerprint = pending.command().fingerprint();
                result = decide(pending.command(), sender, book, extended, now);
                decided.put(result.id(), new StoredDecision(fingerprint, source, result, sender.client()));
                entries.add(new Journal.Entry(result, fingerprint, source, valid, sender.client()));
            }
            if (unseen) {
                next.put(source.partition(), source.offset() + 1);
                advanced.computeIfAbsent(source.topic(), topic -> new HashMap<>())
                        .put(source.partition(), source.offset() + 1);
            }
            results.add(sender == null ? result : ClientFigures.visible(sender, result, valid, ownerOf));
        }
        book.store(now);
        journal.record(entries);
        extended.store(holds, now);
        advanced.forEach(offsets::advance);
        return results;
    }

    private AccountBook book(Set<AccountId> ids, Instant now) {
        return switch (locking) {
            case PESSIMISTIC -> InMemoryBook.locked(accounts, ids);
            case OPTIMISTIC -> InMemoryBook.versioned(accounts, ids);
            case CONDITIONAL -> ConditionalBook.read(accounts, ids, now);
        };
    }

    /** Locks every partition row the batch reads from, topics and partitions in ascending order. */
    private Map<String, Map<Integer, Long>> lockPartitions(List<Pending> batch) {
        Map<String, SortedSet<Integer>> partitions = new TreeMap<>();
        for (Pending pending : batch) {
            partitions.computeIfAbsent(pending.source().topic(), topic -> new TreeSet<>())
                    .add(pending.source().partition());
        }
        Map<String, Map<Integer, Long>> next = new HashMap<>();
        partitions.forEach((topic, ids) -> next.put(topic, new HashMap<>(offsets.lockNext(topic, ids))));
        return next;
    }

    private static Result decide(ParsedRecord.Identified command, Principal sender, AccountBook book,
                                 HoldsAndLinksBatch extended, Instant now) {
        if (command instanceof ParsedRecord.Invalid invalid) {
            return Result.ofInvalid(invalid, now);
        }
        Command valid = ((ParsedRecord.Valid) command).command();
        if (valid instanceof OpenAccount open) {
            return OpeningsAndTransfers.open(open, sender, book, now);
        }
        if (valid instanceof Transfer transfer && !transfer.pending()) {
            return OpeningsAndTransfers.transfer(transfer, sender, book, now);
        }
        return extended.decide(valid, sender, book, now);
    }
}
