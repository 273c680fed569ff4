package dev.tally.worker.ledger;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.tally.contracts.CloseAccountResult;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.CommandType;
import dev.tally.contracts.LinkedTransfers;
import dev.tally.contracts.LinkedTransfersResult;
import dev.tally.contracts.PendingResolutionResult;
import dev.tally.contracts.Reason;
import dev.tally.contracts.Result;
import dev.tally.contracts.Status;
import dev.tally.contracts.Transfer;
import dev.tally.contracts.TransferResult;

/**
 * The idempotency records of contract v1.1's commands, part of the {@link Journal}: {@code holds} (pending
 * transfers), {@code hold_resolutions} (posts and voids), {@code linked_transfers} with {@code linked_legs}, and
 * {@code account_closings}. Each movement of posted money (a post, a leg) carries its decision number for statements.
 */
@Repository
class HoldsAndLinksJournal {

    /** Movements of one batch are numbered {@code batch << 21 | entry << 7 | leg}: 16,384 entries of 128 legs. */
    private static final int ENTRY_SHIFT = 7;
    static final int BATCH_SHIFT = 21;

    private static final String FIND = """
            SELECT 'transfer' AS type, id, status, reason, detail, fields_hash,
                   source_topic, source_partition, source_offset, decided_at,
                   debit_account_id, credit_account_id, amount, currency, reference, debit_balance, credit_balance,
                   expires_at, NULL::uuid AS pending_id, NULL AS account_id, NULL::integer AS failed_leg,
                   NULL::bigint[] AS leg_debits, NULL::bigint[] AS leg_credits, principal
            FROM holds
            WHERE id = ANY(?)
            UNION ALL
            SELECT type, id, status, reason, detail, fields_hash,
                   source_topic, source_partition, source_offset, decided_at,
                   debit_account_id, credit_account_id, amount, currency, NULL, debit_balance, credit_balance,
                   NULL, pending_id, NULL, NULL, NULL, NULL, principal
            FROM hold_resolutions
            WHERE id = ANY(?)
            UNION ALL
            SELECT 'linked_transfers', l.id, l.status, l.reason, l.detail, l.fields_hash,
                   l.source_topic, l.source_partition, l.source_offset, l.decided_at,
                   NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                   NULL, NULL, NULL, l.failed_leg,
                   ARRAY(SELECT g.debit_balance FROM linked_legs g WHERE g.linked_id = l.id ORDER BY g.leg),
                   ARRAY(SELECT g.credit_balance FROM linked_legs g WHERE g.linked_id = l.id ORDER BY g.leg),
                   l.principal
            FROM linked_transfers l
            WHERE l.id = ANY(?)
            UNION ALL
            SELECT 'close_account', id, status, reason, detail, fields_hash,
                   source_topic, source_partition, source_offset, decided_at,
                   NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                   NULL, NULL, account_id, NULL, NULL, NULL, principal
            FROM account_closings
            WHERE id = ANY(?)
            """;

    private static final String INSERT_HOLD = """
            INSERT INTO holds (id, debit_account_id, credit_account_id, amount, currency, reference, timeout_seconds,
                               status, reason, detail, debit_balance, credit_balance, expires_at, state, fields_hash,
                               source_topic, source_partition, source_offset, decided_at, principal)
            VALUES (:id, :debit, :credit, :amount, :currency, :reference, :timeout,
                    :status, :reason, :detail, :debitBalance, :creditBalance, :expiresAt, :state, :hash,
                    :topic, :partition, :offset, :decidedAt, :principal)
            """;

    private static final String INSERT_RESOLUTION = """
            INSERT INTO hold_resolutions (id, type, pending_id, debit_account_id, credit_account_id, amount, currency,
                                          status, reason, detail, debit_balance, credit_balance, decision_seq,
                                          fields_hash, source_topic, source_partition, source_offset, decided_at,
                                          principal)
            VALUES (:id, :type, :pendingId, :debit, :credit, :amount, :currency,
                    :status, :reason, :detail, :debitBalance, :creditBalance, :seq,
                    :hash, :topic, :partition, :offset, :decidedAt, :principal)
            """;

