package dev.tally.worker.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.Command;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.CommandType;
import dev.tally.contracts.OpenAccount;
import dev.tally.contracts.OpenAccountResult;
import dev.tally.contracts.Reason;
import dev.tally.contracts.Result;
import dev.tally.contracts.Status;
import dev.tally.contracts.TransferResult;

/**
 * The idempotency record of every decided command: {@code command_ids}, one row per decided id whatever the
 * command's type (the contract's single id space), and the decision itself in its type's table: {@code transfers}
 * (which is also the journal that balances reconcile with), {@code account_openings}, or the tables of contract
 * v1.1 through {@link HoldsAndLinksJournal}. Every entry passes through {@link #record} and every lookup through
 * {@link #find}, so that the {@code command_ids} primary key lets one decision per id commit, whoever attempts a
 * second one and for whichever type.
 */
@Repository
class Journal {

    // Every decided id of every type is in command_ids, so one probe of its primary key tells whether any id of a
    // batch was decided before; a batch of new commands (nearly every batch) needs no other lookup.
    private static final String FIND_DECIDED = """
            SELECT id FROM command_ids WHERE id = ANY(?)
            """;

    // One round trip finds an id in either table, so that reusing a transfer's id for an opening is caught too.
    // The join with command_ids keeps only the decision that stands, should an id decided before that table existed
    // have been decided as two types.
    private static final String FIND = """
            SELECT 'transfer' AS type, t.id, status, reason, detail, fields_hash,
                   source_topic, source_partition, source_offset, t.decided_at,
                   debit_account_id, credit_account_id, amount, currency, reference, debit_balance, credit_balance,
                   NULL AS account_id, NULL::bigint AS overdraft_limit, NULL::boolean AS unbounded,
                   NULL AS owner, c.principal
            FROM transfers AS t
            JOIN command_ids AS c ON c.id = t.id AND c.type = 'transfer'
            WHERE t.id = ANY(?)
            UNION ALL
            SELECT 'open_account', o.id, status, reason, detail, fields_hash,
                   source_topic, source_partition, source_offset, o.decided_at,
                   NULL, NULL, NULL, currency, NULL, NULL, NULL,
                   account_id, overdraft_limit, unbounded, coalesce(o.owner, c.principal), c.principal
            FROM account_openings AS o
            JOIN command_ids AS c ON c.id = o.id AND c.type = 'open_account'
            WHERE o.id = ANY(?)
            """;

    private static final String INSERT_OPENING = """
            INSERT INTO account_openings (id, account_id, currency, overdraft_limit, unbounded, owner,
                                          status, reason, detail, fields_hash,
                                          source_topic, source_partition, source_offset, decided_at, principal)
            VALUES (:id, :account, :currency, :overdraftLimit, :unbounded, :owner,
                    :status, :reason, :detail, :hash,
                    :topic, :partition, :offset, :decidedAt, :principal)
            """;

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate batch;
    private final HoldsAndLinksJournal extended;

