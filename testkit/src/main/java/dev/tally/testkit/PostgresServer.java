package dev.tally.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A PostgreSQL server as reached through a database that always exists on it, and how the tests' server is found:
 * {@code TALLY_TEST_JDBC_URL}, else a Testcontainers {@code postgres:16-alpine} when Docker answers, else the
 * local service on {@code localhost:5432}.
 */
record PostgresServer(String maintenanceUrl, String user, String password, String source) {

    private static final String LOCAL_JDBC_URL = "jdbc:postgresql://localhost:5432/postgres";

    private static final String POSTGRES_IMAGE = "postgres:16-alpine";

    private static final String HOW_TO_PROVIDE_POSTGRES = "Provide one in any of these ways: "
            + "set TALLY_TEST_JDBC_URL (and TALLY_TEST_JDBC_USER, TALLY_TEST_JDBC_PASSWORD) to a server on which "
            + "that user may CREATE DATABASE; start Docker so that Testcontainers can run " + POSTGRES_IMAGE
            + "; or start the local service (port 5432, user postgres, trust authentication) with "
            + "`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`.";

    Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", this.user);
        properties.setProperty("password", this.password);
        // A server that is down should fail the run within seconds, not after the driver's default wait.
        properties.setProperty("connectTimeout", "10");
        properties.setProperty("ApplicationName", "tally-testkit");
        return DriverManager.getConnection(this.maintenanceUrl, properties);
    }

    void execute(String sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Could not run `" + sql + "` on " + this.maintenanceUrl, ex);
        }
    }

    static PostgresServer resolve(DockerCheck docker, Cleanups cleanups) {
        String url = TallyServices.env("TALLY_TEST_JDBC_URL");
        if (url != null) {
            String user = (TallyServices.env("TALLY_TEST_JDBC_USER") != null)
                    ? TallyServices.env("TALLY_TEST_JDBC_USER") : "postgres";
            String password = (System.getenv("TALLY_TEST_JDBC_PASSWORD") != null)
                    ? System.getenv("TALLY_TEST_JDBC_PASSWORD") : "";
            return checkReachable(new PostgresServer(url, user, password, "TALLY_TEST_JDBC_URL"));
        }
        if (docker.available()) {
            PostgreSQLContainer container = new PostgreSQLContainer(POSTGRES_IMAGE);
            try {
                container.start();
            }
            catch (RuntimeException ex) {
                throw new IllegalStateException("Docker is available but the " + POSTGRES_IMAGE
                        + " container did not start. " + HOW_TO_PROVIDE_POSTGRES, ex);
            }
            cleanups.add("stop " + POSTGRES_IMAGE + " container", container::stop);
            return checkReachable(new PostgresServer(container.getJdbcUrl(), container.getUsername(),
                    container.getPassword(), "Testcontainers " + POSTGRES_IMAGE));
        }
        return checkReachable(new PostgresServer(LOCAL_JDBC_URL, "postgres", "",
                "local service, Docker not available"));
    }

    private static PostgresServer checkReachable(PostgresServer server) {
        try (Connection connection = server.connect()) {
            return server;
        }
        catch (SQLException ex) {
            throw new IllegalStateException("No PostgreSQL reachable for tests at " + server.maintenanceUrl()
                    + " as " + server.user() + " (" + server.source() + "): "
                    + withoutFinalPeriod(ex.getMessage()) + ". " + HOW_TO_PROVIDE_POSTGRES, ex);
        }
    }

    private static String withoutFinalPeriod(String message) {
        return (message != null && message.endsWith(".")) ? message.substring(0, message.length() - 1) : message;
    }
}
