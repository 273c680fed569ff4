package dev.tally.worker.account;

import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.tally.contracts.AccountId;

/**
 * The {@code accounts} table. Rows are locked in one statement in ascending bytewise id order, and every balance
 * change is a conditional atomic {@code UPDATE} that does the arithmetic in the database and re-checks the floor.
 * Amounts and deltas travel as numeric text, so no guard can overflow bigint, whatever the limits.
 */
@Repository
public class Accounts {

    // PostgreSQL locks the rows of an ordered FOR UPDATE query after sorting, in the order returned, and the id
    // column uses COLLATE "C": so the lock order is bytewise, the same in every transaction, and two transactions
    // can never wait for each other in a cycle.
    private static final String LOCK_IN_ID_ORDER = """
            SELECT id, currency, balance, overdraft_limit, version, pending_debits, pending_credits, closed, owner
            FROM accounts
            WHERE id = ANY(?)
            ORDER BY id
            FOR UPDATE
            """;

    // The lock an UPDATE of the balance takes anyway (it changes no key), taken for a whole batch at once, ahead of
    // its updates, in the same bytewise order as LOCK_IN_ID_ORDER.
    private static final String LOCK_FOR_WRITE_IN_ID_ORDER = """
            SELECT id, currency, balance, overdraft_limit, version, pending_debits, pending_credits, closed, owner
            FROM accounts
            WHERE id = ANY(?)
            ORDER BY id
            FOR NO KEY UPDATE
            """;

    private static final String READ = """
            SELECT id, currency, balance, overdraft_limit, version, pending_debits, pending_credits, closed, owner
            FROM accounts
            WHERE id = ANY(?)
            """;

    private static final String INSERT_NEW = """
            INSERT INTO accounts (id, currency, balance, overdraft_limit, owner, created_at, updated_at)
            SELECT d.id, d.currency, 0, d.overdraft_limit::bigint, d.owner, ?, ?
            FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) AS d(id, currency, overdraft_limit, owner)
            ORDER BY d.id
            ON CONFLICT (id) DO NOTHING
            RETURNING id
            """;

    private static final String ADD_ABOVE_FLOOR = """
            UPDATE accounts AS a
            SET balance = a.balance + d.delta, version = a.version + 1, updated_at = ?
            FROM unnest(?::text[], ?::numeric[]) AS d(id, delta)
            WHERE a.id = d.id
              AND (a.overdraft_limit IS NULL OR a.balance + d.delta - a.pending_debits >= -a.overdraft_limit)
              AND a.balance + d.delta BETWEEN -9223372036854775808 AND 9223372036854775807
            RETURNING a.id, a.balance
            """;

    private static final String WRITE_IF_UNCHANGED = """
            UPDATE accounts AS a
            SET balance = a.balance + d.delta, version = a.version + 1, updated_at = ?
            FROM unnest(?::text[], ?::numeric[], ?::bigint[]) AS d(id, delta, version)
            WHERE a.id = d.id
              AND a.version = d.version
              AND (a.overdraft_limit IS NULL OR a.balance + d.delta - a.pending_debits >= -a.overdraft_limit)
            RETURNING a.id, a.balance
            """;

    // Contract v1.1: rows decided whole (balance, pending totals, closed) are written whole, where their version is
    // still the one read; the CHECK constraints refuse anything below the floor or a negative pending total.
    private static final String WRITE_ROWS_IF_UNCHANGED = """
            UPDATE accounts AS a
            SET balance = d.balance, pending_debits = d.pending_debits, pending_credits = d.pending_credits,
                closed = d.closed, version = a.version + 1, updated_at = ?
            FROM unnest(?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::boolean[], ?::bigint[])
                 AS d(id, balance, pending_debits, pending_credits, closed, version)
            WHERE a.id = d.id
              AND a.version = d.version
            RETURNING a.id
            """;

    private final JdbcClient jdbc;

    public Accounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Locks the rows ({@code SELECT ... FOR UPDATE}, id order) until the transaction ends; missing ones are absent. */
    public List<AccountRow> lockInIdOrder(Collection<AccountId> ids) {
        return ids.isEmpty() ? List.of() : jdbc.sql(LOCK_IN_ID_ORDER).param(values(ids)).query(Accounts::mapRow).list();
    }

    /**
     * Locks the rows against other writers ({@code SELECT ... FOR NO KEY UPDATE}, id order) until the transaction
     * ends, as the {@code UPDATE}s that follow would, but all at once and in an order every transaction shares;
     * missing ones are absent.
     */
    public List<AccountRow> lockForWriteInIdOrder(Collection<AccountId> ids) {
        return ids.isEmpty() ? List.of()
                : jdbc.sql(LOCK_FOR_WRITE_IN_ID_ORDER).param(values(ids)).query(Accounts::mapRow).list();
    }

    /** Reads the rows without locking them; missing ones are absent. */
    public List<AccountRow> read(Collection<AccountId> ids) {
        return ids.isEmpty() ? List.of() : jdbc.sql(READ).param(values(ids)).query(Accounts::mapRow).list();
    }

