package dev.tally.worker;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.TransientDataAccessException;

import com.zaxxer.hikari.HikariDataSource;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.ParsedRecord;
import dev.tally.contracts.Result;
import dev.tally.contracts.Transfer;
import dev.tally.worker.account.Locking;
import dev.tally.worker.ledger.Ledger;
import dev.tally.worker.ledger.RecordSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every locking strategy takes a batch's row locks in ascending id order, so two consumers' batches over crossing
 * accounts never deadlock. Two threads, each standing for the consumer of one partition in a worker instance of its
 * own (within one instance such batches take turns before they reach the database, {@code AccountTurns}), decide
 * batches that credit the same accounts in opposite orders. A third session holds one of those accounts until both batches wait for a
 * lock, so that their work overlaps in every round rather than by chance, then lets go. PostgreSQL's own count of
 * deadlocks in the test database ({@code pg_stat_database.deadlocks}) must not move, and every transfer is applied
 * exactly once.
 */
class DeadlockFreeBatchesIntegrationTests extends WorkerIntegrationTest {

    private static final int ROUNDS = 3;
    private static final int CREDITED = 40;

    @Autowired
    private Ledger ledger;

    @Autowired
    private DataSource dataSource;

    @ParameterizedTest
    @EnumSource(Locking.class)
    void crossingBatchesOfTwoConsumersNeverDeadlock(Locking locking) throws Exception {
        String topic = "deadlocks-" + CommandId.random();
        Ledger ledger = this.ledger.withOperatorTopic(topic).withLocking(locking).asSeparateInstances();
        List<AccountId> payers = openAndFund("payer", 2, 1_000_000);
        List<AccountId> credited = openAndFund("crossed", CREDITED, 1);
        long deadlocksBefore = deadlocks();

        ExecutorService consumers = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                List<Ledger.Pending> first = new ArrayList<>();
                List<Ledger.Pending> second = new ArrayList<>();
                for (int i = 0; i < CREDITED; i++) {
                    first.add(transfer(payers.get(0), credited.get(i), new RecordSource(topic, 0, round * 1000L + i)));
                    second.add(transfer(payers.get(1), credited.get(CREDITED - 1 - i),
                            new RecordSource(topic, 1, round * 1000L + i)));
                }
                Future<List<Result>> a;
                Future<List<Result>> b;
                try (Connection holder = dataSource.getConnection()) {
                    holder.setAutoCommit(false);
                    try (PreparedStatement lock = holder.prepareStatement(
                            "SELECT balance FROM accounts WHERE id = ? FOR UPDATE")) {
                        lock.setString(1, credited.get(CREDITED / 2 + round).value());
                        lock.executeQuery().close();
                    }
                    a = consumers.submit(() -> decide(ledger, first));
                    b = consumers.submit(() -> decide(ledger, second));
                    await().atMost(TIMEOUT).until(() -> sessionsWaitingForALock() >= 2);
                    holder.rollback();
                }
                assertThat(a.get()).allMatch(Result::applied);
                assertThat(b.get()).allMatch(Result::applied);
            }
        } finally {
            consumers.shutdownNow();
        }

        assertThat(deadlocks()).as("deadlocks in the test database with %s locking", locking)
                .isEqualTo(deadlocksBefore);
        for (AccountId account : credited) {
            assertThat(balance(account)).isEqualTo(1 + 2L * ROUNDS);
        }
        assertThat(balance(payers.get(0))).isEqualTo(1_000_000 - (long) CREDITED * ROUNDS);
        assertThat(balance(payers.get(1))).isEqualTo(1_000_000 - (long) CREDITED * ROUNDS);
    }

    private static Ledger.Pending transfer(AccountId debit, AccountId credit, RecordSource source) {
        return new Ledger.Pending(new ParsedRecord.Valid(new Transfer(CommandId.random(), debit, credit, 1, "EUR",
                null)), source);
    }

    /** Decides the batch as the listener would: a batch that failed is simply tried again. */
    private static List<Result> decide(Ledger ledger, List<Ledger.Pending> batch) {
        while (true) {
            try {
                return ledger.apply(batch);
            } catch (TransientDataAccessException lostRace) {
                // tried again, like a failed poll
            }
        }
    }

    private long sessionsWaitingForALock() {
        return jdbc.sql("""
                        SELECT count(*)
                        FROM pg_stat_activity
                        WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()
                        """)
                .query(Long.class).single();
    }

    /**
     * The test database's deadlock count. Each backend reports its statistics lazily, so every connection of the
     * pool is first asked to flush them; it has done so when the statement returns.
     */
    private long deadlocks() throws SQLException {
        int size = ((HikariDataSource) dataSource).getMaximumPoolSize();
        List<Connection> all = new ArrayList<>();
        try {
            for (int i = 0; i < size; i++) {
                Connection connection = dataSource.getConnection();
                all.add(connection);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SELECT pg_stat_force_next_flush()");
                }
            }
        } finally {
            for (Connection connection : all) {
                connection.close();
            }
        }
        return jdbc.sql("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()")
                .query(Long.class).single();
    }
}
