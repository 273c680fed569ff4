package dev.tally.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.GroupType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The worker with KIP-848's consumer group protocol ({@code group.protocol=consumer}, where the broker assigns the
 * partitions and hands them over one by one) keeps exactly-once across rebalances: its transactional producer
 * commits the offsets with the consumer's group metadata (the member epoch of the new protocol), its consumer reads
 * {@code read_committed}, and its rebalance listener runs on each partition handed over. While 2,400 transfers are
 * being decided, a second instance with the same protocol joins the group (the broker moves partitions to it) and
 * leaves it again mid-stream; every transfer must then have exactly one result, not a replay, and one journal row,
 * and the books must balance. The broker must describe the group as a {@code consumer} group, so that the test
 * cannot pass on the classic protocol.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = "spring.kafka.consumer.properties.group.protocol=consumer")
@DirtiesContext
class ConsumerGroupProtocolIntegrationTests {

    private static final String TOPIC_PREFIX = KafkaTopics.unique("kip848");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int ACCOUNTS = 20;
    private static final int TRANSFERS = 2_400;
    private static final long INITIAL_BALANCE = 5_000;
    private static WorkerHarness harness;

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private WorkerSettings settings;

    @Autowired
    private KafkaListenerEndpointRegistry listeners;

    /**
     * A broker of this test's own, whose consumer groups heartbeat every 500 ms instead of every 5 s: under this
     * protocol the broker hands partitions over on heartbeats, and at the default pace the join and the leave below
     * would take a minute of waiting.
     */
    private static final EmbeddedKafkaKraftBroker BROKER = TallyServices.startEmbeddedBroker(Map.of(
            "group.consumer.heartbeat.interval.ms", "500",
            "group.consumer.min.heartbeat.interval.ms", "500"));

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        TallyServices services = TallyServices.get();
        WorkerIntegrationTest.registerWorker(registry, TOPIC_PREFIX, services::jdbcUrl, services::jdbcUser,
                services::jdbcPassword, BROKER::getBrokersAsString);
    }

    @BeforeAll
    static void startHarness() {
        harness = WorkerHarness.forPrefix(BROKER.getBrokersAsString(), TOPIC_PREFIX);
    }

    @AfterAll
    static void stopHarness(ApplicationContext worker) {
        // The worker's consumers and producers go before the broker: after it, each would keep trying to reach it
        // until its close timeout when the context closes (30 s a client).
        worker.getBean(KafkaListenerEndpointRegistry.class).stop();
        worker.getBean(DefaultKafkaProducerFactory.class).reset();
        harness.close();
        BROKER.destroy();
    }

    @Test
    void decidesEveryCommandExactlyOnceWhileASecondInstanceJoinsAndLeavesAConsumerGroup() throws Exception {
        List<AccountId> accounts = openAndFund();
        assertThat(groupType()).as("the type of group %s", settings.groupId()).isEqualTo(GroupType.CONSUMER);
        MessageListenerContainer first = listeners.getListenerContainer("tally-commands");
        List<CommandId> ids = new ArrayList<>();

        harness.sendRandomTransfers(accounts, ids, TRANSFERS / 3);
        try (ConfigurableApplicationContext second = startSecondInstance()) {
            MessageListenerContainer secondContainer = second.getBean(KafkaListenerEndpointRegistry.class)
                    .getListenerContainer("tally-commands");
            // The broker moves partitions to the new member only once the first one has released them.
            await().atMost(TIMEOUT).until(() -> !secondContainer.getAssignedPartitions().isEmpty());
            assertThat(first.getAssignedPartitions()).as("partitions the first instance kept")
                    .isNotEmpty()
                    .doesNotContainAnyElementsOf(secondContainer.getAssignedPartitions());
            harness.sendRandomTransfers(accounts, ids, TRANSFERS / 3);
            await().atMost(TIMEOUT).until(() -> decided(ids) >= TRANSFERS / 2);
        }
        // The second instance left mid-stream: its partitions come back to the first.
        harness.sendRandomTransfers(accounts, ids, TRANSFERS - ids.size());
        await().atMost(TIMEOUT.multipliedBy(2)).until(() -> decided(ids) == TRANSFERS);
        await().atMost(TIMEOUT).until(() -> first.getAssignedPartitions().size() == settings.topics().partitions());

        for (CommandId id : ids) {
            List<Result> results = harness.results(id);
            assertThat(results).as("results of %s", id).hasSize(1);
            assertThat(results.get(0).replay()).as("replay flag of %s", id).isFalse();
        }
        assertThat(jdbc.sql("SELECT count(*) FROM transfers WHERE id = ANY(?)")
                .param(ids.stream().map(CommandId::value).toArray(UUID[]::new))
                .query(Long.class).single()).isEqualTo(ids.size());
        WorkerIntegrationTest.assertBooksBalance(jdbc, accounts, ACCOUNTS * INITIAL_BALANCE);
    }

    private GroupType groupType() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                BROKER.getBrokersAsString()))) {
            return admin.describeConsumerGroups(List.of(settings.groupId())).all().get().get(settings.groupId())
                    .type();
        }
    }

    /** A second worker in the same group and with the same protocol, as another process would be. */
    private ConfigurableApplicationContext startSecondInstance() {
        TallyServices services = TallyServices.get();
        // Command-line arguments, so that they win over application.yml as a deployment's settings would.
        Map<String, Object> properties = Map.ofEntries(
                Map.entry("spring.datasource.url", services.jdbcUrl()),
                Map.entry("spring.datasource.username", services.jdbcUser()),
                Map.entry("spring.datasource.password", services.jdbcPassword()),
                Map.entry("spring.kafka.bootstrap-servers", BROKER.getBrokersAsString()),
                Map.entry("spring.kafka.consumer.properties.group.protocol", "consumer"),
                Map.entry("tally.worker.topics.commands", settings.topics().commands()),
                Map.entry("tally.worker.topics.results", settings.topics().results()),
                Map.entry("tally.worker.topics.dead-letters", settings.topics().deadLetters()),
                Map.entry("tally.worker.topics.partitions", settings.topics().partitions()),
                Map.entry("tally.worker.group-id", settings.groupId()),
                Map.entry("tally.worker.instance-id", "second-" + CommandId.random()));
        String[] args = properties.entrySet().stream()
                .map(property -> "--" + property.getKey() + "=" + property.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(WorkerApplication.class).web(WebApplicationType.NONE).run(args);
    }

    /** Opens the bounded accounts and funds each from one funding account, every step published then awaited. */
    private static List<AccountId> openAndFund() {
        String run = TOPIC_PREFIX.substring(7);
        AccountId bank = new AccountId("kip848-bank-" + run);
        awaitAllApplied(List.of(OpenAccount.unbounded(CommandId.random(), bank, "EUR")));
        List<AccountId> accounts = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            accounts.add(new AccountId("kip848-" + i + "-" + run));
        }
        awaitAllApplied(accounts.stream()
                .<Command>map(account -> OpenAccount.bounded(CommandId.random(), account, "EUR", 0)).toList());
        awaitAllApplied(accounts.stream()
                .<Command>map(account -> new Transfer(CommandId.random(), bank, account, INITIAL_BALANCE, "EUR",
                        null)).toList());
        return accounts;
    }

    private static void awaitAllApplied(List<Command> commands) {
        commands.forEach(harness::sendAsync);
        harness.flush();
        await().atMost(TIMEOUT).until(() -> commands.stream().noneMatch(c -> harness.results(c.id()).isEmpty()));
        assertThat(commands).allMatch(c -> harness.results(c.id()).get(0).applied());
    }

    private static long decided(List<CommandId> ids) {
        return ids.stream().filter(id -> !harness.results(id).isEmpty()).count();
    }
}
