package dev.tally.producer.verify;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Contract v1.2's authority, checked on the book of record: every applied debit (a plain transfer, a hold as it was
 * taken, a post of a hold, a leg of linked transfers) was sent by the debit account's owner or by the operator.
 * A {@code NULL} principal or owner is the operator (migration V7).
 */
final class DebitAuthority {

    private static final String HAS_OWNERS = """
            SELECT EXISTS (SELECT 1
                           FROM information_schema.columns
                           WHERE table_name = 'accounts'
                             AND column_name = 'owner'
                             AND table_schema = current_schema())
            """;

    // A client's debit of an account it does not own; the operator's (principal NULL) are all allowed.
    private static final String FOREIGN_DEBITS = """
            SELECT 'transfer' AS kind, t.id::text AS id, t.debit_account_id AS account, t.principal, a.owner
            FROM transfers t
            JOIN accounts a ON a.id = t.debit_account_id
            WHERE t.status = 'APPLIED'
              AND t.principal IS NOT NULL
              AND a.owner IS DISTINCT FROM t.principal
            UNION ALL
            SELECT 'hold', h.id::text, h.debit_account_id, h.principal, a.owner
            FROM holds h
            JOIN accounts a ON a.id = h.debit_account_id
            WHERE h.status = 'APPLIED'
              AND h.principal IS NOT NULL
              AND a.owner IS DISTINCT FROM h.principal
            UNION ALL
            SELECT 'post', r.id::text, r.debit_account_id, r.principal, a.owner
            FROM hold_resolutions r
            JOIN accounts a ON a.id = r.debit_account_id
            WHERE r.status = 'APPLIED'
              AND r.type = 'post_pending'
              AND r.principal IS NOT NULL
              AND a.owner IS DISTINCT FROM r.principal
            UNION ALL
            SELECT 'leg', l.id::text || ' leg ' || g.leg, g.debit_account_id, l.principal, a.owner
            FROM linked_transfers l
            JOIN linked_legs g ON g.linked_id = l.id
            JOIN accounts a ON a.id = g.debit_account_id
            WHERE l.status = 'APPLIED'
              AND l.principal IS NOT NULL
              AND a.owner IS DISTINCT FROM l.principal
            ORDER BY 1, 2
            """;

    private final Connection connection;

    DebitAuthority(Connection connection) {
        this.connection = connection;
    }

    /** Whether the database records owners and principals (contract v1.2). */
    boolean applies() throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(HAS_OWNERS)) {
            return row.next() && row.getBoolean(1);
        }
    }

    Invariant check() throws SQLException {
        List<String> offenders = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(FOREIGN_DEBITS)) {
            while (row.next()) {
                String owner = row.getString("owner");
                offenders.add(row.getString("kind") + " " + row.getString("id") + " (debited "
                        + row.getString("account") + ", owned by " + (owner == null ? "the operator" : owner)
                        + ", sent by client " + row.getString("principal") + ")");
            }
        }
        return Invariant.check("debit-authority",
                "every applied debit was sent by its account's owner or by the operator",
                "{n} applied debits sent by a client that does not own the debited account", offenders);
    }
}
