// Above 300 lines: one SQL text block per invariant, each beside the check that runs it; splitting would separate them.
package dev.tally.producer.verify;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.tally.contracts.Result;

/**
 * Checks the invariants Tally promises, Jepsen-"bank" style: on the book of record alone, and, given a load
 * report and what the results topic holds, on every command the load sent.
 */
public final class Verifier {

    private static final String SUM_PER_CURRENCY = """
            SELECT currency, SUM(balance) AS total, COUNT(*) AS accounts
            FROM accounts
            GROUP BY currency
            ORDER BY currency
            """;

    private static final String BELOW_FLOOR = """
            SELECT id, balance, overdraft_limit
            FROM accounts
            WHERE overdraft_limit IS NOT NULL
              AND balance < -overdraft_limit
            ORDER BY id
            """;

    /** Contract v1.1: held money cannot be spent twice, so the available balance keeps the floor. */
    private static final String AVAILABLE_BELOW_FLOOR = """
            SELECT id, balance, pending_debits, overdraft_limit
            FROM accounts
            WHERE overdraft_limit IS NOT NULL
              AND balance::numeric - pending_debits < -overdraft_limit
            ORDER BY id
            """;

    /** Contract v1.1: posted money moves by transfers, posts of holds and legs of linked transfers alike. */
    private static final String UNRECONCILED_MOVEMENTS = """
            SELECT a.id, a.balance, COALESCE(c.total, 0) - COALESCE(d.total, 0) AS journal
            FROM accounts a
            LEFT JOIN (SELECT credit_account_id AS id, SUM(amount) AS total
                       FROM movements
                       GROUP BY credit_account_id) c ON c.id = a.id
            LEFT JOIN (SELECT debit_account_id AS id, SUM(amount) AS total
                       FROM movements
                       GROUP BY debit_account_id) d ON d.id = a.id
            WHERE a.balance <> COALESCE(c.total, 0) - COALESCE(d.total, 0)
            ORDER BY a.id
            """;

    private static final String HAS_LEDGER_TABLES = """
            SELECT to_regclass('holds') IS NOT NULL AND to_regclass('movements') IS NOT NULL
            """;

    private static final String UNRECONCILED = """
            SELECT a.id, a.balance, COALESCE(c.total, 0) - COALESCE(d.total, 0) AS journal
            FROM accounts a
            LEFT JOIN (SELECT credit_account_id AS id, SUM(amount) AS total
                       FROM transfers
                       WHERE status = 'APPLIED'
                       GROUP BY credit_account_id) c ON c.id = a.id
            LEFT JOIN (SELECT debit_account_id AS id, SUM(amount) AS total
                       FROM transfers
                       WHERE status = 'APPLIED'
                       GROUP BY debit_account_id) d ON d.id = a.id
            WHERE a.balance <> COALESCE(c.total, 0) - COALESCE(d.total, 0)
            ORDER BY a.id
            """;

    private static final String TRANSFER_ROWS = """
            SELECT id, status, debit_account_id, source_partition, source_offset
            FROM transfers
            WHERE id = ANY (?)
            """;

    /** Contract v1.1: the journal rows of every command type a load sends, each in its own table. */
    private static final String JOURNAL_ROWS = """
            SELECT id, status, debit_account_id, source_partition, source_offset
            FROM transfers
            WHERE id = ANY (?)
            UNION ALL
            SELECT id, status, debit_account_id, source_partition, source_offset
            FROM holds
            WHERE id = ANY (?)
            UNION ALL
            SELECT id, status, debit_account_id, source_partition, source_offset
            FROM hold_resolutions
            WHERE id = ANY (?)
            UNION ALL
            SELECT id, status, NULL, source_partition, source_offset
            FROM linked_transfers
            WHERE id = ANY (?)
            """;

    private final Connection connection;
    private Boolean ledgerTables;

    public Verifier(Connection connection) {
        this.connection = connection;
    }

    /**
     * Conservation, floors and reconciliation, over every account in the database; on a database of contract
     * v1.1, also the invariants of holds, linked transfers and closed accounts; on one of v1.2, also that every
     * applied debit came from its account's owner or the operator.
     */
    public List<Invariant> checkBook() throws SQLException {
        List<Invariant> invariants = new ArrayList<>(List.of(conservation(), floors(), reconciliation()));
        if (hasLedgerTables()) {
            invariants.addAll(new LedgerInvariants(connection).check());
            DebitAuthority authority = new DebitAuthority(connection);
            if (authority.applies()) {
                invariants.add(authority.check());
            }
        }
        return invariants;
    }

