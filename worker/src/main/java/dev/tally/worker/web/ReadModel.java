package dev.tally.worker.web;

import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.OpenAccountResult;
import dev.tally.contracts.Reason;
import dev.tally.contracts.Result;
import dev.tally.contracts.Status;
import dev.tally.contracts.TransferResult;
import dev.tally.worker.ledger.Outcomes;

/**
 * Reads accounts, statements and stored outcomes for the read API. Plain reads without locks: each answer is one
 * committed state of the row, which may be stale by the time the client sees it.
 */
@Repository
class ReadModel {

    // Pending totals count only live holds: a hold past its expiry no longer counts from that instant, whether or
    // not a transaction has released it from the stored totals yet.
    private static final String FIND_ACCOUNT = """
            SELECT a.id, a.currency, a.balance, a.overdraft_limit, a.version, a.closed, a.owner,
                   (SELECT coalesce(sum(h.amount), 0)
                    FROM holds h
                    WHERE h.debit_account_id = a.id AND h.state = 'PENDING'
                      AND (h.expires_at IS NULL OR h.expires_at > :now)) AS pending_debits,
                   (SELECT coalesce(sum(h.amount), 0)
                    FROM holds h
                    WHERE h.credit_account_id = a.id AND h.state = 'PENDING'
                      AND (h.expires_at IS NULL OR h.expires_at > :now)) AS pending_credits
            FROM accounts a
            WHERE a.id = :id
            """;

    // Each arm reads one index in decision order and stops at the page size; the union is cut to the page again.
    private static final String STATEMENT = """
            SELECT seq, command_id, type, leg, direction, debit_account_id, credit_account_id, amount, currency,
                   reference, balance_after, decided_at
            FROM ((SELECT decision_seq AS seq, id AS command_id, 'transfer' AS type, NULL::integer AS leg,
                          'debit' AS direction, debit_account_id, credit_account_id, amount, currency, reference,
                          debit_balance AS balance_after, decided_at
                   FROM transfers
                   WHERE debit_account_id = :id AND status = 'APPLIED' AND decision_seq > :after
                   ORDER BY decision_seq
                   LIMIT :limit)
                  UNION ALL
                  (SELECT decision_seq, id, 'transfer', NULL, 'credit', debit_account_id, credit_account_id, amount,
                          currency, reference, credit_balance, decided_at
                   FROM transfers
                   WHERE credit_account_id = :id AND status = 'APPLIED' AND decision_seq > :after
                   ORDER BY decision_seq
                   LIMIT :limit)
                  UNION ALL
                  (SELECT decision_seq, id, 'post_pending', NULL, 'debit', debit_account_id, credit_account_id,
                          amount, currency, NULL, debit_balance, decided_at
                   FROM hold_resolutions
                   WHERE debit_account_id = :id AND status = 'APPLIED' AND type = 'post_pending'
                     AND decision_seq > :after
                   ORDER BY decision_seq
                   LIMIT :limit)
                  UNION ALL
                  (SELECT decision_seq, id, 'post_pending', NULL, 'credit', debit_account_id, credit_account_id,
                          amount, currency, NULL, credit_balance, decided_at
                   FROM hold_resolutions
                   WHERE credit_account_id = :id AND status = 'APPLIED' AND type = 'post_pending'
                     AND decision_seq > :after
                   ORDER BY decision_seq
                   LIMIT :limit)
                  UNION ALL
                  (SELECT decision_seq, linked_id, 'linked_transfers', leg, 'debit', debit_account_id,
                          credit_account_id, amount, currency, reference, debit_balance, decided_at
                   FROM linked_legs
                   WHERE debit_account_id = :id AND decision_seq > :after
                   ORDER BY decision_seq
                   LIMIT :limit)
                  UNION ALL
                  (SELECT decision_seq, linked_id, 'linked_transfers', leg, 'credit', debit_account_id,
                          credit_account_id, amount, currency, reference, credit_balance, decided_at
                   FROM linked_legs
                   WHERE credit_account_id = :id AND decision_seq > :after
                   ORDER BY decision_seq
                   LIMIT :limit)) AS m
            ORDER BY seq
            LIMIT :limit
            """;

    private static final String FIND_TRANSFER = """
            SELECT id, status, reason, detail, decided_at,
                   debit_account_id, credit_account_id, amount, currency, reference, debit_balance, credit_balance
            FROM transfers
            WHERE id = :id
            """;