    private static final String INSERT_LINKED = """
            INSERT INTO linked_transfers (id, status, reason, detail, failed_leg, leg_count, fields_hash,
                                          source_topic, source_partition, source_offset, decided_at, principal)
            VALUES (:id, :status, :reason, :detail, :failedLeg, :legCount, :hash,
                    :topic, :partition, :offset, :decidedAt, :principal)
            """;

    private static final String INSERT_LEG = """
            INSERT INTO linked_legs (linked_id, leg, debit_account_id, credit_account_id, amount, currency, reference,
                                     debit_balance, credit_balance, decision_seq, decided_at)
            VALUES (:id, :leg, :debit, :credit, :amount, :currency, :reference,
                    :debitBalance, :creditBalance, :seq, :decidedAt)
            """;

    private static final String INSERT_CLOSING = """
            INSERT INTO account_closings (id, account_id, status, reason, detail, fields_hash,
                                          source_topic, source_partition, source_offset, decided_at, principal)
            VALUES (:id, :account, :status, :reason, :detail, :hash,
                    :topic, :partition, :offset, :decidedAt, :principal)
            """;

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate batch;

    HoldsAndLinksJournal(JdbcClient jdbc, NamedParameterJdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    /** Whether an entry's result moved posted money (so it gets a decision number). */
    static boolean moves(Result result) {
        if (!result.applied()) {
            return false;
        }
        return (result instanceof TransferResult t && !t.pending())
                || (result instanceof PendingResolutionResult p && p.type() == CommandType.POST_PENDING)
                || result instanceof LinkedTransfersResult;
    }

    /** The decision number of leg {@code leg} (0 for a single movement) of the {@code entry}-th decision of a batch. */
    static long decisionSeq(long batchNumber, int entry, int leg) {
        return batchNumber << BATCH_SHIFT | (long) entry << ENTRY_SHIFT | leg;
    }

    List<StoredDecision> find(UUID[] ids) {
        return jdbc.sql(FIND).param(ids).param(ids).param(ids).param(ids).query(HoldsAndLinksJournal::mapRow).list();
    }

    /**
     * Records the v1.1 entries, given in id order.
     *
     * @param seqs the decision number of each entry that moved posted money
     */
    void record(List<Journal.Entry> entries, Map<Journal.Entry, Long> seqs) {
        List<SqlParameterSource> holds = new ArrayList<>();
        List<SqlParameterSource> resolutions = new ArrayList<>();
        List<SqlParameterSource> linked = new ArrayList<>();
        List<SqlParameterSource> legs = new ArrayList<>();
        List<SqlParameterSource> closings = new ArrayList<>();
        for (Journal.Entry entry : entries) {
            MapSqlParameterSource row = Journal.common(entry);
            Result result = entry.result();
            if (result instanceof TransferResult t) {
                Transfer command = (Transfer) entry.command();
                holds.add(row.addValue("debit", Journal.text(t.debitAccountId()))
                        .addValue("credit", Journal.text(t.creditAccountId()))
                        .addValue("amount", t.amount())
                        .addValue("currency", t.currency())
                        .addValue("reference", t.reference())
                        .addValue("timeout", command.timeoutSeconds())
                        .addValue("debitBalance", t.debitBalance())
                        .addValue("creditBalance", t.creditBalance())
                        .addValue("expiresAt", t.expiresAt() == null ? null : t.expiresAt().atOffset(ZoneOffset.UTC))
                        .addValue("state", t.applied() ? "PENDING" : null));
            } else if (result instanceof PendingResolutionResult p) {
                resolutions.add(row.addValue("type", p.type().wireName())
                        .addValue("pendingId", p.pendingId() == null ? null : p.pendingId().value())
                        .addValue("debit", Journal.text(p.debitAccountId()))
                        .addValue("credit", Journal.text(p.creditAccountId()))
                        .addValue("amount", p.amount())
                        .addValue("currency", p.currency())
                        .addValue("debitBalance", p.debitBalance())
                        .addValue("creditBalance", p.creditBalance())
                        .addValue("seq", seqs.get(entry)));
            } else if (result instanceof LinkedTransfersResult l) {
                linked.add(row.addValue("failedLeg", l.failedLeg())
                        .addValue("legCount", entry.command() == null ? null
                                : ((LinkedTransfers) entry.command()).legs().size()));
                for (int i = 0; i < l.legs().size(); i++) {
                    LinkedTransfers.Leg leg = ((LinkedTransfers) entry.command()).legs().get(i);
                    legs.add(new MapSqlParameterSource()
                            .addValue("id", l.id().value())
                            .addValue("leg", i)
                            .addValue("debit", leg.debitAccountId().value())
                            .addValue("credit", leg.creditAccountId().value())
                            .addValue("amount", leg.amount())
                            .addValue("currency", leg.currency())
                            .addValue("reference", leg.reference())
                            .addValue("debitBalance", l.legs().get(i).debitBalance())
                            .addValue("creditBalance", l.legs().get(i).creditBalance())
                            .addValue("seq", seqs.get(entry) + i)
                            .addValue("decidedAt", l.decidedAt().atOffset(ZoneOffset.UTC)));
                }
            } else {
                CloseAccountResult c = (CloseAccountResult) result;
                closings.add(row.addValue("account", Journal.text(c.accountId())));
            }
        }
        insert(INSERT_HOLD, holds);
        insert(INSERT_RESOLUTION, resolutions);
        insert(INSERT_LINKED, linked);
        insert(INSERT_LEG, legs);
        insert(INSERT_CLOSING, closings);
    }

    private void insert(String sql, List<SqlParameterSource> rows) {
        if (!rows.isEmpty()) {
            batch.batchUpdate(sql, rows.toArray(SqlParameterSource[]::new));
        }
    }

    private static StoredDecision mapRow(ResultSet rs, int rowNum) throws SQLException {
        CommandId id = new CommandId(rs.getObject("id", UUID.class));
        CommandType type = CommandType.fromWire(rs.getString("type"));
        Status status = Status.fromWire(rs.getString("status"));
        String reasonCode = rs.getString("reason");
        Reason reason = reasonCode == null ? null : Reason.fromCode(reasonCode);
        String detail = rs.getString("detail");
        Instant decidedAt = rs.getObject("decided_at", OffsetDateTime.class).toInstant();
        Result result = switch (type) {
            case TRANSFER -> {
                OffsetDateTime expiresAt = rs.getObject("expires_at", OffsetDateTime.class);
                yield new TransferResult(id, status, reason, detail, false,
                        Journal.account(rs, "debit_account_id"), Journal.account(rs, "credit_account_id"),
                        Journal.nullableLong(rs, "amount"), rs.getString("currency"), rs.getString("reference"),
                        Journal.nullableLong(rs, "debit_balance"), Journal.nullableLong(rs, "credit_balance"),
                        decidedAt, true, expiresAt == null ? null : expiresAt.toInstant());
            }
            case POST_PENDING, VOID_PENDING -> {
                UUID pendingId = rs.getObject("pending_id", UUID.class);
                yield new PendingResolutionResult(id, type, status, reason, detail, false,
                        pendingId == null ? null : new CommandId(pendingId),
                        Journal.account(rs, "debit_account_id"), Journal.account(rs, "credit_account_id"),
                        Journal.nullableLong(rs, "amount"), rs.getString("currency"),
                        Journal.nullableLong(rs, "debit_balance"), Journal.nullableLong(rs, "credit_balance"),
                        decidedAt);
            }
            case LINKED_TRANSFERS -> {
                Long[] debits = longs(rs.getArray("leg_debits"));
                Long[] credits = longs(rs.getArray("leg_credits"));
                List<LinkedTransfersResult.LegBalances> legs = new ArrayList<>();
                for (int i = 0; i < debits.length; i++) {
                    legs.add(new LinkedTransfersResult.LegBalances(debits[i], credits[i]));
                }
                int failedLeg = rs.getInt("failed_leg");
                yield new LinkedTransfersResult(id, status, reason, detail, false, legs,
                        rs.wasNull() ? null : failedLeg, decidedAt);
            }
            case CLOSE_ACCOUNT -> new CloseAccountResult(id, status, reason, detail, false,
                    Journal.account(rs, "account_id"), decidedAt);
            default -> throw new IllegalStateException("no " + type + " rows in the v1.1 tables");
        };
        RecordSource source = new RecordSource(rs.getString("source_topic"), rs.getInt("source_partition"),
                rs.getLong("source_offset"));
        return new StoredDecision(rs.getBytes("fields_hash"), source, result, rs.getString("principal"));
    }

    private static Long[] longs(Array array) throws SQLException {
        return array == null ? new Long[0] : (Long[]) array.getArray();
    }
}