    /**
     * Inserts new accounts with zero balances, in id order, unless they exist.
     *
     * @return how many were inserted
     */
    public int insertNew(List<AccountRow> accounts, Instant now) {
        if (accounts.isEmpty()) {
            return 0;
        }
        OffsetDateTime at = utc(now);
        return jdbc.sql(INSERT_NEW)
                .param(at).param(at)
                .param(accounts.stream().map(row -> row.id().value()).toArray(String[]::new))
                .param(accounts.stream().map(AccountRow::currency).toArray(String[]::new))
                .param(accounts.stream().map(row -> row.unbounded() ? null : row.overdraftLimit().toString())
                        .toArray(String[]::new))
                .param(accounts.stream().map(AccountRow::owner).toArray(String[]::new))
                .query(String.class).list().size();
    }

    /**
     * Adds each delta to its account's balance in one atomic statement, where the result stays at or above the
     * account's floor and within 64 bits.
     *
     * @return the new balance of every account the database updated; a refused account is absent
     */
    public Map<AccountId, Long> addAboveFloor(Map<AccountId, BigInteger> deltas, Instant now) {
        Map<AccountId, Long> written = new HashMap<>();
        if (deltas.isEmpty()) {
            return written;
        }
        String[] ids = new String[deltas.size()];
        String[] amounts = new String[deltas.size()];
        int i = 0;
        for (Map.Entry<AccountId, BigInteger> delta : deltas.entrySet()) {
            ids[i] = delta.getKey().value();
            amounts[i++] = delta.getValue().toString();
        }
        jdbc.sql(ADD_ABOVE_FLOOR).param(utc(now)).param(ids).param(amounts)
                .query((rs, rowNum) -> written.put(new AccountId(rs.getString(1)), rs.getLong(2)))
                .list();
        return written;
    }

    /**
     * Adds each delta (0 included) to its account's balance only where the row's version is still the one read.
     *
     * @return the new balance of every account the database updated; one changed since it was read is absent
     */
    public Map<AccountId, Long> addIfUnchanged(List<AccountRow> read, Map<AccountId, BigInteger> deltas, Instant now) {
        Map<AccountId, Long> written = new HashMap<>();
        if (read.isEmpty()) {
            return written;
        }
        String[] ids = read.stream().map(row -> row.id().value()).toArray(String[]::new);
        String[] amounts = read.stream().map(row -> deltas.getOrDefault(row.id(), BigInteger.ZERO).toString())
                .toArray(String[]::new);
        Long[] versions = read.stream().map(AccountRow::version).toArray(Long[]::new);
        jdbc.sql(WRITE_IF_UNCHANGED).param(utc(now)).param(ids).param(amounts).param(versions)
                .query((rs, rowNum) -> written.put(new AccountId(rs.getString(1)), rs.getLong(2)))
                .list();
        return written;
    }

    /**
     * Writes each row whole (balance, pending totals, closed) where its version is still the one given, and bumps
     * the version.
     *
     * @return the ids of the rows written; a row changed since it was read is absent
     */
    public Set<AccountId> writeIfUnchanged(Collection<AccountRow> rows, Instant now) {
        Set<AccountId> written = new HashSet<>();
        if (rows.isEmpty()) {
            return written;
        }
        jdbc.sql(WRITE_ROWS_IF_UNCHANGED).param(utc(now))
                .param(rows.stream().map(row -> row.id().value()).toArray(String[]::new))
                .param(rows.stream().map(AccountRow::balance).toArray(Long[]::new))
                .param(rows.stream().map(AccountRow::pendingDebits).toArray(Long[]::new))
                .param(rows.stream().map(AccountRow::pendingCredits).toArray(Long[]::new))
                .param(rows.stream().map(AccountRow::closed).toArray(Boolean[]::new))
                .param(rows.stream().map(AccountRow::version).toArray(Long[]::new))
                .query((rs, rowNum) -> written.add(new AccountId(rs.getString(1))))
                .list();
        return written;
    }

    /** One account's {@link #addAboveFloor}: the new balance, or empty when the database refused it. */
    public Optional<Long> addAboveFloor(AccountId id, BigInteger delta, Instant now) {
        return Optional.ofNullable(addAboveFloor(Map.of(id, delta), now).get(id));
    }

    private static String[] values(Collection<AccountId> ids) {
        return ids.stream().map(AccountId::value).distinct().toArray(String[]::new);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static AccountRow mapRow(ResultSet rs, int rowNum) throws SQLException {
        long limit = rs.getLong("overdraft_limit");
        Long overdraftLimit = rs.wasNull() ? null : limit;
        return new AccountRow(new AccountId(rs.getString("id")), rs.getString("currency"), rs.getLong("balance"),
                overdraftLimit, rs.getLong("version"), rs.getLong("pending_debits"), rs.getLong("pending_credits"),
                rs.getBoolean("closed"), rs.getString("owner"));
    }
}
