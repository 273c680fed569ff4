package dev.tally.producer.clients;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * What the book of record knows of a client name: whether it was ever used (a removed client's name is never
 * reused, so that its accounts, journal and decided ids can never be claimed by a newcomer), and what the client
 * still owns. Read-only.
 */
public final class ClientHistory {

    private static final String EVER_USED = """
            SELECT EXISTS (SELECT 1 FROM accounts WHERE owner = ?)
                OR EXISTS (SELECT 1 FROM account_openings WHERE owner = ? OR principal = ?)
                OR EXISTS (SELECT 1 FROM command_ids WHERE principal = ?)
            """;

    private static final String OPEN_ACCOUNTS = """
            SELECT count(*)
            FROM accounts
            WHERE owner = ?
              AND NOT closed
            """;

    private static final String LIVE_HOLDS = """
            SELECT count(*)
            FROM holds h
            JOIN accounts a ON a.id = h.debit_account_id
            WHERE a.owner = ?
              AND h.state = 'PENDING'
            """;

    private final Connection connection;

    public ClientHistory(Connection connection) {
        this.connection = connection;
    }

    /** Whether any account, opening or decided command names {@code name} as its owner or principal. */
    public boolean everUsed(String name) throws SQLException {
        return single(EVER_USED, name, 4) > 0;
    }

    /** The client's accounts that are not closed. */
    public long openAccounts(String name) throws SQLException {
        return single(OPEN_ACCOUNTS, name, 1);
    }

    /** Holds from the client's accounts still pending (an expired hold counts until it is released). */
    public long liveHolds(String name) throws SQLException {
        return single(LIVE_HOLDS, name, 1);
    }

    private long single(String sql, String name, int parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 1; i <= parameters; i++) {
                statement.setString(i, name);
            }
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                Object value = row.getObject(1);
                return value instanceof Boolean used ? (used ? 1 : 0) : ((Number) value).longValue();
            }
        }
    }
}
