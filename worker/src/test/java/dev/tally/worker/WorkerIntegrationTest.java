package dev.tally.worker;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Base of the tests that run the whole worker against the real PostgreSQL and Kafka broker of {@link TallyServices}.
 * Test classes share one worker (one Spring context) and one set of topics, and isolate themselves with fresh ids.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
abstract class WorkerIntegrationTest {

    static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String TOPIC_PREFIX = KafkaTopics.unique("it");
    private static final AtomicInteger ACCOUNT_SEQUENCE = new AtomicInteger();
    private static volatile WorkerHarness harness;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected WorkerSettings settings;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        TallyServices services = TallyServices.get();
        registerWorker(registry, TOPIC_PREFIX, services::jdbcUrl, services::jdbcUser, services::jdbcPassword,
                services::kafkaBootstrap);
    }

    /**
     * Points a worker at the given database and broker, with topics and a consumer group named after
     * {@code topicPrefix}. A test with a database of its own must use a prefix of its own too, or its worker would
     * join the shared group and decide the shared topics' commands into the wrong database. Clients' topics are
     * {@code <topicPrefix>.client.<name>.commands} and so on, so that the workers of other test classes, still running
     * in the same JVM, never read them.
     */
    static void registerWorker(DynamicPropertyRegistry registry, String topicPrefix, Supplier<Object> jdbcUrl,
                               Supplier<Object> jdbcUser, Supplier<Object> jdbcPassword,
                               Supplier<Object> kafkaBootstrap) {
        registry.add("spring.datasource.url", jdbcUrl);
        registry.add("spring.datasource.username", jdbcUser);
        registry.add("spring.datasource.password", jdbcPassword);
        registry.add("spring.kafka.bootstrap-servers", kafkaBootstrap);
        registry.add("tally.worker.topics.commands", () -> topicPrefix + ".commands");
        registry.add("tally.worker.topics.results", () -> topicPrefix + ".results");
        registry.add("tally.worker.topics.dead-letters", () -> topicPrefix + ".commands.DLT");
        registry.add("tally.worker.topics.partitions", () -> 6);
        registry.add("tally.worker.topics.result-partitions", () -> 2);
        registry.add("tally.worker.group-id", () -> topicPrefix + "-worker");
        registry.add("tally.worker.clients.topic-prefix", () -> topicPrefix + ".client.");
    }

    /** Started once the worker is up (so its topics exist), then shared by every test class of the run. */
    @BeforeEach
    void startHarness() {
        if (harness == null) {
            harness = WorkerHarness.forPrefix(TallyServices.get().kafkaBootstrap(), TOPIC_PREFIX);
            Runtime.getRuntime().addShutdownHook(new Thread(harness::close));
        }
    }

    static WorkerHarness harness() {
        return harness;
    }

    /** A fresh account id, unique in this run, that reads well in failure messages. */
    static AccountId newAccount(String name) {
        return new AccountId(name + "-" + ACCOUNT_SEQUENCE.incrementAndGet() + "-" + TOPIC_PREFIX.substring(3));
    }

    /** Publishes the command and waits for its first result. */
    static Result decide(Command command) {
        harness.send(command);
        return awaitResult(command.id());
    }

    /** Publishes the command under {@code key} and waits for its first result. */
    static Result decide(Command command, AccountId key) {
        harness.send(command, key);
        return awaitResult(command.id());
    }

    static Result awaitResult(CommandId id) {
        await().atMost(TIMEOUT).until(() -> !harness.results(id).isEmpty());
        return harness.results(id).get(0);
    }

    /** Opens an account with a zero balance and the given floor, and checks it was applied. */
    static AccountId open(String name, String currency, long overdraftLimit) {
        AccountId id = newAccount(name);
        Result result = decide(OpenAccount.bounded(CommandId.random(), id, currency, overdraftLimit));
        assertThat(result.applied()).as("opening %s: %s", id, result).isTrue();
        return id;
    }

    /** Opens a funding account (no floor). */
    static AccountId openFunding(String name, String currency) {
        AccountId id = newAccount(name);
        Result result = decide(OpenAccount.unbounded(CommandId.random(), id, currency));
        assertThat(result.applied()).as("opening %s: %s", id, result).isTrue();
        return id;
    }

    /** Opens a bounded EUR account holding {@code balance}, funded from a fresh funding account. */
    static AccountId openFunded(String name, long balance) {
        AccountId account = open(name, "EUR", 0);
        if (balance > 0) {
            AccountId bank = openFunding("bank", "EUR");
            Result funded = decide(new Transfer(CommandId.random(), bank, account, balance, "EUR", "funding"));
            assertThat(funded.applied()).as("funding %s: %s", account, funded).isTrue();
        }
        return account;
    }

    /**
     * Opens {@code count} bounded EUR accounts and funds each with {@code balance} from one fresh funding account;
     * each step is published at once and then awaited, which is much faster than one round trip per command.
     */
    static List<AccountId> openAndFund(String name, int count, long balance) {
        AccountId bank = openFunding(name + "-bank", "EUR");
        List<AccountId> accounts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            accounts.add(newAccount(name));
        }
        awaitAllApplied(accounts.stream()
                .<Command>map(account -> OpenAccount.bounded(CommandId.random(), account, "EUR", 0))
                .toList());
        awaitAllApplied(accounts.stream()
                .<Command>map(account -> new Transfer(CommandId.random(), bank, account, balance, "EUR", null))
                .toList());
        return accounts;
    }

    /** Publishes the commands without waiting for each, then waits until all are decided and checks all applied. */
    static void awaitAllApplied(List<Command> commands) {
        commands.forEach(harness::sendAsync);
        harness.flush();
        await().atMost(TIMEOUT).until(() -> commands.stream().noneMatch(c -> harness.results(c.id()).isEmpty()));
        assertThat(commands).allMatch(c -> harness.results(c.id()).get(0).applied());
    }

    /**
     * Checks the books of the given accounts: no balance below zero (they are opened with limit 0), the total is
     * {@code expectedTotal}, and each balance equals its applied credits minus applied debits in {@code transfers}.
     */
    void assertBooksBalance(List<AccountId> accounts, long expectedTotal) {
        assertBooksBalance(jdbc, accounts, expectedTotal);
    }

    /** {@link #assertBooksBalance(List, long)} on the given database, for tests that run a worker of their own. */
    static void assertBooksBalance(JdbcClient jdbc, List<AccountId> accounts, long expectedTotal) {
        long total = 0;
        for (AccountId account : accounts) {
            long balance = jdbc.sql("SELECT balance FROM accounts WHERE id = ?").param(account.value())
                    .query(Long.class).single();
            assertThat(balance).as("balance of %s", account).isGreaterThanOrEqualTo(0);
            long journal = jdbc.sql("""
                            SELECT coalesce(sum(CASE WHEN credit_account_id = :id THEN amount ELSE -amount END), 0)
                            FROM transfers
                            WHERE status = 'APPLIED' AND (credit_account_id = :id OR debit_account_id = :id)
                            """)
                    .param("id", account.value()).query(Long.class).single();
            assertThat(journal).as("journal of %s", account).isEqualTo(balance);
            total += balance;
        }
        assertThat(total).isEqualTo(expectedTotal);
    }

    /** Checks that every id has exactly one result, not a replay, and exactly one journal row. */
    void assertDecidedExactlyOnce(List<CommandId> ids) {
        for (CommandId id : ids) {
            List<Result> results = harness.results(id);
            assertThat(results).as("results of %s", id).hasSize(1);
            assertThat(results.get(0).replay()).isFalse();
        }
        assertThat(jdbc.sql("SELECT count(*) FROM transfers WHERE id = ANY(?)")
                .param(ids.stream().map(CommandId::value).toArray(UUID[]::new))
                .query(Long.class).single()).isEqualTo(ids.size());
    }

    /** A header tests put on records they send, so that each can find its own dead letter. */
    static final String TRACE_HEADER = "test.trace";

    /** Waits for the dead letter of the record sent with this trace header value, and checks there is exactly one. */
    static ConsumerRecord<byte[], byte[]> awaitDeadLetter(byte[] trace) {
        await().atMost(TIMEOUT).until(() -> !traced(trace).isEmpty());
        List<ConsumerRecord<byte[], byte[]>> letters = traced(trace);
        assertThat(letters).as("dead letters traced %s", new String(trace, StandardCharsets.UTF_8)).hasSize(1);
        return letters.get(0);
    }

    static List<ConsumerRecord<byte[], byte[]>> traced(byte[] trace) {
        return harness.deadLetters().stream()
                .filter(letter -> {
                    Header header = letter.headers().lastHeader(TRACE_HEADER);
                    return header != null && Arrays.equals(header.value(), trace);
                })
                .toList();
    }

    long balance(AccountId id) {
        return jdbc.sql("SELECT balance FROM accounts WHERE id = ?").param(id.value()).query(Long.class).single();
    }
}
