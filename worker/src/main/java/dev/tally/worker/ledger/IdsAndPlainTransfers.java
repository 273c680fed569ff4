package dev.tally.worker.ledger;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.tally.contracts.Result;
import dev.tally.contracts.TransferResult;

/**
 * The one statement of the {@link Journal} that every batch runs: every decided id into {@code command_ids} with its
 * sender, the batch's plain transfers into {@code transfers}, and the batch's decision number for statements.
 */
final class IdsAndPlainTransfers {

    // One statement records a batch's ids in command_ids (every entry, in id order), its plain transfers, and takes
    // the batch's decision number for statements. The ids are plain INSERTs: a concurrent transaction that inserted
    // the same id first makes this one wait for it, then fail on the primary key if it committed (see Ledger.apply,
    // which retries and then finds that decision). Columns arrive as arrays, one per column, instead of one set of
    // bound parameters per row.
    private static final String INSERT_DECISIONS = """
            WITH batch AS (
                SELECT nextval('decision_batches') AS number
            ), ids AS (
                INSERT INTO command_ids (id, type, decided_at, principal)
                SELECT * FROM unnest(?::uuid[], ?::text[], ?::timestamptz[], ?::text[])
            ), plain AS (
                INSERT INTO transfers (id, debit_account_id, credit_account_id, amount, currency, reference,
                                       status, reason, detail, debit_balance, credit_balance, fields_hash,
                                       source_topic, source_partition, source_offset, decided_at, decision_seq,
                                       principal)
                SELECT t.id, t.debit, t.credit, t.amount, t.currency, t.reference,
                       t.status, t.reason, t.detail, t.debit_balance, t.credit_balance, t.hash,
                       t.topic, t.kafka_partition, t.kafka_offset, t.decided_at, batch.number << ? | t.seq_in_batch,
                       t.principal
                FROM unnest(?::uuid[], ?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[],
                            ?::text[], ?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::bytea[],
                            ?::text[], ?::integer[], ?::bigint[], ?::timestamptz[], ?::bigint[], ?::text[])
                     AS t(id, debit, credit, amount, currency, reference, status, reason, detail, debit_balance,
                          credit_balance, hash, topic, kafka_partition, kafka_offset, decided_at, seq_in_batch,
                          principal),
                     batch
            )
            SELECT number FROM batch
            """;

    private IdsAndPlainTransfers() {
    }

    /**
     * Inserts every entry's id (given in id order) and the plain transfers among them in one statement.
     *
     * @return the batch's decision number
     */
    static long insert(JdbcClient jdbc, List<Journal.Entry> sorted, List<Journal.Entry> plain,
                       Map<Journal.Entry, Integer> places) {
        int count = sorted.size();
        UUID[] ids = new UUID[count];
        String[] types = new String[count];
        String[] decidedAt = new String[count];
        String[] principals = new String[count];
        for (int i = 0; i < count; i++) {
            Result result = sorted.get(i).result();
            principals[i] = sorted.get(i).principal();
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
        String[] transferPrincipals = new String[n];
        for (int i = 0; i < n; i++) {
            Journal.Entry entry = plain.get(i);
            transferPrincipals[i] = entry.principal();
            TransferResult t = (TransferResult) entry.result();
            transferIds[i] = t.id().value();
            debits[i] = Journal.text(t.debitAccountId());
            credits[i] = Journal.text(t.creditAccountId());
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
                .param(ids).param(types).param(decidedAt).param(principals)
                .param(HoldsAndLinksJournal.BATCH_SHIFT)
                .param(transferIds).param(debits).param(credits).param(amounts).param(currencies).param(references)
                .param(statuses).param(reasons).param(details).param(debitBalances).param(creditBalances)
                .param(hashes).param(topics).param(partitions).param(offsets).param(transferDecidedAt)
                .param(seqsInBatch).param(transferPrincipals)
                .query(Long.class).single();
    }
}