    /** Whether the database has contract v1.1's tables (holds, the movements view, ...). */
    private boolean hasLedgerTables() throws SQLException {
        if (ledgerTables == null) {
            try (Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery(HAS_LEDGER_TABLES)) {
                ledgerTables = row.next() && row.getBoolean(1);
            }
        }
        return ledgerTables;
    }

    /**
     * Per command of the report: exactly one non-replay result, exactly one journal row per transfer id that
     * agrees with it, the rejections the load built were rejected, and each debit account's transfers decided in
     * publish order.
     */
    public List<Invariant> checkReport(ReportFile report, ResultsTopic results) throws SQLException {
        Map<UUID, ReportFile.Entry> firstSends = new LinkedHashMap<>();
        for (ReportFile.Entry entry : report.entries()) {
            firstSends.putIfAbsent(entry.id(), entry);
        }
        Map<UUID, Row> rows = journalRows(firstSends.values().stream()
                .filter(Verifier::journaled).map(ReportFile.Entry::id).toList());
        return List.of(oneResult(firstSends.keySet(), results), appliedOnce(firstSends.values(), rows, results),
                expectedRejections(report, results), order(firstSends.values(), rows));
    }

    private Invariant conservation() throws SQLException {
        List<String> offenders = new ArrayList<>();
        int currencies = 0;
        long accounts = 0;
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(SUM_PER_CURRENCY)) {
            while (row.next()) {
                currencies++;
                accounts += row.getLong("accounts");
                if (row.getBigDecimal("total").signum() != 0) {
                    offenders.add(row.getString("currency") + " sums to " + row.getBigDecimal("total"));
                }
            }
        }
        return Invariant.check("conservation",
                "the balances of each currency sum to 0 (" + accounts + " accounts in " + currencies
                        + " currency codes; money enters only through funding accounts)",
                "balances do not sum to 0 in {n} currency codes: money was created or destroyed", offenders);
    }

    private Invariant floors() throws SQLException {
        boolean holds = hasLedgerTables();
        List<String> offenders = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(holds ? AVAILABLE_BELOW_FLOOR : BELOW_FLOOR)) {
            while (row.next()) {
                offenders.add(row.getString("id") + " (balance " + row.getLong("balance")
                        + (holds ? ", pending debits " + row.getLong("pending_debits") : "") + ", floor "
                        + -row.getLong("overdraft_limit") + ")");
            }
        }
        return Invariant.check("floors", holds
                        ? "no bounded account's available balance (balance - pending debits) is below -overdraft_limit"
                        : "no bounded account is below -overdraft_limit",
                "{n} accounts are below their floor", offenders);
    }

    private Invariant reconciliation() throws SQLException {
        List<String> offenders = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(hasLedgerTables() ? UNRECONCILED_MOVEMENTS : UNRECONCILED)) {
            while (row.next()) {
                offenders.add(row.getString("id") + " (balance " + row.getLong("balance") + ", journal "
                        + row.getBigDecimal("journal") + ")");
            }
        }
        return Invariant.check("reconciliation", hasLedgerTables()
                        ? "every balance equals its credits minus its debits in movements (transfers, posts, legs)"
                        : "every balance equals its applied credits minus its applied debits in transfers",
                hasLedgerTables() ? "{n} accounts have a balance that differs from credits minus debits in movements"
                        : "{n} accounts have a balance that differs from credits minus debits in transfers", offenders);
    }

    private static Invariant oneResult(Set<UUID> ids, ResultsTopic results) {
        List<String> offenders = new ArrayList<>();
        for (UUID id : ids) {
            int originals = results.originals(id).size();
            if (originals != 1) {
                offenders.add(id + " (" + originals + " non-replay results)");
            }
        }
        return Invariant.check("one-result",
                ids.size() + " command ids each have exactly one non-replay result (" + results.recordsRead()
                        + " result records read)",
                "{n} command ids without exactly one non-replay result", offenders);
    }

    private static Invariant appliedOnce(Iterable<ReportFile.Entry> firstSends, Map<UUID, Row> rows,
                                         ResultsTopic results) {
        List<String> offenders = new ArrayList<>();
        int transfers = 0;
        for (ReportFile.Entry entry : firstSends) {
            if (!journaled(entry)) {
                continue;
            }
            transfers++;
            Row row = rows.get(entry.id());
            if (row == null) {
                offenders.add(entry.id() + " (no row in " + table(entry) + ")");
                continue;
            }
            if (row.copies > 1) {
                offenders.add(entry.id() + " (" + row.copies + " rows in " + table(entry) + ")");
                continue;
            }
            List<Result> originals = results.originals(entry.id());
            if (!originals.isEmpty() && !originals.get(0).status().name().equals(row.status)) {
                offenders.add(entry.id() + " (result says " + originals.get(0).status() + ", transfers says "
                        + row.status + ")");
            }
        }
        return Invariant.check("applied-once",
                transfers + " transfer ids (and holds, posts, voids, linked) each have exactly one journal row, "
                        + "agreeing with their result",
                "{n} command ids without exactly one agreeing journal row", offenders);
    }

    /** The command types whose journal rows the report checks (account openings are checked by their result). */
    private static boolean journaled(ReportFile.Entry entry) {
        return switch (entry.type()) {
            case "transfer", "post_pending", "void_pending", "linked_transfers" -> true;
            default -> false;
        };
    }

    private static String table(ReportFile.Entry entry) {
        return switch (entry.type()) {
            case "post_pending", "void_pending" -> "hold_resolutions";
            case "linked_transfers" -> "linked_transfers";
            default -> "hold".equals(entry.kind()) ? "holds" : "transfers";
        };
    }

    private static Invariant expectedRejections(ReportFile report, ResultsTopic results) {
        List<String> offenders = new ArrayList<>();
        int expected = 0;
        Set<UUID> seen = new HashSet<>();
        for (ReportFile.Entry entry : report.entries()) {
            if (!"reject".equals(entry.kind()) || !seen.add(entry.id())) {
                continue;
            }
            expected++;
            for (Result original : results.originals(entry.id())) {
                if (original.applied()) {
                    offenders.add(entry.id() + " (built to be rejected, but applied)");
                }
            }
        }
        return Invariant.check("expected-rejections",
                expected + " transfers built to be rejected were rejected",
                "{n} transfers built to be rejected were applied", offenders);
    }

    private static Invariant order(Iterable<ReportFile.Entry> firstSends, Map<UUID, Row> rows) {
        Map<String, List<UUID>> published = new HashMap<>();
        for (ReportFile.Entry entry : firstSends) {
            if ("transfer".equals(entry.type()) && entry.debitAccountId() != null && rows.containsKey(entry.id())) {
                published.computeIfAbsent(entry.debitAccountId(), a -> new ArrayList<>()).add(entry.id());
            }
        }
        Set<UUID> transfers = new HashSet<>();
        published.values().forEach(transfers::addAll);
        Map<String, List<Row>> decided = new HashMap<>();
        for (Row row : rows.values()) {
            if (transfers.contains(row.id)) {
                decided.computeIfAbsent(row.debitAccountId, a -> new ArrayList<>()).add(row);
            }
        }
        List<String> offenders = new ArrayList<>();
        for (Map.Entry<String, List<UUID>> account : published.entrySet()) {
            List<UUID> inDecisionOrder = decided.getOrDefault(account.getKey(), List.of()).stream()
                    .sorted((a, b) -> a.partition != b.partition ? Integer.compare(a.partition, b.partition)
                            : Long.compare(a.offset, b.offset))
                    .map(row -> row.id)
                    .toList();
            List<UUID> inPublishOrder = account.getValue();
            if (!inDecisionOrder.equals(inPublishOrder)) {
                int at = 0;
                while (at < Math.min(inDecisionOrder.size(), inPublishOrder.size())
                        && inDecisionOrder.get(at).equals(inPublishOrder.get(at))) {
                    at++;
                }
                offenders.add(account.getKey() + " (first difference at its transfer #" + (at + 1) + ")");
            }
        }
        return Invariant.check("order",
                published.size() + " debit accounts had their transfers decided in publish order",
                "{n} debit accounts whose transfers were decided out of publish order", offenders);
    }

    private Map<UUID, Row> journalRows(List<UUID> ids) throws SQLException {
        Map<UUID, Row> rows = new HashMap<>();
        if (ids.isEmpty()) {
            return rows;
        }
        boolean ledger = hasLedgerTables();
        try (PreparedStatement statement = connection.prepareStatement(ledger ? JOURNAL_ROWS : TRANSFER_ROWS)) {
            Array array = connection.createArrayOf("uuid", ids.toArray());
            for (int parameter = 1; parameter <= (ledger ? 4 : 1); parameter++) {
                statement.setArray(parameter, array);
            }
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    UUID id = row.getObject("id", UUID.class);
                    Row known = rows.get(id);
                    if (known != null) {
                        known.copies++;
                        continue;
                    }
                    rows.put(id, new Row(id, row.getString("status"), row.getString("debit_account_id"),
                            row.getInt("source_partition"), row.getLong("source_offset")));
                }
            }
        }
        return rows;
    }

    /** A journal row, as far as the checks need it. */
    private static final class Row {

        final UUID id;
        final String status;
        final String debitAccountId;
        final int partition;
        final long offset;
        int copies = 1;

        Row(UUID id, String status, String debitAccountId, int partition, long offset) {
            this.id = id;
            this.status = status;
            this.debitAccountId = debitAccountId;
            this.partition = partition;
            this.offset = offset;
        }
    }
}
