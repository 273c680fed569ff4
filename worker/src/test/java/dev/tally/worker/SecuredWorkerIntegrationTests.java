package dev.tally.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.Command;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.OpenAccount;
import dev.tally.contracts.Reason;
import dev.tally.contracts.Result;
import dev.tally.contracts.Transfer;
import dev.tally.contracts.TransferResult;
import dev.tally.testkit.SecuredBroker;
import dev.tally.testkit.TallyServices;

/**
 * The worker on a broker secured as production is (SASL_SSL, SCRAM-SHA-512, StandardAuthorizer, nothing without an
 * ACL), as principal {@code worker} holding only {@link #WORKER_ACLS} — no CREATE, no rights on the cluster — on
 * topics the operator made: it decides commands of {@code tally.commands} exactly once (a repeated id is a replay,
 * one journal row), and its credentials can neither publish commands nor read the results it writes; clients added
 * as {@code tally clients add} adds them publish on their own topics, with their own credentials, and a client's
 * command debiting another client's account is {@code NOT_PERMITTED} end to end. Its own broker and database; the
 * operator publishes through a {@link WorkerHarness} with the operator's credentials.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecuredWorkerIntegrationTests {

    /**
     * Everything the worker needs (docs/security.md lists the same): read the operator's and every client's commands,
     * write results and dead letters (and the balance stream, read back by its own stage), its consumer group, its
     * transactional ids, and the topic configs its start-up check reads.
     */
    static final List<AclBinding> WORKER_ACLS = List.of(
            literal(ResourceType.TOPIC, "tally.commands", AclOperation.READ, AclOperation.DESCRIBE,
                    AclOperation.DESCRIBE_CONFIGS),
            literal(ResourceType.TOPIC, "tally.results", AclOperation.WRITE, AclOperation.DESCRIBE,
                    AclOperation.DESCRIBE_CONFIGS),
            literal(ResourceType.TOPIC, "tally.commands.DLT", AclOperation.WRITE, AclOperation.DESCRIBE,
                    AclOperation.DESCRIBE_CONFIGS),
            literal(ResourceType.TOPIC, "tally.balances", AclOperation.READ, AclOperation.WRITE,
                    AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS),
            prefixed(ResourceType.TOPIC, "tally.client.", AclOperation.READ, AclOperation.WRITE,
                    AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS),
            literal(ResourceType.GROUP, "tally-worker", AclOperation.READ, AclOperation.DESCRIBE),
            prefixed(ResourceType.TRANSACTIONAL_ID, "tally-worker-", AclOperation.WRITE, AclOperation.DESCRIBE))
            .stream().flatMap(List::stream).toList();

    private final TallyServices services = TallyServices.get();
    private SecuredBroker broker;
    private String databaseUrl;
    private ConfigurableApplicationContext worker;
    private WorkerHarness operator;

    @BeforeAll
    void startSecuredBrokerAndWorker() throws Exception {
        broker = SecuredBroker.start(Files.createTempDirectory("tally-secured-worker"));
        try (Admin admin = Admin.create(broker.adminProperties())) {
            admin.createTopics(List.of(new NewTopic("tally.commands", 3, (short) 1),
                    new NewTopic("tally.results", 2, (short) 1),
                    new NewTopic("tally.commands.DLT", 3, (short) 1)
                            .configs(Map.of("max.message.bytes", String.valueOf(2 * 1024 * 1024)))))
                    .all().get(60, TimeUnit.SECONDS);
        }
        broker.createUser("worker", "worker-secret");
        broker.allow(WORKER_ACLS);
        databaseUrl = services.createDatabase("secured");
        worker = new SpringApplicationBuilder(WorkerApplication.class)
                .web(WebApplicationType.NONE)
                .run(
                        "--spring.datasource.url=" + databaseUrl,
                        "--spring.datasource.username=" + services.jdbcUser(),
                        "--spring.datasource.password=" + services.jdbcPassword(),
                        "--spring.kafka.bootstrap-servers=" + broker.bootstrap(),
                        "--spring.kafka.security.protocol=SASL_SSL",
                        "--spring.kafka.properties.sasl.mechanism=SCRAM-SHA-512",
                        "--spring.kafka.properties.sasl.jaas.config=org.apache.kafka.common.security.scram."
                                + "ScramLoginModule required username=\"worker\" password=\"worker-secret\";",
                        "--spring.kafka.ssl.trust-store-location=file:" + broker.truststore(),
                        "--spring.kafka.ssl.trust-store-password=" + broker.truststorePassword(),
                        "--spring.kafka.ssl.trust-store-type=PKCS12",
                        // The read API is not started here; a worker on SASL must still choose it explicitly.
                        "--tally.security.read-api=open",
                        "--tally.worker.topics.partitions=3",
                        "--tally.worker.topics.result-partitions=2");
        Map<String, Object> operatorSecurity = new HashMap<>(broker.adminProperties());
        operatorSecurity.remove("bootstrap.servers");
        operator = new WorkerHarness(broker.bootstrap(), operatorSecurity, "tally.commands", "tally.results",
                "tally.commands.DLT");
    }

    @AfterAll
    void stop() {
        if (operator != null) {
            operator.close();
        }
        if (worker != null) {
            worker.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void decidesTheOperatorsCommandsExactlyOnceOverSaslSsl() throws Exception {
        AccountId bank = new AccountId("bank-secured");
        AccountId alice = new AccountId("alice-secured");
        decide(OpenAccount.unbounded(CommandId.random(), bank, "EUR"));
        decide(OpenAccount.bounded(CommandId.random(), alice, "EUR", 0));
        Transfer funding = new Transfer(CommandId.random(), bank, alice, 700, "EUR", null);

        TransferResult first = (TransferResult) decide(funding);
        operator.send(funding);
        await().atMost(WorkerIntegrationTest.TIMEOUT).until(() -> operator.results(funding.id()).size() == 2);
        Result second = operator.results(funding.id()).get(1);

        assertThat(first.applied()).as("%s", first).isTrue();
        assertThat(first.creditBalance()).isEqualTo(700);
        assertThat(second.replay()).isTrue();
        assertThat(second.applied()).isTrue();
        assertThat(single("SELECT count(*) FROM transfers WHERE id = '" + funding.id().value() + "'")).isEqualTo(1);
        assertThat(single("SELECT balance FROM accounts WHERE id = 'alice-secured'")).isEqualTo(700);
    }

    @Test
    void theWorkersCredentialsCanNeitherPublishCommandsNorReadResults() {
        Map<String, Object> config = new HashMap<>(broker.adminProperties());
        config.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.scram.ScramLoginModule "
                + "required username=\"worker\" password=\"worker-secret\";");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("tally.commands", new byte[1], new byte[1]))
                    .get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
        }
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(List.of(new TopicPartition("tally.results", 0)));
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(10)))
                    .isInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void aClientDebitingAnotherClientsAccountIsNotPermittedAndSeesOnlyItsOwnFigures() throws Exception {
        broker.addClient("shop-a", 3);
        broker.addClient("shop-b", 3);
        try (WorkerHarness shopA = client("shop-a"); WorkerHarness shopB = client("shop-b")) {
            AccountId bank = new AccountId("bank-clients");
            AccountId walletA = new AccountId("shop-a:wallet");
            AccountId walletB = new AccountId("shop-b:wallet");
            decide(OpenAccount.unbounded(CommandId.random(), bank, "EUR"));
            // A client's first command waits for the worker to find its topics (metadata refresh, then a rebalance).
            assertThat(decide(shopA, OpenAccount.bounded(CommandId.random(), walletA, "EUR", 0)).applied()).isTrue();
            assertThat(decide(shopB, OpenAccount.bounded(CommandId.random(), walletB, "EUR", 0)).applied()).isTrue();
            decide(new Transfer(CommandId.random(), bank, walletA, 500, "EUR", null));
            decide(new Transfer(CommandId.random(), bank, walletB, 500, "EUR", null));

            Transfer theft = new Transfer(CommandId.random(), walletB, walletA, 100, "EUR", null);
            TransferResult refused = (TransferResult) decide(shopA, theft);
            Transfer payment = new Transfer(CommandId.random(), walletA, walletB, 100, "EUR", null);
            TransferResult paid = (TransferResult) decide(shopA, payment);

            assertThat(refused.applied()).as("%s", refused).isFalse();
            assertThat(refused.reason()).isEqualTo(Reason.NOT_PERMITTED);
            assertThat(refused.debitBalance()).isNull();
            assertThat(paid.applied()).as("%s", paid).isTrue();
            assertThat(paid.debitBalance()).isEqualTo(400);
            assertThat(paid.creditBalance()).as("shop-b's balance, in shop-a's result").isNull();
            assertThat(single("SELECT balance FROM accounts WHERE id = 'shop-b:wallet'")).isEqualTo(600);
            assertThat(single("SELECT count(*) FROM command_ids WHERE principal = 'shop-a'")).isEqualTo(3);
            // Each result went to its sender's topic only.
            assertThat(operator.results(theft.id())).isEmpty();
            assertThat(shopB.results(theft.id())).isEmpty();
        }
    }

    /** A harness that publishes on a client's topic and reads its results, with the client's own credentials. */
    private WorkerHarness client(String name) throws Exception {
        // The harness reads through consumer groups of its own name; the client's grants cover only groups named
        // tally.client.<name>., so the test grants the harness's too.
        broker.allow(List.of(new AclBinding(
                new ResourcePattern(ResourceType.GROUP, "harness-tally.client." + name + ".", PatternType.PREFIXED),
                new AccessControlEntry("User:" + name, "*", AclOperation.READ, AclPermissionType.ALLOW))));
        Map<String, Object> security = new HashMap<>(broker.clientProperties(name));
        security.remove("bootstrap.servers");
        return new WorkerHarness(broker.bootstrap(), security, "tally.client." + name + ".commands",
                "tally.client." + name + ".results", "tally.client." + name + ".commands.DLT");
    }

    private Result decide(Command command) {
        return decide(operator, command);
    }

    private static Result decide(WorkerHarness sender, Command command) {
        sender.send(command);
        await().atMost(Duration.ofSeconds(90)).until(() -> !sender.results(command.id()).isEmpty());
        return sender.results(command.id()).get(0);
    }

    private long single(String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(databaseUrl, services.jdbcUser(),
                services.jdbcPassword()); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }

    private static List<AclBinding> literal(ResourceType type, String name, AclOperation... operations) {
        return grants(new ResourcePattern(type, name, PatternType.LITERAL), operations);
    }

    private static List<AclBinding> prefixed(ResourceType type, String prefix, AclOperation... operations) {
        return grants(new ResourcePattern(type, prefix, PatternType.PREFIXED), operations);
    }

    private static List<AclBinding> grants(ResourcePattern pattern, AclOperation... operations) {
        List<AclBinding> acls = new ArrayList<>();
        for (AclOperation operation : operations) {
            acls.add(new AclBinding(pattern,
                    new AccessControlEntry("User:worker", "*", operation, AclPermissionType.ALLOW)));
        }
        return acls;
    }
}
