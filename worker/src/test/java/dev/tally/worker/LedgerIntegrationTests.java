package dev.tally.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.OpenAccount;
import dev.tally.contracts.ParsedRecord;
import dev.tally.contracts.Reason;
import dev.tally.contracts.Result;
import dev.tally.contracts.Transfer;
import dev.tally.worker.ledger.Ledger;
import dev.tally.worker.ledger.RecordSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger's exactly-once rules on the real database, driven directly (no Kafka) so that a crash between the
 * database commit and the Kafka commit, a client retry, and two deciders racing for one id can each be staged
 * precisely.
 */
class LedgerIntegrationTests extends WorkerIntegrationTest {

    @Autowired
    private Ledger ledger;

    private final String topic = "ledger-" + CommandId.random();

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

    private static ParsedRecord.Valid transfer(AccountId from, AccountId to, long amount) {
        return new ParsedRecord.Valid(new Transfer(CommandId.random(), from, to, amount, "EUR", null));
    }
}
