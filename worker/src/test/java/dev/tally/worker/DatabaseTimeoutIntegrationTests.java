package dev.tally.worker;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.Command;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.OpenAccount;
import dev.tally.contracts.Result;
import dev.tally.contracts.Transfer;
import dev.tally.testkit.KafkaTopics;
import dev.tally.testkit.TallyServices;
import io.micrometer.core.instrument.MeterRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A row lock held by another session (an operator's open transaction on an account, say) does not wedge a
 * partition: the worker's lock waits end at {@code lock_timeout} (1 s here, on a worker of its own), each cancelled
 * attempt is logged once and counted in {@code tally.database.timeouts}, and the batch is retried with back-off,
 * never rejected or skipped. Once the lock is released, after at least two such timeouts, every command waiting
 * behind it is decided exactly once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class DatabaseTimeoutIntegrationTests {

    private static final String TOPIC_PREFIX = KafkaTopics.unique("timeouts");
    private static final String WAIT_LOGGED = "were cancelled by the database's lock_timeout";
    private static WorkerHarness harness;

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private MeterRegistry registry;

    /** A worker of its own (topics and group of its own, on the shared database) with a short lock timeout. */
    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        TallyServices services = TallyServices.get();
        WorkerIntegrationTest.registerWorker(registry, TOPIC_PREFIX, services::jdbcUrl, services::jdbcUser,
                services::jdbcPassword, services::kafkaBootstrap);
        registry.add("tally.worker.database.lock-timeout", () -> "1s");
    }

    @BeforeEach
    void startHarness() {
        if (harness == null) {
            harness = WorkerHarness.forPrefix(TallyServices.get().kafkaBootstrap(), TOPIC_PREFIX);
        }
    }

    @AfterAll
    static void stopHarness() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void retriesPastARowLockHeldLongerThanTheLockTimeoutAndLosesNothing(CapturedOutput output) throws Exception {
        assertThat(jdbc.sql("SHOW lock_timeout").query(String.class).single()).isEqualTo("1s");
        assertThat(jdbc.sql("SHOW statement_timeout").query(String.class).single()).isEqualTo("10s");
        String run = UUID.randomUUID().toString().substring(0, 8);
        AccountId bank = new AccountId("bank-" + run);
        AccountId alice = new AccountId("alice-" + run);
        AccountId bob = new AccountId("bob-" + run);
        decideAll(List.of(OpenAccount.unbounded(CommandId.random(), bank, "EUR"),
                OpenAccount.bounded(CommandId.random(), alice, "EUR", 0),
                OpenAccount.bounded(CommandId.random(), bob, "EUR", 0)));
        decideAll(List.of(new Transfer(CommandId.random(), bank, alice, 1_000, "EUR", null)));
        double timeoutsBefore = lockTimeouts();

        List<Command> transfers = new ArrayList<>();
        TallyServices services = TallyServices.get();
        try (Connection operator = DriverManager.getConnection(services.jdbcUrl(), services.jdbcUser(),
                services.jdbcPassword())) {
            operator.setAutoCommit(false);
            try (PreparedStatement lock = operator.prepareStatement(
                    "SELECT balance FROM accounts WHERE id = ? FOR UPDATE")) {
                lock.setString(1, alice.value());
                lock.executeQuery().close();
            }
            for (int i = 0; i < 10; i++) {
                Transfer transfer = new Transfer(CommandId.random(), alice, bob, 10, "EUR", null);
                harness.sendAsync(transfer);
                transfers.add(transfer);
            }
            harness.flush();

            // Held for at least two lock timeouts: two attempts have waited and been cancelled.
            await().atMost(WorkerIntegrationTest.TIMEOUT).until(() -> lockTimeouts() >= timeoutsBefore + 2);
            assertThat(transfers).allMatch(transfer -> harness.results(transfer.id()).isEmpty());
            operator.rollback();
        }

        List<Result> results = resultsOf(transfers);
        assertThat(results).allSatisfy(result -> {
            assertThat(result.applied()).as("%s", result).isTrue();
            assertThat(result.replay()).isFalse();
        });
        assertThat(transfers).allSatisfy(transfer -> assertThat(harness.results(transfer.id())).hasSize(1));
        assertThat(balance(alice)).isEqualTo(900);
        assertThat(balance(bob)).isEqualTo(100);
        assertThat(jdbc.sql("SELECT count(*) FROM transfers WHERE debit_account_id = ?").param(alice.value())
                .query(Long.class).single()).isEqualTo(10);
        // Each cancelled attempt was logged once, as a warning, and counted once.
        long warnings = output.getAll().lines().filter(line -> line.contains(WAIT_LOGGED))
                .peek(line -> assertThat(line).contains("WARN"))
                .count();
        assertThat(warnings).isGreaterThanOrEqualTo(2).isEqualTo((long) (lockTimeouts() - timeoutsBefore));
    }

    private double lockTimeouts() {
        return registry.get("tally.database.timeouts").tag("setting", "lock_timeout").counter().count();
    }

    private List<Result> decideAll(List<Command> commands) {
        commands.forEach(harness::sendAsync);
        harness.flush();
        List<Result> results = resultsOf(commands);
        assertThat(results).allSatisfy(result -> assertThat(result.applied()).as("%s", result).isTrue());
        return results;
    }

    private static List<Result> resultsOf(List<Command> commands) {
        await().atMost(WorkerIntegrationTest.TIMEOUT)
                .until(() -> commands.stream().noneMatch(c -> harness.results(c.id()).isEmpty()));
        return commands.stream().map(c -> harness.results(c.id()).get(0)).toList();
    }

    private long balance(AccountId id) {
        return jdbc.sql("SELECT balance FROM accounts WHERE id = ?").param(id.value()).query(Long.class).single();
    }
}
