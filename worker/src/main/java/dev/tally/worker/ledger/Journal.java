package dev.tally.worker.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.CommandType;
import dev.tally.contracts.OpenAccountResult;
import dev.tally.contracts.Reason;
import dev.tally.contracts.Result;
import dev.tally.contracts.Status;
import dev.tally.contracts.TransferResult;

/**
 * The idempotency record of every decided command: {@code transfers} (which is also the journal that balances
 * reconcile with) and {@code account_openings}. Their primary keys are the command ids, so a second decision for
 * one id cannot commit, whoever attempts it.
 */
@Repository
class Journal {

    // One round trip finds an id in either table, so that reusing a transfer's id for an opening is caught too.
    private static final String FIND = """
            SELECT 'transfer' AS type, id, status, reason, detail, fields_hash,
                   source_topic, source_partition, source_offset, decided_at,
                   debit_account_id, credit_account_id, amount, currency, reference, debit_balance, credit_balance,
                   NULL AS account_id, NULL::bigint AS overdraft_limit, NULL::boolean AS unbounded
            FROM transfers
            WHERE id = :id
            UNION ALL
            SELECT 'open_account', id, status, reason, detail, fields_hash,
                   source_topic, source_partition, source_offset, decided_at,
                   NULL, NULL, NULL, currency, NULL, NULL, NULL,
                   account_id, overdraft_limit, unbounded
            FROM account_openings
            WHERE id = :id
            """;

    private static final String INSERT_TRANSFER = """
            INSERT INTO transfers (id, debit_account_id, credit_account_id, amount, currency, reference,
                                   status, reason, detail, debit_balance, credit_balance, fields_hash,
                                   source_topic, source_partition, source_offset, decided_at)
            VALUES (:id, :debit, :credit, :amount, :currency, :reference,
                    :status, :reason, :detail, :debitBalance, :creditBalance, :hash,
                    :topic, :partition, :offset, :decidedAt)
            """;

    private static final String INSERT_OPENING = """
            INSERT INTO account_openings (id, account_id, currency, overdraft_limit, unbounded,
                                          status, reason, detail, fields_hash,
                                          source_topic, source_partition, source_offset, decided_at)
            VALUES (:id, :account, :currency, :overdraftLimit, :unbounded,
                    :status, :reason, :detail, :hash,
                    :topic, :partition, :offset, :decidedAt)
            """;

    private final JdbcClient jdbc;

    Journal(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<StoredDecision> find(CommandId id) {
        return jdbc.sql(FIND).param("id", id.value()).query(Journal::mapRow).optional();
    }

    void record(Result result, byte[] fingerprint, RecordSource source) {
        JdbcClient.StatementSpec insert;
        if (result instanceof TransferResult t) {
            insert = jdbc.sql(INSERT_TRANSFER)
                    .param("debit", text(t.debitAccountId()))
                    .param("credit", text(t.creditAccountId()))
                    .param("amount", t.amount())
                    .param("currency", t.currency())
                    .param("reference", t.reference())
                    .param("debitBalance", t.debitBalance())
                    .param("creditBalance", t.creditBalance());
        } else {
            OpenAccountResult o = (OpenAccountResult) result;
            insert = jdbc.sql(INSERT_OPENING)
                    .param("account", text(o.accountId()))
                    .param("currency", o.currency())
                    .param("overdraftLimit", o.overdraftLimit())
                    .param("unbounded", o.unbounded());
        }
        insert.param("id", result.id().value())
                .param("status", result.status().name())
                .param("reason", result.reason() == null ? null : result.reason().code())
                .param("detail", result.detail())
                .param("hash", fingerprint)
                .param("topic", source.topic())
                .param("partition", source.partition())
                .param("offset", source.offset())
                .param("decidedAt", result.decidedAt().atOffset(ZoneOffset.UTC))
                .update();
    }

    private static String text(AccountId id) {
        return id == null ? null : id.value();
    }

    private static StoredDecision mapRow(ResultSet rs, int rowNum) throws SQLException {
        CommandId id = new CommandId(rs.getObject("id", java.util.UUID.class));
        Status status = Status.fromWire(rs.getString("status"));
        String reasonCode = rs.getString("reason");
        Reason reason = reasonCode == null ? null : Reason.fromCode(reasonCode);
        String detail = rs.getString("detail");
        Instant decidedAt = rs.getObject("decided_at", OffsetDateTime.class).toInstant();
        Result result = switch (CommandType.fromWire(rs.getString("type"))) {
            case TRANSFER -> new TransferResult(id, status, reason, detail, false,
                    account(rs, "debit_account_id"), account(rs, "credit_account_id"), nullableLong(rs, "amount"),
                    rs.getString("currency"), rs.getString("reference"), nullableLong(rs, "debit_balance"),
                    nullableLong(rs, "credit_balance"), decidedAt);
            case OPEN_ACCOUNT -> new OpenAccountResult(id, status, reason, detail, false,
                    account(rs, "account_id"), rs.getString("currency"), nullableLong(rs, "overdraft_limit"),
                    rs.getObject("unbounded", Boolean.class), decidedAt);
        };
        RecordSource source = new RecordSource(rs.getString("source_topic"), rs.getInt("source_partition"),
                rs.getLong("source_offset"));
        return new StoredDecision(rs.getBytes("fields_hash"), source, result);
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
