package dev.tally.producer.verify;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The invariants of contract v1.1's holds, linked transfers and closed accounts, checked on the book of record:
 * pending totals equal the live holds, no hold resolved twice, nothing posted above what was held, linked commands
 * applied entirely or not at all, and closed accounts left alone. Table and column names are the worker's
 * (migration V6).
 */
final class LedgerInvariants {

    /**
     * An account's pending totals are the amounts of its holds still in state {@code PENDING}: a hold past its expiry
     * counts there until the transaction that next locks the account releases it (state {@code EXPIRED}).
     */
    private static final String PENDING_TOTALS = """
            SELECT a.id, a.pending_debits, a.pending_credits,
                   COALESCE(d.total, 0) AS held_debits, COALESCE(c.total, 0) AS held_credits
            FROM accounts a
            LEFT JOIN (SELECT debit_account_id AS id, SUM(amount) AS total
                       FROM holds
                       WHERE state = 'PENDING'
                       GROUP BY debit_account_id) d ON d.id = a.id
            LEFT JOIN (SELECT credit_account_id AS id, SUM(amount) AS total
                       FROM holds
                       WHERE state = 'PENDING'
                       GROUP BY credit_account_id) c ON c.id = a.id
            WHERE a.pending_debits <> COALESCE(d.total, 0)
               OR a.pending_credits <> COALESCE(c.total, 0)
            ORDER BY a.id
            """;

    private static final String HOLDS_RESOLVED = """
            SELECT h.id, h.state,
                   COUNT(r.id) FILTER (WHERE r.type = 'post_pending') AS posts,
                   COUNT(r.id) FILTER (WHERE r.type = 'void_pending') AS voids
            FROM holds h
            LEFT JOIN hold_resolutions r ON r.pending_id = h.id AND r.status = 'APPLIED'
            WHERE h.status = 'APPLIED'
            GROUP BY h.id, h.state
            HAVING COUNT(r.id) > 1
                OR (h.state = 'POSTED') <> (COUNT(r.id) FILTER (WHERE r.type = 'post_pending') = 1)
                OR (h.state = 'VOIDED') <> (COUNT(r.id) FILTER (WHERE r.type = 'void_pending') = 1)
            ORDER BY h.id
            """;

    private static final String RESOLUTIONS_WITHOUT_HOLD = """
            SELECT r.id, r.type, r.pending_id
            FROM hold_resolutions r
            LEFT JOIN holds h ON h.id = r.pending_id AND h.status = 'APPLIED'
            WHERE r.status = 'APPLIED'
              AND h.id IS NULL
            ORDER BY r.id
            """;

    private static final String POSTED_BEYOND_HOLD = """
            SELECT r.id, r.pending_id, r.amount AS posted, h.amount AS held, h.posted_amount
            FROM hold_resolutions r
            JOIN holds h ON h.id = r.pending_id
            WHERE r.status = 'APPLIED'
              AND r.type = 'post_pending'
              AND (r.amount > h.amount
                   OR h.posted_amount IS DISTINCT FROM r.amount
                   OR r.debit_account_id <> h.debit_account_id
                   OR r.credit_account_id <> h.credit_account_id)
            ORDER BY r.id
            """;

    private static final String LINKED_PARTLY = """
            SELECT l.id, l.status, l.leg_count, COUNT(g.leg) AS legs, MAX(g.leg) AS last_leg
            FROM linked_transfers l
            LEFT JOIN linked_legs g ON g.linked_id = l.id
            GROUP BY l.id, l.status, l.leg_count
            HAVING (l.status = 'APPLIED'
                    AND (l.leg_count IS NULL OR COUNT(g.leg) <> l.leg_count OR COUNT(g.leg) = 0
                         OR MAX(g.leg) <> COUNT(g.leg) - 1))
                OR (l.status = 'REJECTED' AND COUNT(g.leg) > 0)
            ORDER BY l.id
            """;

    /** Closed accounts, and accounts with an applied closing, with what touched them after their first closing. */
    private static final String CLOSED_ACCOUNTS = """
            WITH closings AS (
                SELECT account_id, MIN(decided_at) AS closed_at
                FROM account_closings
                WHERE status = 'APPLIED'
                GROUP BY account_id)
            SELECT a.id, a.closed, a.balance, a.pending_debits, a.pending_credits, c.closed_at,
                   (SELECT COUNT(*)
                    FROM movements m
                    WHERE (m.debit_account_id = a.id OR m.credit_account_id = a.id)
                      AND m.decided_at > c.closed_at) AS moved_after,
                   (SELECT COUNT(*)
                    FROM holds h
                    WHERE h.status = 'APPLIED'
                      AND (h.debit_account_id = a.id OR h.credit_account_id = a.id)
                      AND h.decided_at > c.closed_at) AS held_after
            FROM accounts a
            LEFT JOIN closings c ON c.account_id = a.id
            WHERE a.closed
               OR c.account_id IS NOT NULL
            ORDER BY a.id
            """;

