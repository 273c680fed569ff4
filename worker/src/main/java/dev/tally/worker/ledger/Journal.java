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
                   NULL AS account_id, NULL::bigint AS overdraft_limit, NULL::boolean AS unbounded
            FROM transfers AS t
            JOIN command_ids AS c ON c.id = t.id AND c.type = 'transfer'
            WHERE t.id = ANY(?)
            UNION ALL
            SELECT 'open_account', o.id, status, reason, detail, fields_hash,
                   source_topic, source_partition, source_offset, o.decided_at,
                   NULL, NULL, NULL, currency, NULL, NULL, NULL,
                   account_id, overdraft_limit, unbounded
            FROM account_openings AS o
            JOIN command_ids AS c ON c.id = o.id AND c.type = 'open_account'
            WHERE o.id = ANY(?)
            """;

    // One statement records a batch's ids in command_ids (every entry, in id order), its plain transfers, and takes
    // the batch's decision number for statements. The ids are plain INSERTs: a concurrent transaction that inserted
    // the same id first makes this one wait for it, then fail on the primary key if it committed (see Ledger.apply,
    // which retries and then finds that decision). Columns arrive as arrays, one per column, instead of one set of
    // bound parameters per row.
    private static final String INSERT_DECISIONS = """
            WITH batch AS (
                SELECT nextval('decision_batches') AS number
            ), ids AS (
                INSERT INTO command_ids (id, type, decided_at)
                SELECT * FROM unnest(?::uuid[], ?::text[], ?::timestamptz[])
            ), plain AS (
                INSERT INTO transfers (id, debit_account_id, credit_account_id, amount, currency, reference,
                                       status, reason, detail, debit_balance, credit_balance, fields_hash,
                                       source_topic, source_partition, source_offset, decided_at, decision_seq)
                SELECT t.id, t.debit, t.credit, t.amount, t.currency, t.reference,
                       t.status, t.reason, t.detail, t.debit_balance, t.credit_balance, t.hash,
                       t.topic, t.kafka_partition, t.kafka_offset, t.decided_at, batch.number << ? | t.seq_in_batch
                FROM unnest(?::uuid[], ?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[],
                            ?::text[], ?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::bytea[],
                            ?::text[], ?::integer[], ?::bigint[], ?::timestamptz[], ?::bigint[])
                     AS t(id, debit, credit, amount, currency, reference, status, reason, detail, debit_balance,
                          credit_balance, hash, topic, kafka_partition, kafka_offset, decided_at, seq_in_batch),
                     batch
            )
            SELECT number FROM batch
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
                        .addValue("unbounded", o.unbounded()));
            } else {
                others.add(entry);
            }
        }
        long batchNumber = insertIdsAndPlainTransfers(sorted, plain, places);
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

    /**
     * Inserts every entry's id (given in id order) and the plain transfers among them in one statement.
     *
     * @return the batch's decision number
     */
    private long insertIdsAndPlainTransfers(List<Entry> sorted, List<Entry> plain, Map<Entry, Integer> places) {
        int count = sorted.size();
        UUID[] ids = new UUID[count];
        String[] types = new String[count];
        String[] decidedAt = new String[count];
        for (int i = 0; i < count; i++) {
            Result result = sorted.get(i).result();
            ids[i] = result.id().value();
            types[i] = result.type().wireName();
            decidedAt[i] = result.decidedAt().toString();
        }
        int n = plain.size();
        UUID[] transferIds = new UUID[n];
        String[] debits = new String[n];
        String[] credits = new String[n];
        Long[] amounts = new Long[n];
        String[] currencies = new String[n];
        String[] references = new String[n];
        String[] statuses = new String[n];
        String[] reasons = new String[n];
        String[] details = new String[n];
        Long[] debitBalances = new Long[n];
        Long[] creditBalances = new Long[n];
        byte[][] hashes = new byte[n][];
        String[] topics = new String[n];
        Integer[] partitions = new Integer[n];
        Long[] offsets = new Long[n];
        String[] transferDecidedAt = new String[n];
        Long[] seqsInBatch = new Long[n];
        for (int i = 0; i < n; i++) {
            Entry entry = plain.get(i);
            TransferResult t = (TransferResult) entry.result();
            transferIds[i] = t.id().value();
            debits[i] = text(t.debitAccountId());
            credits[i] = text(t.creditAccountId());
            amounts[i] = t.amount();
            currencies[i] = t.currency();
            references[i] = t.reference();
            statuses[i] = t.status().name();
            reasons[i] = t.reason() == null ? null : t.reason().code();
            details[i] = t.detail();
            debitBalances[i] = t.debitBalance();
            creditBalances[i] = t.creditBalance();
            hashes[i] = entry.fingerprint();
            topics[i] = entry.source().topic();
            partitions[i] = entry.source().partition();
            offsets[i] = entry.source().offset();
            transferDecidedAt[i] = t.decidedAt().toString();
            seqsInBatch[i] = HoldsAndLinksJournal.moves(t)
                    ? HoldsAndLinksJournal.decisionSeq(0, places.get(entry), 0) : null;
        }
        return jdbc.sql(INSERT_DECISIONS)
                .param(ids).param(types).param(decidedAt)
                .param(HoldsAndLinksJournal.BATCH_SHIFT)
                .param(transferIds).param(debits).param(credits).param(amounts).param(currencies).param(references)
                .param(statuses).param(reasons).param(details).param(debitBalances).param(creditBalances)
                .param(hashes).param(topics).param(partitions).param(offsets).param(transferDecidedAt)
                .param(seqsInBatch)
                .query(Long.class).single();
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
                .addValue("decidedAt", result.decidedAt().atOffset(ZoneOffset.UTC));
    }

    /**
     * A decision to record: the result first published, the command's fingerprint, the deciding record, and the
     * command when it was valid ({@code null} otherwise; linked transfers need it for their legs).
     */
    record Entry(Result result, byte[] fingerprint, RecordSource source, Command command) {

        Entry(Result result, byte[] fingerprint, RecordSource source) {
            this(result, fingerprint, source, null);
        }
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
                    rs.getObject("unbounded", Boolean.class), decidedAt);
            default -> throw new IllegalStateException("the journal holds no " + rs.getString("type") + " rows");
        };
        RecordSource source = new RecordSource(rs.getString("source_topic"), rs.getInt("source_partition"),
                rs.getLong("source_offset"));
        return new StoredDecision(rs.getBytes("fields_hash"), source, result);
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