    Journal(JdbcClient jdbc, NamedParameterJdbcTemplate batch, HoldsAndLinksJournal extended) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.extended = extended;
    }

    /** The stored decisions of those of {@code ids} that were decided, by id. */
    Map<CommandId, StoredDecision> find(Collection<CommandId> ids) {
        UUID[] values = decided(ids);
        if (values.length == 0) {
            return new HashMap<>();
        }
        Map<CommandId, StoredDecision> found = new HashMap<>();
        jdbc.sql(FIND).param(values).param(values).query(Journal::mapRow)
                .list().forEach(stored -> found.put(stored.result().id(), stored));
        extended.find(values).forEach(stored -> found.put(stored.result().id(), stored));
        return found;
    }

    /** Those of {@code ids} that {@code command_ids} holds, each once. */
    private UUID[] decided(Collection<CommandId> ids) {
        UUID[] values = new UUID[ids.size()];
        int i = 0;
        for (CommandId id : ids) {
            values[i++] = id.value();
        }
        return jdbc.sql(FIND_DECIDED).param(values).query(UUID.class).list().toArray(UUID[]::new);
    }

    /**
     * Records decisions, every id first in {@code command_ids}, in id order: two transactions recording some of the
     * same ids (one id sent on two partitions, for one type or two) then wait for each other in one direction only,
     * and the second fails with a {@link org.springframework.dao.DuplicateKeyException} once the first commits.
     */
    void record(List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        // Movements of posted money are numbered in decision order (the order of entries), for statements: the
        // batch's number, taken once its accounts are locked, then the entry's place in the batch.
        Map<Entry, Integer> places = new IdentityHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            places.put(entries.get(i), i);
        }
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparing(entry -> entry.result().id().value()));
        List<Entry> plain = new ArrayList<>();
        List<SqlParameterSource> openings = new ArrayList<>();
        List<Entry> others = new ArrayList<>();
        for (Entry entry : sorted) {
            if (entry.result() instanceof TransferResult t && !t.pending()) {
                plain.add(entry);
            } else if (entry.result() instanceof OpenAccountResult o) {
                openings.add(common(entry).addValue("account", text(o.accountId()))
                        .addValue("currency", o.currency())
                        .addValue("overdraftLimit", o.overdraftLimit())
                        .addValue("unbounded", o.unbounded())
                        // The owner the opening named, if any (the account's owner is in accounts).
                        .addValue("owner", entry.command() instanceof OpenAccount open ? open.owner() : null));
            } else {
                others.add(entry);
            }
        }
        long batchNumber = IdsAndPlainTransfers.insert(jdbc, sorted, plain, places);
        Map<Entry, Long> seqs = new IdentityHashMap<>();
        for (Entry entry : others) {
            if (HoldsAndLinksJournal.moves(entry.result())) {
                seqs.put(entry, HoldsAndLinksJournal.decisionSeq(batchNumber, places.get(entry), 0));
            }
        }
        if (!openings.isEmpty()) {
            batch.batchUpdate(INSERT_OPENING, openings.toArray(SqlParameterSource[]::new));
        }
        if (!others.isEmpty()) {
            extended.record(others, seqs);
        }
    }

    static MapSqlParameterSource common(Entry entry) {
        Result result = entry.result();
        return new MapSqlParameterSource()
                .addValue("id", result.id().value())
                .addValue("status", result.status().name())
                .addValue("reason", result.reason() == null ? null : result.reason().code())
                .addValue("detail", result.detail())
                .addValue("hash", entry.fingerprint())
                .addValue("topic", entry.source().topic())
                .addValue("partition", entry.source().partition())
                .addValue("offset", entry.source().offset())
                .addValue("decidedAt", result.decidedAt().atOffset(ZoneOffset.UTC))
                .addValue("principal", entry.principal());
    }

    /**
     * A decision to record: the result first published (every figure included), the command's fingerprint, the
     * deciding record, the command when it was valid ({@code null} otherwise; linked transfers need it for their
     * legs), and the client that sent it ({@code null}: the operator).
     */
    record Entry(Result result, byte[] fingerprint, RecordSource source, Command command, String principal) {
    }

    static String text(AccountId id) {
        return id == null ? null : id.value();
    }

    private static StoredDecision mapRow(ResultSet rs, int rowNum) throws SQLException {
        CommandId id = new CommandId(rs.getObject("id", UUID.class));
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
                    rs.getObject("unbounded", Boolean.class), rs.getString("owner"), decidedAt, null);
            default -> throw new IllegalStateException("the journal holds no " + rs.getString("type") + " rows");
        };
        RecordSource source = new RecordSource(rs.getString("source_topic"), rs.getInt("source_partition"),
                rs.getLong("source_offset"));
        return new StoredDecision(rs.getBytes("fields_hash"), source, result, rs.getString("principal"));
    }

    static AccountId account(ResultSet rs, String column) throws SQLException {
        String value = rs.getString(column);
        return value == null ? null : new AccountId(value);
    }

    static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
