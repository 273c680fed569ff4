package dev.tally.worker.account;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.tally.contracts.AccountId;

/**
 * The {@code accounts} table. Every balance change is a conditional atomic {@code UPDATE} computed by the database
 * ({@code balance = balance - ?}), never a value computed in Java and written back.
 */
@Repository
public class Accounts {

    private static final String LOCK_IN_ID_ORDER = """
            SELECT id, currency, balance, overdraft_limit, version
            FROM accounts
            WHERE id IN (:first, :second)
            ORDER BY id
            FOR UPDATE
            """;

    private static final String FIND = """
            SELECT id, currency, balance, overdraft_limit, version
            FROM accounts
            WHERE id = :id
            """;

    // numeric arithmetic: the guard itself must not overflow bigint for extreme limits and amounts.
    private static final String DEBIT_IF_ABOVE_FLOOR = """
            UPDATE accounts
            SET balance = balance - :amount, version = version + 1, updated_at = :now
            WHERE id = :id
              AND (overdraft_limit IS NULL OR balance::numeric - :amount >= -overdraft_limit)
            RETURNING balance
            """;

    private static final String CREDIT = """
            UPDATE accounts
            SET balance = balance + :amount, version = version + 1, updated_at = :now
            WHERE id = :id
            RETURNING balance
            """;

    private static final String INSERT_IF_ABSENT = """
            INSERT INTO accounts (id, currency, balance, overdraft_limit, created_at, updated_at)
            VALUES (:id, :currency, 0, :overdraftLimit, :now, :now)
            ON CONFLICT (id) DO NOTHING
            """;

    private final JdbcClient jdbc;

    public Accounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Locks the rows of both accounts ({@code SELECT ... FOR UPDATE}) in ascending bytewise id order, so that two
     * transactions touching the same accounts can never wait for each other in a cycle. PostgreSQL locks rows of
     * an ordered {@code FOR UPDATE} query after sorting, in the order returned. Accounts that do not exist are
     * simply absent from the list.
     */
    public List<AccountRow> lockInIdOrder(AccountId first, AccountId second) {
        return jdbc.sql(LOCK_IN_ID_ORDER)
                .param("first", first.value())
                .param("second", second.value())
                .query(Accounts::mapRow)
                .list();
    }

    public Optional<AccountRow> find(AccountId id) {
        return jdbc.sql(FIND).param("id", id.value()).query(Accounts::mapRow).optional();
    }

    /**
     * Debits {@code amount} if the balance stays at or above the account's floor, in one atomic statement.
     *
     * @return the new balance, or empty when the floor refused the debit (the row count was 0)
     */
    public Optional<Long> debitIfAboveFloor(AccountId id, long amount, Instant now) {
        return jdbc.sql(DEBIT_IF_ABOVE_FLOOR)
                .param("amount", amount)
                .param("now", utc(now))
                .param("id", id.value())
                .query(Long.class)
                .optional();
    }

    /**
     * Credits {@code amount}; the caller has ruled out overflow under the row lock.
     *
     * @return the new balance, or empty when the account does not exist
     */
    public Optional<Long> credit(AccountId id, long amount, Instant now) {
        return jdbc.sql(CREDIT)
                .param("amount", amount)
                .param("now", utc(now))
                .param("id", id.value())
                .query(Long.class)
                .optional();
    }

    /**
     * Creates the account with a zero balance unless it exists.
     *
     * @return whether it was created
     */
    public boolean insertIfAbsent(AccountId id, String currency, Long overdraftLimit, Instant now) {
        return jdbc.sql(INSERT_IF_ABSENT)
                .param("id", id.value())
                .param("currency", currency)
                .param("overdraftLimit", overdraftLimit)
                .param("now", utc(now))
                .update() == 1;
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static AccountRow mapRow(ResultSet rs, int rowNum) throws SQLException {
        long limit = rs.getLong("overdraft_limit");
        Long overdraftLimit = rs.wasNull() ? null : limit;
        return new AccountRow(new AccountId(rs.getString("id")), rs.getString("currency"), rs.getLong("balance"),
                overdraftLimit, rs.getLong("version"));
    }
}
