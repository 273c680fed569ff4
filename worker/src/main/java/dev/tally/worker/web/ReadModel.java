package dev.tally.worker.web;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
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

/**
 * Reads accounts and stored outcomes for the read API. Plain reads without locks: each answer is one committed
 * state of the row, which may be stale by the time the client sees it.
 */
@Repository
class ReadModel {

    private static final String FIND_ACCOUNT = """
            SELECT id, currency, balance, overdraft_limit, version
            FROM accounts
            WHERE id = :id
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

    ReadModel(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<AccountView> account(AccountId id) {
        return jdbc.sql(FIND_ACCOUNT).param("id", id.value()).query(ReadModel::mapAccount).optional();
    }

    /**
     * The outcome stored for a command id, a transfer's or an account opening's, as first published
     * ({@code replay == false}).
     */
    Optional<Result> outcome(CommandId id) {
        Optional<Result> transfer = jdbc.sql(FIND_TRANSFER).param("id", id.value())
                .query(ReadModel::mapTransfer).optional();
        return transfer.isPresent() ? transfer
                : jdbc.sql(FIND_OPENING).param("id", id.value()).query(ReadModel::mapOpening).optional();
    }

    private static AccountView mapAccount(ResultSet rs, int rowNum) throws SQLException {
        Long overdraftLimit = nullableLong(rs, "overdraft_limit");
        return new AccountView(rs.getString("id"), rs.getString("currency"), rs.getLong("balance"), overdraftLimit,
                overdraftLimit == null, rs.getLong("version"));
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
