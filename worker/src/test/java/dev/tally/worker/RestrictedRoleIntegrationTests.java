package dev.tally.worker;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.Command;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.OpenAccount;
import dev.tally.contracts.Result;
import dev.tally.contracts.Transfer;
import dev.tally.contracts.TransferResult;
import dev.tally.testkit.KafkaTopics;
import dev.tally.testkit.TallyServices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The worker runs as a database role that can only read and write its tables, while its migrations run as the
 * schema's owner — the split README's "Security" section documents and docker-compose.yml uses. On a fresh database
 * this test creates two roles of its own (roles are cluster-wide, so their names are unique to the run), migrates as
 * the owner, grants the worker role exactly {@code SELECT, INSERT, UPDATE} on the tables, starts a worker with
 * {@code spring.flyway.user} = owner and {@code spring.datasource.username} = the restricted role, and shows that
 * it decides commands, that the restricted role cannot drop, create, delete or truncate, and that neither password
 * appears in anything the worker printed (with the connection pool's configuration dump turned on).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class RestrictedRoleIntegrationTests {

    private static final String GRANTS = """
            GRANT SELECT, INSERT, UPDATE ON accounts, transfers, account_openings, partition_offsets, command_ids,
                  holds, hold_resolutions, linked_transfers, linked_legs, account_closings TO %1$s;
            GRANT USAGE ON SEQUENCE decision_batches TO %1$s
            """;

    private final String suffix = java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    private final String owner = "tally_owner_" + suffix;
    private final String worker = "tally_worker_" + suffix;
    private final String ownerPassword = "owner-secret-" + suffix;
    private final String workerPassword = "worker-secret-" + suffix;
    private final String topicPrefix = KafkaTopics.unique("roles");
    private final TallyServices services = TallyServices.get();
    private String databaseUrl;
    private String databaseName;
    private ConfigurableApplicationContext context;
    private WorkerHarness harness;

    @BeforeAll
    void startWorkerAsRestrictedRole() throws SQLException {
        databaseUrl = services.createDatabase("roles");
        databaseName = databaseUrl.substring(databaseUrl.lastIndexOf('/') + 1).replaceFirst("\\?.*", "");
        asSuperuser(databaseUrl,
                "CREATE ROLE " + owner + " LOGIN PASSWORD '" + ownerPassword + "'",
                "CREATE ROLE " + worker + " LOGIN PASSWORD '" + workerPassword + "'",
                "ALTER DATABASE \"" + databaseName + "\" OWNER TO " + owner,
                "ALTER SCHEMA public OWNER TO " + owner,
                "GRANT USAGE ON SCHEMA public TO " + worker);
        Flyway.configure().dataSource(databaseUrl, owner, ownerPassword).load().migrate();
        asSuperuser(databaseUrl, GRANTS.formatted(worker).strip());

        context = new SpringApplicationBuilder(WorkerApplication.class)
                .web(WebApplicationType.NONE)
                // Command-line arguments, as an operator would pass them; they outrank application.yml.
                .run(
                        "--spring.datasource.url=" + databaseUrl,
                        "--spring.datasource.username=" + worker,
                        "--spring.datasource.password=" + workerPassword,
                        "--spring.flyway.user=" + owner,
                        "--spring.flyway.password=" + ownerPassword,
                        "--spring.kafka.bootstrap-servers=" + services.kafkaBootstrap(),
                        "--tally.worker.topics.commands=" + topicPrefix + ".commands",
                        "--tally.worker.topics.results=" + topicPrefix + ".results",
                        "--tally.worker.topics.dead-letters=" + topicPrefix + ".commands.DLT",
                        "--tally.worker.topics.partitions=2",
                        "--tally.worker.group-id=" + topicPrefix + "-worker",
                        // The pool prints its whole configuration at DEBUG; the passwords must be masked there too.
                        "--logging.level.com.zaxxer.hikari.HikariConfig=DEBUG");
        // Connect the pool now, so that its configuration dump falls in this method's captured output.
        context.getBean(javax.sql.DataSource.class).getConnection().close();
        harness = WorkerHarness.forPrefix(services.kafkaBootstrap(), topicPrefix);
    }

    @AfterAll
    void stopWorkerAndDropRoles() throws SQLException {
        if (harness != null) {
            harness.close();
        }
        if (context != null) {
            context.close();
        }
        String maintenance = databaseUrl.replace("/" + databaseName, "/postgres");
        asSuperuser(maintenance, "DROP DATABASE IF EXISTS \"" + databaseName + "\" WITH (FORCE)",
                "DROP ROLE IF EXISTS " + worker, "DROP ROLE IF EXISTS " + owner);
    }

    @Test
    void decidesCommandsAsARoleThatCanOnlyReadAndWriteItsTables() {
        // Opening, funding and a transfer all commit through the restricted role: it needs nothing beyond the grants.
        AccountId bank = new AccountId("bank-" + suffix);
        AccountId alice = new AccountId("alice-" + suffix);
        AccountId bob = new AccountId("bob-" + suffix);
        decideAll(List.of(OpenAccount.unbounded(CommandId.random(), bank, "EUR"),
                OpenAccount.bounded(CommandId.random(), alice, "EUR", 0),
                OpenAccount.bounded(CommandId.random(), bob, "EUR", 0)));
        decideAll(List.of(new Transfer(CommandId.random(), bank, alice, 1_000, "EUR", null)));

        TransferResult result = (TransferResult) decideAll(
                List.of(new Transfer(CommandId.random(), alice, bob, 250, "EUR", null))).get(0);

        assertThat(result.applied()).as("%s", result).isTrue();
        assertThat(result.debitBalance()).isEqualTo(750);
        assertThat(result.creditBalance()).isEqualTo(250);
        // The database time limits are session settings, so they hold for the restricted role too.
        JdbcClient jdbc = context.getBean(JdbcClient.class);
        assertThat(jdbc.sql("SHOW lock_timeout").query(String.class).single()).isEqualTo("5s");
        assertThat(jdbc.sql("SHOW statement_timeout").query(String.class).single()).isEqualTo("10s");
        assertThat(jdbc.sql("SELECT current_user").query(String.class).single()).isEqualTo(worker);
    }

    @Test
    void restrictedRoleCannotChangeTheSchemaOrDeleteHistory() throws SQLException {
        // Each statement a compromised worker could use to destroy the book of record is refused by PostgreSQL.
        try (Connection connection = DriverManager.getConnection(databaseUrl, worker, workerPassword)) {
            assertRefused(connection, "DROP TABLE accounts", "must be owner");
            assertRefused(connection, "ALTER TABLE accounts DROP CONSTRAINT IF EXISTS accounts_balance_above_floor",
                    "must be owner");
            assertRefused(connection, "CREATE TABLE stolen (id integer)", "permission denied for schema public");
            assertRefused(connection, "DELETE FROM transfers", "permission denied for table transfers");
            assertRefused(connection, "TRUNCATE accounts", "permission denied for table accounts");
            assertRefused(connection, "UPDATE flyway_schema_history SET success = false",
                    "permission denied for table flyway_schema_history");
            assertRefused(connection, "CREATE ROLE intruder", "permission denied to create role");
        }
    }

    @Test
    void neverPrintsEitherPassword(CapturedOutput output) {
        // The worker started and its pool printed its configuration (so the output is real), without a password.
        assertThat(output.getAll()).contains("Started ");
        assertThat(output.getAll()).contains("jdbcUrl").contains("username").contains(worker);
        assertThat(output.getAll()).doesNotContain(workerPassword).doesNotContain(ownerPassword);
    }

    private List<Result> decideAll(List<Command> commands) {
        commands.forEach(harness::sendAsync);
        harness.flush();
        await().atMost(WorkerIntegrationTest.TIMEOUT)
                .until(() -> commands.stream().noneMatch(c -> harness.results(c.id()).isEmpty()));
        List<Result> results = commands.stream().map(c -> harness.results(c.id()).get(0)).toList();
        assertThat(results).allSatisfy(r -> assertThat(r.applied()).as("%s", r).isTrue());
        return results;
    }

    private static void assertRefused(Connection connection, String sql, String message) {
        assertThatThrownBy(() -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute(sql);
            }
        }).as(sql).isInstanceOf(SQLException.class).hasMessageContaining(message);
    }

    private void asSuperuser(String url, String... statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, services.jdbcUser(), services.jdbcPassword());
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }
}
