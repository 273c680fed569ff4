package dev.tally.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;


import dev.tally.contracts.AccountId;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.OpenAccount;
import dev.tally.contracts.ParsedRecord;
import dev.tally.contracts.Reason;
import dev.tally.contracts.Result;
import dev.tally.contracts.Transfer;
import dev.tally.worker.account.Locking;
import dev.tally.worker.ledger.Ledger;
import dev.tally.worker.ledger.RecordSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger's exactly-once rules on the real database, driven directly (no Kafka) so that a crash between the
 * database commit and the Kafka commit, a client retry, and two deciders racing for one id can each be staged
 * precisely.
 */
class LedgerIntegrationTests extends WorkerIntegrationTest {

    private final String topic = "ledger-" + CommandId.random();

    private Ledger ledger;

    @Autowired
    void trustTheTestTopicAsTheOperators(Ledger ledger) {
        // Each test decides on a topic of its own (its partitions' offsets stay apart), as the operator.
        this.ledger = ledger.withOperatorTopic(topic);
    }

    @Test
    void republishesStoredResultAsNotReplayWhenTheDecidingRecordIsRedelivered() {
        // After a crash between the database commit and the Kafka commit the same record comes again: it gets the
        // stored result with replay=false (none was ever visible) and money moves once.
        AccountId alice = openFunded("alice", 100);
        AccountId bob = open("bob", "EUR", 0);
        ParsedRecord.Valid command = transfer(alice, bob, 30);
        RecordSource source = new RecordSource(topic, 0, 7);

        Result first = ledger.apply(command, source);
        Result redelivered = ledger.apply(command, source);

        assertThat(first.applied()).isTrue();
        assertThat(redelivered).isEqualTo(first);
        assertThat(redelivered.replay()).isFalse();
        assertThat(balance(alice)).isEqualTo(70);
    }

    @Test
    void answersNewRecordCarryingDecidedIdAsReplayWithTheStoredBalances() {
        // A client retry is a new record with a decided id: the stored outcome, balances at decision time
        // included, comes back marked as a replay even though the balances have changed since.
        AccountId alice = openFunded("alice", 100);
        AccountId bob = open("bob", "EUR", 0);
        ParsedRecord.Valid command = transfer(alice, bob, 30);
        Result first = ledger.apply(command, new RecordSource(topic, 0, 1));
        ledger.apply(transfer(alice, bob, 50), new RecordSource(topic, 0, 2));

        Result retry = ledger.apply(command, new RecordSource(topic, 1, 1));

        assertThat(retry.replay()).isTrue();
        assertThat(retry).isEqualTo(first.withReplay(true));
        assertThat(balance(alice)).isEqualTo(20);
    }

    @Test
    void rejectsIdOfAnOpeningReusedForATransfer() {
        // Ids are unique across command types: a transfer carrying an opening's id is a reuse, not a new command.
        AccountId alice = openFunded("alice", 100);
        AccountId carol = newAccount("carol");
        CommandId id = CommandId.random();
        ledger.apply(new ParsedRecord.Valid(OpenAccount.bounded(id, carol, "EUR", 0)), new RecordSource(topic, 2, 1));

        Result reused = ledger.apply(new ParsedRecord.Valid(new Transfer(id, alice, carol, 5, "EUR", null)),
                new RecordSource(topic, 2, 2));

        assertThat(reused.reason()).isEqualTo(Reason.ID_REUSED_WITH_DIFFERENT_FIELDS);
        assertThat(reused.replay()).isTrue();
        assertThat(balance(alice)).isEqualTo(100);
    }

    @Test
    void neverMovesThePartitionOffsetBackwards() {
        // The per-partition offset only advances: a record below it (a stale consumer's) does not pull it back.
        AccountId alice = openFunded("alice", 100);
        AccountId bob = open("bob", "EUR", 0);
        ledger.apply(transfer(alice, bob, 1), new RecordSource(topic, 3, 40));
        ledger.apply(transfer(alice, bob, 1), new RecordSource(topic, 3, 12));

        assertThat(jdbc.sql("SELECT next_offset FROM partition_offsets WHERE topic = ? AND kafka_partition = 3")
                .param(topic).query(Long.class).single()).isEqualTo(41);
    }

