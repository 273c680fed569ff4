package dev.tally.producer.cli;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "balance", mixinStandardHelpOptions = true,
        description = {"Print an account's balance from the book of record (the database); with holds (contract "
                + "v1.1), also its available balance, the amounts its live holds take out and bring in, and whether "
                + "it is closed.",
                "Exit code 0 when found, 1 when the account does not exist, 2 on a usage or connection error."})
final class BalanceCommand implements Callable<Integer> {

    private static final String SELECT_ACCOUNT = """
            SELECT id, currency, balance, overdraft_limit, version, updated_at
            FROM accounts
            WHERE id = ?
            """;

    /** Contract v1.1: pending totals as stored; an expired hold counts until a transaction releases it. */
    private static final String SELECT_ACCOUNT_WITH_HOLDS = """
            SELECT a.id, a.currency, a.balance, a.overdraft_limit, a.version, a.updated_at, a.closed,
                   COALESCE((SELECT SUM(h.amount)
                             FROM holds h
                             WHERE h.debit_account_id = a.id
                               AND h.state = 'PENDING'
                               AND (h.expires_at IS NULL OR h.expires_at > now())), 0) AS pending_debits,
                   COALESCE((SELECT SUM(h.amount)
                             FROM holds h
                             WHERE h.credit_account_id = a.id
                               AND h.state = 'PENDING'
                               AND (h.expires_at IS NULL OR h.expires_at > now())), 0) AS pending_credits
            FROM accounts a
            WHERE a.id = ?
            """;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ACCOUNT", description = "The account's id")
    String account;

    @Option(names = "--json", description = "Print as JSON")
    boolean json;

    @Mixin
    DatabaseOptions database;

    @Override
    public Integer call() throws SQLException {
        Checks.account("ACCOUNT", account);
        try (Connection connection = database.connect();
             PreparedStatement statement = connection.prepareStatement(hasHolds(connection)
                     ? SELECT_ACCOUNT_WITH_HOLDS : SELECT_ACCOUNT)) {
            statement.setString(1, account);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    spec.commandLine().getErr().println("balance: account " + account + " does not exist");
                    return TallyCli.EXIT_REJECTED;
                }
                long balance = row.getLong("balance");
                long limit = row.getLong("overdraft_limit");
                boolean unbounded = row.wasNull();
                String currency = row.getString("currency");
                Holds holds = Holds.of(row, balance);
                if (json) {
                    spec.commandLine().getOut().printf(
                            "{\"account_id\":\"%s\",\"currency\":\"%s\",\"balance\":%d,\"overdraft_limit\":%s,"
                                    + "\"unbounded\":%b%s}%n",
                            account, currency, balance, unbounded ? "null" : Long.toString(limit), unbounded,
                            holds == null ? "" : String.format(",\"pending_debits\":%s,\"pending_credits\":%s,"
                                    + "\"available\":%s,\"closed\":%b", holds.debits(), holds.credits(),
                                    holds.available(), holds.closed()));
                } else {
                    spec.commandLine().getOut().printf("%s  %d %s  (%s)%s%n", account, balance, currency,
                            unbounded ? "unbounded funding account" : "floor " + (-limit),
                            holds == null ? "" : "  available " + holds.available() + ", held "
                                    + holds.debits() + " out, " + holds.credits() + " in"
                                    + (holds.closed() ? ", closed" : ""));
                }
                return TallyCli.EXIT_OK;
            }
        }
    }

    /** Whether the database has contract v1.1's holds. */
    private static boolean hasHolds(Connection connection) throws SQLException {
        try (ResultSet column = connection.getMetaData().getColumns(null, null, "accounts", "pending_debits")) {
            return column.next();
        }
    }

    /**
     * An account's live holds, as the worker's read API counts them: a hold past its expiry no longer counts.
     *
     * @param available balance minus live pending debits (numeric, so that it cannot overflow)
     */
    private record Holds(BigDecimal debits, BigDecimal credits, BigDecimal available, boolean closed) {

        static Holds of(ResultSet row, long balance) throws SQLException {
            if (row.getMetaData().getColumnCount() < 9) {
                return null;
            }
            BigDecimal debits = row.getBigDecimal("pending_debits");
            return new Holds(debits, row.getBigDecimal("pending_credits"),
                    BigDecimal.valueOf(balance).subtract(debits), row.getBoolean("closed"));
        }
    }
}
