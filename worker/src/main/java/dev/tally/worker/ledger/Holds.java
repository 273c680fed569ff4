package dev.tally.worker.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.CommandId;
import dev.tally.worker.transfer.HoldRow;

/**
 * The state of the holds in table {@code holds} (their decisions are recorded by the {@link Journal}). A batch locks
 * the holds it may change before it locks any account, in id order: the ones its posts and voids name, and the
 * pending ones past their expiry on any account it touches, which it then releases.
 */
@Repository
class Holds {

    private static final String LOCK = """
            SELECT id, debit_account_id, credit_account_id, amount, currency, expires_at, state, principal
            FROM holds
            WHERE status = 'APPLIED'
              AND (id = ANY(?)
                   OR (state = 'PENDING' AND expires_at <= ?
                       AND (debit_account_id = ANY(?) OR credit_account_id = ANY(?))))
            ORDER BY id
            FOR UPDATE
            """;

    private static final String RESOLVE = """
            UPDATE holds AS h
            SET state = d.state, posted_amount = d.posted_amount, resolved_by = d.resolved_by, resolved_at = ?
            FROM unnest(?::uuid[], ?::text[], ?::bigint[], ?::uuid[]) AS d(id, state, posted_amount, resolved_by)
            WHERE h.id = d.id
            """;

    private final JdbcClient jdbc;

    Holds(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Locks and reads the applied holds among {@code ids}, and every pending hold expired at {@code now} whose debit
     * or credit account is among {@code accounts}.
     */
    Map<CommandId, HoldRow> lock(Collection<CommandId> ids, Collection<AccountId> accounts, Instant now) {
        Map<CommandId, HoldRow> found = new HashMap<>();
        String[] accountIds = accounts.stream().map(AccountId::value).distinct().toArray(String[]::new);
        jdbc.sql(LOCK)
                .param(ids.stream().map(CommandId::value).distinct().toArray(UUID[]::new))
                .param(now.atOffset(ZoneOffset.UTC))
                .param(accountIds)
                .param(accountIds)
                .query(Holds::mapRow)
                .list()
                .forEach(hold -> found.put(hold.id(), hold));
        return found;
    }

    /** A hold that left {@code PENDING}: posted (with the amount moved), voided or expired, by a command or by time. */
    record Change(CommandId id, HoldRow.State state, Long postedAmount, CommandId resolvedBy) {
    }

    /** Writes the holds' new states; their rows exist (inserted earlier in the same transaction, or before). */
    void resolve(List<Change> changes, Instant now) {
        if (changes.isEmpty()) {
            return;
        }
        jdbc.sql(RESOLVE)
                .param(now.atOffset(ZoneOffset.UTC))
                .param(changes.stream().map(change -> change.id().value()).toArray(UUID[]::new))
                .param(changes.stream().map(change -> change.state().name()).toArray(String[]::new))
                .param(changes.stream().map(Change::postedAmount).toArray(Long[]::new))
                .param(changes.stream().map(change -> change.resolvedBy() == null ? null : change.resolvedBy().value())
                        .toArray(UUID[]::new))
                .update();
    }

    private static HoldRow mapRow(ResultSet rs, int rowNum) throws SQLException {
        OffsetDateTime expiresAt = rs.getObject("expires_at", OffsetDateTime.class);
        return new HoldRow(new CommandId(rs.getObject("id", UUID.class)),
                new AccountId(rs.getString("debit_account_id")), new AccountId(rs.getString("credit_account_id")),
                rs.getLong("amount"), rs.getString("currency"), expiresAt == null ? null : expiresAt.toInstant(),
                HoldRow.State.valueOf(rs.getString("state")), rs.getString("principal"));
    }
}