    private final Connection connection;

    LedgerInvariants(Connection connection) {
        this.connection = connection;
    }

    List<Invariant> check() throws SQLException {
        return List.of(pendingTotals(), resolvedOnce(), postedWithinHeld(), linkedAllOrNothing(), closedUntouched());
    }

    private Invariant pendingTotals() throws SQLException {
        List<String> offenders = query(PENDING_TOTALS, row -> row.getString("id") + " (pending debits "
                + row.getLong("pending_debits") + ", its pending holds as debit " + row.getBigDecimal("held_debits")
                + "; pending credits " + row.getLong("pending_credits") + ", as credit "
                + row.getBigDecimal("held_credits") + ")");
        return Invariant.check("pending-totals",
                "every account's pending debits and credits equal the sum of its pending holds",
                "{n} accounts whose pending totals differ from the sum of their pending holds", offenders);
    }

    private Invariant resolvedOnce() throws SQLException {
        List<String> offenders = query(HOLDS_RESOLVED, row -> row.getString("id") + " (state "
                + row.getString("state") + ", " + row.getLong("posts") + " applied posts, " + row.getLong("voids")
                + " applied voids)");
        offenders.addAll(query(RESOLUTIONS_WITHOUT_HOLD, row -> row.getString("id") + " (an applied "
                + row.getString("type") + " of " + row.getString("pending_id") + ", which is no applied hold)"));
        return Invariant.check("holds-resolved-once",
                "no hold was posted or voided twice, and every hold's state agrees with its applied post or void",
                "{n} holds resolved more than once, or whose state disagrees with their posts and voids", offenders);
    }

    private Invariant postedWithinHeld() throws SQLException {
        List<String> offenders = query(POSTED_BEYOND_HOLD, row -> row.getString("id") + " (posted "
                + row.getLong("posted") + " of hold " + row.getString("pending_id") + ", which held "
                + row.getLong("held") + " and records " + row.getObject("posted_amount") + " posted)");
        return Invariant.check("posted-within-held",
                "every applied post moved at most the held amount, between the hold's accounts",
                "{n} posts moved more than was held, or other than the hold records", offenders);
    }

    private Invariant linkedAllOrNothing() throws SQLException {
        List<String> offenders = query(LINKED_PARTLY, row -> row.getString("id") + " (" + row.getString("status")
                + " with " + row.getLong("legs") + " legs recorded of " + row.getObject("leg_count") + ")");
        return Invariant.check("linked-all-or-nothing",
                "every linked command was applied with all of its legs, or with none",
                "{n} linked commands applied in part", offenders);
    }

    private Invariant closedUntouched() throws SQLException {
        List<String> offenders = new ArrayList<>();
        int closed = 0;
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(CLOSED_ACCOUNTS)) {
            while (row.next()) {
                closed++;
                String id = row.getString("id");
                if (!row.getBoolean("closed") || row.getTimestamp("closed_at") == null) {
                    offenders.add(id + " (closed flag " + row.getBoolean("closed") + ", but "
                            + (row.getTimestamp("closed_at") == null ? "no" : "an") + " applied closing)");
                } else if (row.getLong("balance") != 0 || row.getLong("pending_debits") != 0
                        || row.getLong("pending_credits") != 0) {
                    offenders.add(id + " (closed with balance " + row.getLong("balance") + ", pending "
                            + row.getLong("pending_debits") + "/" + row.getLong("pending_credits") + ")");
                } else if (row.getLong("moved_after") > 0 || row.getLong("held_after") > 0) {
                    offenders.add(id + " (" + row.getLong("moved_after") + " movements and "
                            + row.getLong("held_after") + " holds decided after its closing)");
                }
            }
        }
        return Invariant.check("closed-untouched",
                closed + " closed accounts are empty and untouched since their closing",
                "{n} closed accounts that are not empty, or were touched after closing", offenders);
    }

    private interface RowText {
        String of(ResultSet row) throws SQLException;
    }

    private List<String> query(String sql, RowText text) throws SQLException {
        List<String> offenders = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
            while (row.next()) {
                offenders.add(text.of(row));
            }
        }
        return offenders;
    }
}