    @Test
    void letsOnlyOneOfTwoConcurrentDecidersOfAnIdCommit() throws Exception {
        // The same id arriving on two partitions at once (a retry with another key) is decided by both, but the
        // transfers primary key lets one commit; the loser's retry then finds the decision and replays it.
        AccountId alice = openFunded("alice", 100);
        AccountId bob = open("bob", "EUR", 0);
        ParsedRecord.Valid command = transfer(alice, bob, 60);
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Result>> outcomes = new ArrayList<>();
        try {
            for (int partition = 4; partition <= 5; partition++) {
                RecordSource source = new RecordSource(topic, partition, 0);
                Callable<Result> decider = () -> {
                    start.await();
                    try {
                        return ledger.apply(command, source);
                    } catch (DuplicateKeyException lostTheRace) {
                        return ledger.apply(command, source);
                    }
                };
                outcomes.add(pool.submit(decider));
            }
            List<Result> results = new ArrayList<>();
            for (Future<Result> outcome : outcomes) {
                results.add(outcome.get());
            }

            assertThat(results).allMatch(Result::applied);
            assertThat(results).filteredOn(result -> !result.replay()).hasSize(1);
            assertThat(balance(alice)).isEqualTo(40);
            assertThat(balance(bob)).isEqualTo(60);
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @EnumSource(Locking.class)
    void decidesABatchExactlyAsOneCommandAtATime(Locking locking) {
        // The same 400 commands (openings, transfers that apply or are rejected for every reason, retries and
        // reused ids within the batch, and since v1.1 holds, posts, voids, linked transfers and closings) decided
        // once as one batch and once one per transaction, on two copies of the accounts: every outcome and every
        // final balance, pending total and closed flag must be the same, whatever the batch's locking.
        String batchRun = "b" + CommandId.random().toString().substring(0, 8);
        String singleRun = "s" + CommandId.random().toString().substring(0, 8);
        for (String run : List.of(batchRun, singleRun)) {
            List<ParsedRecord.Identified> setup = scenarioSetup(run);
            for (int i = 0; i < setup.size(); i++) {
                ledger.withOperatorTopic(topic + run).apply(setup.get(i), new RecordSource(topic + run, 0, i));
            }
        }
        List<ParsedRecord.Identified> batchCommands = scenario(batchRun);
        List<ParsedRecord.Identified> singleCommands = scenario(singleRun);

        List<Ledger.Pending> batch = new ArrayList<>();
        for (int i = 0; i < batchCommands.size(); i++) {
            batch.add(new Ledger.Pending(batchCommands.get(i), new RecordSource(topic, 6, i)));
        }
        List<Result> batched = ledger.withLocking(locking).apply(batch);
        List<Result> single = new ArrayList<>();
        for (int i = 0; i < singleCommands.size(); i++) {
            single.add(ledger.apply(singleCommands.get(i), new RecordSource(topic, 7, i)));
        }

        assertThat(batched.stream().map(Result::reason).distinct().count()).as("reasons covered").isGreaterThan(6);
        for (int i = 0; i < batched.size(); i++) {
            assertThat(outcome(batched.get(i), batchRun)).as("command %d", i)
                    .isEqualTo(outcome(single.get(i), singleRun));
        }
        for (int a = 0; a < SCENARIO_ACCOUNTS; a++) {
            assertThat(balance(scenarioAccount(batchRun, a))).isEqualTo(balance(scenarioAccount(singleRun, a)));
            assertThat(holdState(scenarioAccount(batchRun, a))).as("account %d", a)
                    .isEqualTo(holdState(scenarioAccount(singleRun, a)));
        }
        assertThat(batched).extracting(Result::type).contains(dev.tally.contracts.CommandType.values());
        assertThat(batched).filteredOn(result -> result instanceof dev.tally.contracts.PendingResolutionResult)
                .extracting(Result::reason).contains(null, Reason.PENDING_TRANSFER_ALREADY_POSTED);
    }

    private String holdState(AccountId id) {
        return jdbc.sql("SELECT pending_debits || '/' || pending_credits || '/' || closed FROM accounts WHERE id = ?")
                .param(id.value()).query(String.class).single();
    }

    private static final int SCENARIO_ACCOUNTS = 8;

    /** Accounts 0 (funding) to 4 opened and funded before the scenario, one command per transaction. */
    private static List<ParsedRecord.Identified> scenarioSetup(String run) {
        List<ParsedRecord.Identified> commands = new ArrayList<>();
        commands.add(new ParsedRecord.Valid(OpenAccount.unbounded(CommandId.random(), scenarioAccount(run, 0), "EUR")));
        for (int a = 1; a < 5; a++) {
            commands.add(new ParsedRecord.Valid(
                    OpenAccount.bounded(CommandId.random(), scenarioAccount(run, a), "EUR", a % 3 == 0 ? 300 : 0)));
            commands.add(new ParsedRecord.Valid(new Transfer(CommandId.random(), scenarioAccount(run, 0),
                    scenarioAccount(run, a), 500, "EUR", null)));
        }
        return commands;
    }

    /**
     * A deterministic mix of commands over accounts named after {@code run}: it opens accounts 5 to 7 (7 in USD),
     * then moves money among all of them and a never-opened account 8.
     */
    private static List<ParsedRecord.Identified> scenario(String run) {
        java.util.Random random = new java.util.Random(42);
        List<ParsedRecord.Identified> commands = new ArrayList<>();
        List<ParsedRecord.Valid> sent = new ArrayList<>();
        List<CommandId> holds = new ArrayList<>();
        AccountId bank = scenarioAccount(run, 0);
        for (int a = 5; a < SCENARIO_ACCOUNTS; a++) {
            String currency = a == SCENARIO_ACCOUNTS - 1 ? "USD" : "EUR";
            commands.add(new ParsedRecord.Valid(OpenAccount.bounded(scenarioId(run, a), scenarioAccount(run, a),
                    currency, a % 3 == 0 ? 300 : 0)));
        }
        for (int i = SCENARIO_ACCOUNTS; i < 400; i++) {
            int kind = random.nextInt(28);
            CommandId id = scenarioId(run, i);
            if (kind == 20 || kind == 21) {
                AccountId from = kind == 20 ? bank : scenarioAccount(run, random.nextInt(SCENARIO_ACCOUNTS + 1));
                AccountId to = scenarioAccount(run, random.nextInt(SCENARIO_ACCOUNTS + 1));
                commands.add(new ParsedRecord.Valid(Transfer.pending(id, from, to, 1 + random.nextInt(300), "EUR",
                        null, random.nextBoolean() ? null : 3600L)));
                holds.add(id);
            } else if (kind == 22 || kind == 23) {
                CommandId hold = holds.isEmpty() || random.nextInt(8) == 0 ? scenarioId(run, 10_000 + i)
                        : holds.get(random.nextInt(holds.size()));
                commands.add(new ParsedRecord.Valid(kind == 22
                        ? new dev.tally.contracts.PostPending(id, hold, random.nextBoolean() ? null
                                : (long) 1 + random.nextInt(300))
                        : new dev.tally.contracts.VoidPending(id, hold)));
            } else if (kind == 24 || kind == 25) {
                List<dev.tally.contracts.LinkedTransfers.Leg> legs = new ArrayList<>();
                for (int leg = 0, count = 1 + random.nextInt(4); leg < count; leg++) {
                    legs.add(new dev.tally.contracts.LinkedTransfers.Leg(
                            scenarioAccount(run, random.nextInt(SCENARIO_ACCOUNTS + 1)),
                            scenarioAccount(run, random.nextInt(SCENARIO_ACCOUNTS + 1)), 1 + random.nextInt(200),
                            "EUR", null));
                }
                commands.add(new ParsedRecord.Valid(new dev.tally.contracts.LinkedTransfers(id, legs)));
            } else if (kind == 26) {
                commands.add(new ParsedRecord.Valid(new dev.tally.contracts.CloseAccount(id,
                        scenarioAccount(run, 1 + random.nextInt(SCENARIO_ACCOUNTS)))));
            } else if (kind == 0 && !sent.isEmpty()) {
                commands.add(sent.get(random.nextInt(sent.size())));
            } else if (kind == 1 && !sent.isEmpty()) {
                Transfer original = (Transfer) sent.get(random.nextInt(sent.size())).command();
                commands.add(new ParsedRecord.Valid(new Transfer(original.id(), original.debitAccountId(),
                        original.creditAccountId(), original.amount() + 1, "EUR", null)));
            } else if (kind == 2) {
                commands.add(new ParsedRecord.Invalid(id, dev.tally.contracts.CommandType.TRANSFER,
                        Reason.INVALID_COMMAND, "currency is missing", "x" + i));
            } else if (kind == 3) {
                commands.add(new ParsedRecord.Valid(OpenAccount.bounded(id, scenarioAccount(run, 1), "EUR", 7)));
            } else {
                AccountId from = kind == 4 ? bank : scenarioAccount(run, random.nextInt(SCENARIO_ACCOUNTS + 1));
                AccountId to = scenarioAccount(run, random.nextInt(SCENARIO_ACCOUNTS + 1));
                long amount = kind == 5 ? Long.MAX_VALUE - random.nextInt(10) : 1 + random.nextInt(kind == 4 ? 900 : 400);
                ParsedRecord.Valid transfer = new ParsedRecord.Valid(new Transfer(id, from, to, amount, "EUR", null));
                commands.add(transfer);
                sent.add(transfer);
            }
        }
        return commands;
    }

    /** Account {@code index} of a run; index {@code SCENARIO_ACCOUNTS} is never opened. */
    private static AccountId scenarioAccount(String run, int index) {
        return new AccountId(run + "-acct-" + index);
    }

    private static CommandId scenarioId(String run, int index) {
        return new CommandId(java.util.UUID.nameUUIDFromBytes((run + "/" + index).getBytes()));
    }

    /** What must match between the two runs: everything but ids, account names and times. */
    private static String outcome(Result result, String run) {
        String detail = result.detail() == null ? "" : result.detail().replace(run, "RUN")
                .replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "ID")
                .replaceAll("decided at \\S+", "decided at T");
        String balances = "";
        if (result instanceof dev.tally.contracts.TransferResult t) {
            balances = t.debitBalance() + "/" + t.creditBalance() + (t.pending() ? " pending" : "");
        } else if (result instanceof dev.tally.contracts.PendingResolutionResult p) {
            balances = p.amount() + " " + p.debitBalance() + "/" + p.creditBalance();
        } else if (result instanceof dev.tally.contracts.LinkedTransfersResult l) {
            balances = l.legs() + " failed " + l.failedLeg();
        }
        return result.type() + " " + result.status() + " " + result.reason() + " replay=" + result.replay() + " "
                + balances + " " + detail;
    }

    private static ParsedRecord.Valid transfer(AccountId from, AccountId to, long amount) {
        return new ParsedRecord.Valid(new Transfer(CommandId.random(), from, to, amount, "EUR", null));
    }
}
