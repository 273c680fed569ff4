package dev.tally.worker.account;

import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.tally.contracts.AccountId;

/**
 * The {@code accounts} table. Rows are locked in one statement in ascending bytewise id order; every balance change
 * is a conditional atomic {@code UPDATE} that does the arithmetic in the database ({@code balance = balance + ?})
 * and re-checks the floor, with the affected rows checked against what was decided.
 */
@Repository
public class Accounts {

    // PostgreSQL locks the rows of an ordered FOR UPDATE query after sorting, in the order returned, and the id
    // column uses COLLATE "C": so the lock order is bytewise, the same in every transaction, and two transactions can
    // never wait for each other in a cycle.
    private static final String LOCK_IN_ID_ORDER = """
            SELECT id, currency, balance, overdraft_limit, version
            FROM accounts
            WHERE id = ANY(?)
            ORDER BY id
            FOR UPDATE
            """;

    private static final String INSERT_NEW = """
            INSERT INTO accounts (id, currency, balance, overdraft_limit, created_at, updated_at)
            SELECT d.id, d.currency, 0, d.overdraft_limit::bigint, ?, ?
            FROM unnest(?::text[], ?::text[], ?::text[]) AS d(id, currency, overdraft_limit)
            ORDER BY d.id
            ON CONFLICT (id) DO NOTHING
            RETURNING id
            """;

    // numeric arithmetic: neither the delta nor the floor guard can overflow bigint, whatever the limits.
    private static final String ADD_TO_BALANCES_ABOVE_FLOOR = """
            UPDATE accounts AS a
            SET balance = a.balance + d.delta, version = a.version + 1, updated_at = ?
            FROM unnest(?::text[], ?::numeric[]) AS d(id, delta)
            WHERE a.id = d.id
              AND (a.overdraft_limit IS NULL OR a.balance + d.delta >= -a.overdraft_limit)
            RETURNING a.id, a.balance
            """;

    private final JdbcClient jdbc;

    public Accounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Locks the rows of the given accounts ({@code SELECT ... FOR UPDATE}, ascending id order) until the
     * transaction ends, and returns them as a book to decide against. Accounts that do not exist are absent.
     */
    public AccountBook lock(Collection<AccountId> ids) {
        if (ids.isEmpty()) {
            return new AccountBook(List.of());
        }
        String[] values = ids.stream().map(AccountId::value).distinct().toArray(String[]::new);
        return new AccountBook(jdbc.sql(LOCK_IN_ID_ORDER).param(values).query(Accounts::mapRow).list());
    }

    /**
     * Writes the book back: inserts the accounts opened in it, then applies each changed balance as one conditional
     * atomic update. The floor is checked again by the database, and the resulting balances must be exactly those
     * decided; otherwise nothing of the transaction commits.
     *
     * @throws ConcurrencyFailureException when another transaction opened one of the new accounts first (the batch
     *                                     is then retried and sees the account)
     */
    public void store(AccountBook book, Instant now) {
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        List<AccountRow> opened = book.opened();
        if (!opened.isEmpty()) {
            List<String> inserted = jdbc.sql(INSERT_NEW)
                    .param(at).param(at)
                    .param(opened.stream().map(row -> row.id().value()).toArray(String[]::new))
                    .param(opened.stream().map(AccountRow::currency).toArray(String[]::new))
                    .param(opened.stream().map(row -> row.unbounded() ? null : row.overdraftLimit().toString())
                            .toArray(String[]::new))
                    .query(String.class).list();
            if (inserted.size() != opened.size()) {
                throw new ConcurrencyFailureException("an account opened in this batch was opened concurrently "
                        + "by another transaction; the batch is retried");
            }
        }
        Map<AccountId, AccountBook.BalanceChange> changes = book.balanceChanges();
        if (changes.isEmpty()) {
            return;
        }
        List<String> ids = new ArrayList<>(changes.size());
        List<String> deltas = new ArrayList<>(changes.size());
        changes.forEach((id, change) -> {
            ids.add(id.value());
            // As text: the difference of two longs need not fit in a long.
            deltas.add(BigInteger.valueOf(change.after()).subtract(BigInteger.valueOf(change.before())).toString());
        });
        Map<String, Long> written = new HashMap<>();
        jdbc.sql(ADD_TO_BALANCES_ABOVE_FLOOR)
                .param(at)
                .param(ids.toArray(String[]::new))
                .param(deltas.toArray(String[]::new))
                .query((rs, rowNum) -> written.put(rs.getString(1), rs.getLong(2)))
                .list();
        changes.forEach((id, change) -> {
            Long balance = written.get(id.value());
            if (balance == null || balance != change.after()) {
                throw new IllegalStateException("account " + id + " should have balance " + change.after()
                        + " but the database " + (balance == null ? "refused the update" : "computed " + balance)
                        + "; nothing of this batch is committed");
            }
        });
    }

    private static AccountRow mapRow(ResultSet rs, int rowNum) throws SQLException {
        long limit = rs.getLong("overdraft_limit");
        Long overdraftLimit = rs.wasNull() ? null : limit;
        return new AccountRow(new AccountId(rs.getString("id")), rs.getString("currency"), rs.getLong("balance"),
                overdraftLimit, rs.getLong("version"));
    }
}
