package dev.tally.worker;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.Result;
import dev.tally.contracts.Transfer;
import dev.tally.testkit.TallyServices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A database outage is a transient failure: while the worker's database refuses connections, commands published
 * meanwhile get no result (they are neither rejected nor skipped), and once it accepts connections again every one
 * of them is decided exactly once, as if nothing had happened.
 */
class DatabaseOutageIntegrationTests extends WorkerIntegrationTest {

    @Test
    void retriesThroughADatabaseOutageWithoutRejectingOrSkippingAnything() throws Exception {
        AccountId alice = openFunded("alice", 1_000);
        AccountId bob = open("bob", "EUR", 0);
        List<CommandId> ids = new ArrayList<>();

        try {
            refuseConnections(true);
            for (int i = 0; i < 20; i++) {
                Transfer transfer = new Transfer(CommandId.random(), alice, bob, 10, "EUR", null);
                harness().sendAsync(transfer);
                ids.add(transfer.id());
            }
            harness().flush();
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                    .until(() -> ids.stream().allMatch(id -> harness().results(id).isEmpty()));
        } finally {
            refuseConnections(false);
        }

        await().atMost(TIMEOUT).until(() -> ids.stream().noneMatch(id -> harness().results(id).isEmpty()));
        for (CommandId id : ids) {
            List<Result> results = harness().results(id);
            assertThat(results).hasSize(1);
            assertThat(results.get(0).applied()).as("%s", results.get(0)).isTrue();
        }
        assertThat(balance(alice)).isEqualTo(800);
        assertThat(balance(bob)).isEqualTo(200);
    }

    /**
     * Makes the test database refuse every new connection and drops the open ones (or allows them again): the same
     * thing the worker sees when its database goes away, without disturbing other databases on the server.
     */
    private static void refuseConnections(boolean refuse) throws SQLException {
        TallyServices services = TallyServices.get();
        String database = services.jdbcUrl().replaceAll("^.*/([^/?]+)(\\?.*)?$", "$1");
        String maintenance = services.jdbcUrl().replaceAll("/[^/?]+(\\?.*)?$", "/postgres$1");
        try (Connection connection = DriverManager.getConnection(maintenance, services.jdbcUser(),
                services.jdbcPassword());
             Statement statement = connection.createStatement()) {
            statement.execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS " + !refuse);
            if (refuse) {
                statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
                        + database + "' AND pid <> pg_backend_pid()");
            }
        }
    }
}
