package dev.tally.bench.ceiling;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.tally.demo.LocalDatabase;

/**
 * The database ceiling: the worker's batch as set-based SQL, with no Kafka and no decision code. Each transaction
 * is what the worker does for a batch of {@link #BATCH} uniform transfers: lock the partition's offset row, look
 * the ids up in the journal, lock every account involved in id order, apply each account's net change with the
 * worker's conditional update, insert the journal rows (from arrays, in one statement) and advance the offset.
 * It runs on its own accounts in a copy of the worker's schema, so {@code tally verify} never sees them.
 */
public final class SqlCeiling {

    public static final int BATCH = 500;

    private static final String LOCK_OFFSET = """
            SELECT kafka_partition, next_offset
            FROM partition_offsets
            WHERE topic = ? AND kafka_partition = ANY(?)
            ORDER BY kafka_partition
            FOR UPDATE
            """;

    private static final String FIND = """
            SELECT id, status, fields_hash
            FROM transfers
            WHERE id = ANY(?)
            """;

    private static final String LOCK_IN_ID_ORDER = """
            SELECT id, currency, balance, overdraft_limit, version
            FROM accounts
            WHERE id = ANY(?)
            ORDER BY id
            FOR UPDATE
            """;

    private static final String ADD_ABOVE_FLOOR = """
            UPDATE accounts AS a
            SET balance = a.balance + d.delta, version = a.version + 1, updated_at = ?
            FROM unnest(?::text[], ?::numeric[]) AS d(id, delta)
            WHERE a.id = d.id
              AND (a.overdraft_limit IS NULL OR a.balance + d.delta >= -a.overdraft_limit)
              AND a.balance + d.delta BETWEEN -9223372036854775808 AND 9223372036854775807
            RETURNING a.id, a.balance
            """;

    private static final String INSERT_TRANSFERS = """
            INSERT INTO transfers (id, debit_account_id, credit_account_id, amount, currency, status,
                                   debit_balance, credit_balance, fields_hash,
                                   source_topic, source_partition, source_offset, decided_at)
            SELECT d.id, d.debit, d.credit, d.amount, 'EUR', 'APPLIED', 0, 0, '\\x00', ?, ?, d.source_offset, ?
            FROM unnest(?::uuid[], ?::text[], ?::text[], ?::bigint[], ?::bigint[])
                 AS d(id, debit, credit, amount, source_offset)
            """;

    private static final String ADVANCE = """
            UPDATE partition_offsets AS o
            SET next_offset = d.next_offset, updated_at = now()
            FROM unnest(?::integer[], ?::bigint[]) AS d(kafka_partition, next_offset)
            WHERE o.topic = ? AND o.kafka_partition = d.kafka_partition AND o.next_offset < d.next_offset
            """;

    private static final String TOPIC = "sql-ceiling";

    private final LocalDatabase database;
    private final int accounts;

    SqlCeiling(LocalDatabase database, int accounts) {
        this.database = database;
        this.accounts = accounts;
    }

    /** What one run measured. */
    record Outcome(long transfers, double seconds, double perSecond) {
    }

    /** Opens the accounts (funded generously) and the partition rows. */
    void prepare() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO accounts (id, currency, balance, overdraft_limit) "
                    + "SELECT 'sqlc-' || lpad(n::text, 5, '0'), 'EUR', 1000000000, 0 FROM generate_series(0, "
                    + (accounts - 1) + ") AS n ON CONFLICT DO NOTHING");
            statement.execute("INSERT INTO partition_offsets (topic, kafka_partition, next_offset) "
                    + "SELECT '" + TOPIC + "', p, 0 FROM generate_series(0, 11) AS p ON CONFLICT DO NOTHING");
        }
    }

    /** Runs {@code clients} connections of batches until {@code stop} is set. */
    Outcome run(int clients, AtomicBoolean stop) throws InterruptedException {
        AtomicLong transfers = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < clients; i++) {
            int client = i;
            Thread thread = new Thread(() -> {
                try {
                    batches(client, stop, transfers);
                } catch (SQLException | RuntimeException e) {
                    failures.add(e);
                }
            }, "sql-ceiling-" + i);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("the SQL ceiling failed: " + failures.get(0), failures.get(0));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Outcome(transfers.get(), seconds, transfers.get() / seconds);
    }

    private void batches(int client, AtomicBoolean stop, AtomicLong transfers) throws SQLException {
        Random random = new Random(client);
        try (Connection connection = connect();
             PreparedStatement lockOffset = connection.prepareStatement(LOCK_OFFSET);
             PreparedStatement find = connection.prepareStatement(FIND);
             PreparedStatement lock = connection.prepareStatement(LOCK_IN_ID_ORDER);
             PreparedStatement update = connection.prepareStatement(ADD_ABOVE_FLOOR);
             PreparedStatement insert = connection.prepareStatement(INSERT_TRANSFERS);
             PreparedStatement advance = connection.prepareStatement(ADVANCE)) {
            connection.setAutoCommit(false);
            long offset = (long) client << 40;
            while (!stop.get()) {
                int partition = random.nextInt(12);
                UUID[] ids = new UUID[BATCH];
                String[] debits = new String[BATCH];
                String[] credits = new String[BATCH];
                Long[] amounts = new Long[BATCH];
                Long[] offsets = new Long[BATCH];
                TreeMap<String, Long> deltas = new TreeMap<>();
                for (int i = 0; i < BATCH; i++) {
                    int debit = random.nextInt(accounts);
                    int credit = (debit + 1 + random.nextInt(accounts - 1)) % accounts;
                    ids[i] = UUID.randomUUID();
                    debits[i] = String.format("sqlc-%05d", debit);
                    credits[i] = String.format("sqlc-%05d", credit);
                    amounts[i] = 1L + random.nextInt(100);
                    offsets[i] = offset++;
                    deltas.merge(debits[i], -amounts[i], Long::sum);
                    deltas.merge(credits[i], amounts[i], Long::sum);
                }
                Timestamp now = Timestamp.from(Instant.now());

                lockOffset.setString(1, TOPIC);
                lockOffset.setArray(2, connection.createArrayOf("integer", new Integer[] {partition}));
                lockOffset.executeQuery().close();
                find.setArray(1, connection.createArrayOf("uuid", ids));
                find.executeQuery().close();
                Array accountIds = connection.createArrayOf("text", deltas.keySet().toArray(String[]::new));
                lock.setArray(1, accountIds);
                lock.executeQuery().close();
                update.setTimestamp(1, now);
                update.setArray(2, accountIds);
                update.setArray(3, connection.createArrayOf("numeric", deltas.values().toArray(Long[]::new)));
                update.executeQuery().close();
                insert.setString(1, TOPIC);
                insert.setInt(2, partition);
                insert.setTimestamp(3, now);
                insert.setArray(4, connection.createArrayOf("uuid", ids));
                insert.setArray(5, connection.createArrayOf("text", debits));
                insert.setArray(6, connection.createArrayOf("text", credits));
                insert.setArray(7, connection.createArrayOf("bigint", amounts));
                insert.setArray(8, connection.createArrayOf("bigint", offsets));
                insert.executeUpdate();
                advance.setArray(1, connection.createArrayOf("integer", new Integer[] {partition}));
                advance.setArray(2, connection.createArrayOf("bigint", new Long[] {offset}));
                advance.setString(3, TOPIC);
                advance.executeUpdate();
                connection.commit();
                transfers.addAndGet(BATCH);
            }
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(database.url(), database.user(), database.password());
    }
}
