package dev.tally.producer.cli;

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
        description = {"Print an account's balance from the book of record (the database).",
                "Exit code 0 when found, 1 when the account does not exist, 2 on a usage or connection error."})
final class BalanceCommand implements Callable<Integer> {

    private static final String SELECT_ACCOUNT = """
            SELECT id, currency, balance, overdraft_limit, version, updated_at
            FROM accounts
            WHERE id = ?
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
             PreparedStatement statement = connection.prepareStatement(SELECT_ACCOUNT)) {
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
                if (json) {
                    spec.commandLine().getOut().printf(
                            "{\"account_id\":\"%s\",\"currency\":\"%s\",\"balance\":%d,\"overdraft_limit\":%s,"
                                    + "\"unbounded\":%b}%n",
                            account, currency, balance, unbounded ? "null" : Long.toString(limit), unbounded);
                } else {
                    spec.commandLine().getOut().printf("%s  %d %s  (%s)%n", account, balance, currency,
                            unbounded ? "unbounded funding account" : "floor " + (-limit));
                }
                return TallyCli.EXIT_OK;
            }
        }
    }
}
