package dev.tally.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import org.junit.jupiter.api.Test;

/**
 * Proves that a test-owned PostgreSQL really is one: it takes writes, refuses connections while stopped, comes back
 * on the same port with its data, and is stopped when closed.
 */
class OwnedPostgresIntegrationTests {

    @Test
    void stopsAndStartsAgainOnTheSamePortKeepingItsData() throws SQLException {
        try (OwnedPostgres postgres = OwnedPostgres.start()) {
            try (Connection connection = connect(postgres); Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE kept (value int)");
                statement.execute("INSERT INTO kept VALUES (42)");
            }

            postgres.stop();
            assertThatThrownBy(() -> connect(postgres).close()).isInstanceOf(SQLException.class);

            postgres.startAgain();
            try (Connection connection = connect(postgres); Statement statement = connection.createStatement()) {
                var rows = statement.executeQuery("SELECT value FROM kept");
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(42);
            }
        }
    }

    @Test
    void closeStopsTheServer() {
        OwnedPostgres postgres = OwnedPostgres.start();
        postgres.close();

        assertThatThrownBy(() -> connect(postgres).close()).isInstanceOf(SQLException.class);
    }

    private static Connection connect(OwnedPostgres postgres) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", postgres.user());
        properties.setProperty("password", "");
        properties.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(postgres.jdbcUrl(), properties);
    }
}
