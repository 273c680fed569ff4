package dev.tally.producer.cli;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

import picocli.CommandLine.Option;

/** Where the book of record is; flags win over the environment, which wins over the defaults. */
final class DatabaseOptions {

    @Option(names = "--db-url", paramLabel = "JDBC_URL",
            defaultValue = "${env:TALLY_DB_URL:-jdbc:postgresql://localhost:5432/tally}",
            description = "PostgreSQL JDBC URL (env TALLY_DB_URL; default: ${DEFAULT-VALUE})")
    String url;

    @Option(names = "--db-user", paramLabel = "USER", defaultValue = "${env:TALLY_DB_USER:-postgres}",
            description = "Database user (env TALLY_DB_USER; default: ${DEFAULT-VALUE})")
    String user;

    @Option(names = "--db-password", paramLabel = "PASSWORD", defaultValue = "${env:TALLY_DB_PASSWORD:-}",
            description = "Database password (env TALLY_DB_PASSWORD; default: empty)")
    String password;

    /** A read-only connection; exit code 2 with the reason when the database cannot be reached. */
    Connection connect() {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password == null ? "" : password);
        properties.setProperty("connectTimeout", "10");
        properties.setProperty("ApplicationName", "tally-cli");
        try {
            Connection connection = DriverManager.getConnection(url, properties);
            connection.setReadOnly(true);
            return connection;
        } catch (SQLException e) {
            throw CliException.usage("cannot connect to the database at " + url + " as " + user + ": "
                    + e.getMessage());
        }
    }
}