    private static final String FIND_OPENING = """
            SELECT id, status, reason, detail, decided_at,
                   account_id, currency, overdraft_limit, unbounded
            FROM account_openings
            WHERE id = :id
            """;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Outcomes outcomes;

    ReadModel(JdbcClient jdbc, Clock clock, Outcomes outcomes) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.outcomes = outcomes;
    }

    Optional<AccountView> account(AccountId id) {
        return jdbc.sql(FIND_ACCOUNT).param("id", id.value()).param("now", clock.instant().atOffset(ZoneOffset.UTC))
                .query(ReadModel::mapAccount).optional();
    }

    /**
     * Up to {@code limit} movements of the account decided after the cursor {@code after} (0: from the first), in
     * decision order, plus one more when there is one, so the caller can tell the last page.
     */
    List<Map.Entry<Long, Movement>> movements(AccountId id, long after, int limit) {
        return jdbc.sql(STATEMENT).param("id", id.value()).param("after", after).param("limit", limit + 1)
                .query((rs, rowNum) -> Map.entry(rs.getLong("seq"), mapMovement(rs))).list();
    }

    /**
     * The outcome stored for a command id, a transfer's or an account opening's, as first published
     * ({@code replay == false}).
     */
    Optional<Result> outcome(CommandId id) {
        Optional<Result> transfer = jdbc.sql(FIND_TRANSFER).param("id", id.value())
                .query(ReadModel::mapTransfer).optional();
        if (transfer.isPresent()) {
            return transfer;
        }
        Optional<Result> opening = jdbc.sql(FIND_OPENING).param("id", id.value()).query(ReadModel::mapOpening)
                .optional();
        return opening.isPresent() ? opening : outcomes.find(id);
    }

    private static AccountView mapAccount(ResultSet rs, int rowNum) throws SQLException {
        Long overdraftLimit = nullableLong(rs, "overdraft_limit");
        long balance = rs.getLong("balance");
        long pendingDebits = rs.getLong("pending_debits");
        return new AccountView(rs.getString("id"), rs.getString("currency"), balance, overdraftLimit,
                overdraftLimit == null, rs.getLong("version"), pendingDebits, rs.getLong("pending_credits"),
                BigInteger.valueOf(balance).subtract(BigInteger.valueOf(pendingDebits)), rs.getBoolean("closed"),
                rs.getString("owner"));
    }

    private static Movement mapMovement(ResultSet rs) throws SQLException {
        int leg = rs.getInt("leg");
        Integer legIndex = rs.wasNull() ? null : leg;
        return new Movement(rs.getObject("command_id", UUID.class).toString(), rs.getString("type"), legIndex,
                rs.getString("direction"), rs.getString("debit_account_id"), rs.getString("credit_account_id"),
                rs.getLong("amount"), rs.getString("currency"), rs.getString("reference"),
                rs.getLong("balance_after"), decidedAt(rs));
    }

    private static Result mapTransfer(ResultSet rs, int rowNum) throws SQLException {
        return new TransferResult(commandId(rs), status(rs), reason(rs), rs.getString("detail"), false,
                account(rs, "debit_account_id"), account(rs, "credit_account_id"), nullableLong(rs, "amount"),
                rs.getString("currency"), rs.getString("reference"), nullableLong(rs, "debit_balance"),
                nullableLong(rs, "credit_balance"), decidedAt(rs));
    }

    private static Result mapOpening(ResultSet rs, int rowNum) throws SQLException {
        return new OpenAccountResult(commandId(rs), status(rs), reason(rs), rs.getString("detail"), false,
                account(rs, "account_id"), rs.getString("currency"), nullableLong(rs, "overdraft_limit"),
                rs.getObject("unbounded", Boolean.class), decidedAt(rs));
    }

    private static CommandId commandId(ResultSet rs) throws SQLException {
        return new CommandId(rs.getObject("id", UUID.class));
    }

    private static Status status(ResultSet rs) throws SQLException {
        return Status.fromWire(rs.getString("status"));
    }

    private static Reason reason(ResultSet rs) throws SQLException {
        String code = rs.getString("reason");
        return code == null ? null : Reason.fromCode(code);
    }

    private static Instant decidedAt(ResultSet rs) throws SQLException {
        return rs.getObject("decided_at", OffsetDateTime.class).toInstant();
    }

    private static AccountId account(ResultSet rs, String column) throws SQLException {
        String value = rs.getString(column);
        return value == null ? null : new AccountId(value);
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
