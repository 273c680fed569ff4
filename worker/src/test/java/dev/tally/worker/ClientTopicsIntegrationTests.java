package dev.tally.worker;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.Command;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.Headers;
import dev.tally.contracts.OpenAccount;
import dev.tally.contracts.Result;
import dev.tally.testkit.KafkaTopics;
import dev.tally.testkit.TallyServices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Clients' topics (contract v1.2) against the real broker and database: the worker reads every client's commands
 * topic that appears while it runs, answers each client on its own results and dead-letter topics only, ignores topics
 * outside the pattern, pauses a client whose results topic is missing while everyone else goes on, treats a recreated
 * topic as new, and answers each command exactly once across a restart. The clients' topics of this class carry a
 * prefix of their own ({@code tally.worker.clients.topic-prefix}, set by {@link WorkerIntegrationTest#registerWorker}),
 * so that no other test's worker on the shared broker reads them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = "tally.worker.clients.recheck-interval=1s")
@DirtiesContext
class ClientTopicsIntegrationTests {

    /** The contract's promise for a new client; the worker's default metadata refresh (10 s) keeps well inside. */
    private static final Duration PICK_UP = Duration.ofSeconds(30);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String TOPIC_PREFIX = KafkaTopics.unique("clients");
    private static final String CLIENTS = TOPIC_PREFIX + ".client.";
    private static final List<WorkerHarness> HARNESSES = new ArrayList<>();
    private static WorkerHarness operator;

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private KafkaListenerEndpointRegistry listeners;

    @Autowired
    @Qualifier("clientTopicsHealthIndicator")
    private HealthIndicator clientHealth;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        TallyServices services = TallyServices.get();
        WorkerIntegrationTest.registerWorker(registry, TOPIC_PREFIX, services::jdbcUrl, services::jdbcUser,
                services::jdbcPassword, services::kafkaBootstrap);
    }

    @BeforeEach
    void startOperatorHarness() {
        if (operator == null) {
            operator = harness(WorkerHarness.forPrefix(bootstrap(), TOPIC_PREFIX));
        }
    }

    @AfterAll
    static void stopHarnesses() {
        HARNESSES.forEach(WorkerHarness::close);
    }

    @Test
    void readsANewClientTopicWithin30SecondsAndAnswersOnlyOnTheClientsOwnTopics() {
        WorkerHarness client = newClient("shop-a");
        OpenAccount open = open("shop-a");
        client.send(open);

        await().atMost(PICK_UP).until(() -> !client.results(open.id()).isEmpty());
        assertThat(client.results(open.id())).singleElement().matches(Result::applied);

        byte[] trace = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
        client.sendRaw(null, "not json".getBytes(StandardCharsets.UTF_8),
                List.of(new RecordHeader(WorkerIntegrationTest.TRACE_HEADER, trace)));
        await().atMost(TIMEOUT).until(() -> !traced(client, trace).isEmpty());
        ConsumerRecord<byte[], byte[]> letter = traced(client, trace).get(0);
        assertThat(header(letter, Headers.DLT_REASON)).isEqualTo("MALFORMED_JSON");
        assertThat(header(letter, Headers.DLT_ORIGINAL_TOPIC)).isEqualTo(CLIENTS + "shop-a.commands");

        // The operator's own command, answered after the client's: none of the client's outcomes went its way.
        OpenAccount operatorsOpen = open(null);
        operator.send(operatorsOpen);
        await().atMost(TIMEOUT).until(() -> !operator.results(operatorsOpen.id()).isEmpty());
        assertThat(operator.results(open.id())).isEmpty();
        assertThat(traced(operator, trace)).isEmpty();
        assertThat(client.results(operatorsOpen.id())).isEmpty();
    }

    @Test
    void neverReadsATopicWhoseNameIsOutsideThePattern() {
        List<String> outside = List.of(CLIENTS + "Bad.commands", CLIENTS + "a.b.commands");
        KafkaTopics.create(bootstrap(), 1, outside.toArray(String[]::new));
        KafkaTopics.create(bootstrap(), 1, CLIENTS + "Bad.results", CLIENTS + "Bad.commands.DLT",
                CLIENTS + "a.b.results", CLIENTS + "a.b.commands.DLT");
        List<CommandId> ignored = new ArrayList<>();
        for (String topic : outside) {
            OpenAccount open = open(null);
            harness(new WorkerHarness(bootstrap(), topic, topic + ".ignored", topic + ".DLT")).send(open);
            ignored.add(open.id());
        }

        // A valid client created after them is found by a later look at the broker's topics than they were.
        WorkerHarness valid = newClient("valid-1");
        OpenAccount open = open("valid-1");
        valid.send(open);
        await().atMost(PICK_UP).until(() -> !valid.results(open.id()).isEmpty());

        Set<String> assigned = assignedTopics();
        assertThat(assigned).contains(CLIENTS + "valid-1.commands").doesNotContainAnyElementsOf(outside);
        assertThat(jdbc.sql("SELECT count(*) FROM command_ids WHERE id = ANY(?)")
                .param(ignored.stream().map(CommandId::value).toArray(UUID[]::new))
                .query(Long.class).single()).isZero();
        ignored.forEach(id -> assertThat(operator.results(id)).isEmpty());
    }

    @Test
    void pausesAClientWithoutAResultsTopicAloneAndResumesItOnceTheTopicExists() {
        KafkaTopics.create(bootstrap(), 2, CLIENTS + "late.commands");
        KafkaTopics.create(bootstrap(), 1, CLIENTS + "late.commands.DLT");
        WorkerHarness other = newClient("other");
        OpenAccount late = open("late");
        harness(new WorkerHarness(bootstrap(), CLIENTS + "late.commands", CLIENTS + "late.ignored",
                CLIENTS + "late.commands.DLT")).send(late);
        OpenAccount others = open("other");
        other.send(others);
        OpenAccount operators = open(null);
        operator.send(operators);

        await().atMost(PICK_UP).until(() -> pausedClients().containsKey("late"));
        assertThat(pausedClients().get("late")).contains(CLIENTS + "late.results does not exist");
        await().atMost(PICK_UP).until(() -> !other.results(others.id()).isEmpty());
        await().atMost(TIMEOUT).until(() -> !operator.results(operators.id()).isEmpty());
        assertThat(decided(late.id())).as("the paused client's command is decided").isFalse();

        KafkaTopics.create(bootstrap(), 1, CLIENTS + "late.results");
        WorkerHarness resumed = harness(new WorkerHarness(bootstrap(), CLIENTS + "late.commands",
                CLIENTS + "late.results", CLIENTS + "late.commands.DLT"));
        await().atMost(PICK_UP).until(() -> !resumed.results(late.id()).isEmpty());
        assertThat(resumed.results(late.id())).singleElement().matches(Result::applied);
        await().atMost(TIMEOUT).until(() -> !pausedClients().containsKey("late"));
    }

    @Test
    void decidesTheCommandsOfATopicDeletedAndCreatedAgainAsNew() throws Exception {
        String commands = CLIENTS + "again.commands";
        WorkerHarness client = newClient("again", 1);
        List<Command> before = List.of(open("again"), open("again"), open("again"));
        before.forEach(client::send);
        await().atMost(PICK_UP).until(() -> before.stream().noneMatch(c -> client.results(c.id()).isEmpty()));
        UUID oldId = topicId(commands);
        assertThat(offsetRow(commands)).isEqualTo(Map.of("topic_id", oldId, "next_offset", 3L));

        try (Admin admin = admin()) {
            admin.deleteTopics(List.of(commands)).all().get();
        }
        await().atMost(PICK_UP).until(() -> !assignedTopics().contains(commands));
        KafkaTopics.create(bootstrap(), 1, commands);
        UUID newId = topicId(commands);
        await().atMost(PICK_UP).until(() -> assignedTopics().contains(commands));
        OpenAccount after = open("again");
        client.send(after);

        await().atMost(TIMEOUT).until(() -> !client.results(after.id()).isEmpty());
        assertThat(client.results(after.id())).singleElement()
                .matches(Result::applied).matches(result -> !result.replay());
        assertThat(newId).isNotEqualTo(oldId);
        assertThat(offsetRow(commands)).isEqualTo(Map.of("topic_id", newId, "next_offset", 1L));
    }

    @Test
    void answersEachCommandExactlyOnceAcrossARestartWithSeveralClientTopics() {
        List<WorkerHarness> clients = List.of(newClient("restart-1"), newClient("restart-2"));
        Map<WorkerHarness, List<CommandId>> sent = Map.of(clients.get(0), new ArrayList<>(),
                clients.get(1), new ArrayList<>());
        MessageListenerContainer container = listeners.getListenerContainer("tally-commands");
        sendOpens(sent, 150);
        await().atMost(PICK_UP).until(() -> answered(sent) >= 30);
        container.stop();
        container.start();
        sendOpens(sent, 150);

        await().atMost(TIMEOUT).until(() -> answered(sent) == 600);
        sent.forEach((client, ids) -> {
            WorkerHarness elsewhere = client == clients.get(0) ? clients.get(1) : clients.get(0);
            for (CommandId id : ids) {
                assertThat(client.results(id)).as("results of %s", id).singleElement()
                        .matches(result -> !result.replay());
                assertThat(elsewhere.results(id)).isEmpty();
                assertThat(operator.results(id)).isEmpty();
            }
        });
    }

    private static void sendOpens(Map<WorkerHarness, List<CommandId>> sent, int each) {
        sent.forEach((client, ids) -> {
            for (int i = 0; i < each; i++) {
                OpenAccount open = open(clientOf(client));
                client.sendAsync(open);
                ids.add(open.id());
            }
            client.flush();
        });
    }

    private static long answered(Map<WorkerHarness, List<CommandId>> sent) {
        return sent.entrySet().stream()
                .mapToLong(entry -> entry.getValue().stream()
                        .filter(id -> !entry.getKey().results(id).isEmpty()).count())
                .sum();
    }

    /** Creates the client's three topics, its commands topic with two partitions, and a harness on them. */
    private static WorkerHarness newClient(String name) {
        return newClient(name, 2);
    }

    private static WorkerHarness newClient(String name, int partitions) {
        return harness(WorkerHarness.forClient(bootstrap(), TOPIC_PREFIX, name, partitions));
    }

    private static WorkerHarness harness(WorkerHarness harness) {
        HARNESSES.add(harness);
        return harness;
    }

    /** An opening a client may send (an id under its own name, contract v1.2), or the operator ({@code null}). */
    private static OpenAccount open(String client) {
        String id = "client-" + UUID.randomUUID().toString().substring(0, 13);
        return OpenAccount.bounded(CommandId.random(), new AccountId(client == null ? id : client + ":" + id), "EUR",
                0);
    }

    private static String clientOf(WorkerHarness client) {
        String topic = client.commandsTopic();
        return topic.substring(CLIENTS.length(), topic.length() - ".commands".length());
    }

    @SuppressWarnings("unchecked")
    private Map<String, String> pausedClients() {
        Object paused = clientHealth.health(true).getDetails().get("pausedClients");
        return paused == null ? Map.of() : (Map<String, String>) paused;
    }

    private Set<String> assignedTopics() {
        return listeners.getListenerContainer("tally-commands").getAssignedPartitions().stream()
                .map(TopicPartition::topic).collect(Collectors.toSet());
    }

    private boolean decided(CommandId id) {
        return jdbc.sql("SELECT count(*) FROM command_ids WHERE id = ?").param(id.value())
                .query(Long.class).single() > 0;
    }

    private Map<String, Object> offsetRow(String topic) {
        return jdbc.sql("SELECT topic_id, next_offset FROM partition_offsets WHERE topic = ? AND kafka_partition = 0")
                .param(topic).query().singleRow();
    }

    private static UUID topicId(String topic) throws Exception {
        try (Admin admin = admin()) {
            Uuid id = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).topicId();
            return new UUID(id.getMostSignificantBits(), id.getLeastSignificantBits());
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> traced(WorkerHarness harness, byte[] trace) {
        return harness.deadLetters().stream()
                .filter(letter -> letter.headers().lastHeader(WorkerIntegrationTest.TRACE_HEADER) != null
                        && java.util.Arrays.equals(
                        letter.headers().lastHeader(WorkerIntegrationTest.TRACE_HEADER).value(), trace))
                .toList();
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()));
    }

    private static String bootstrap() {
        return TallyServices.get().kafkaBootstrap();
    }
}
