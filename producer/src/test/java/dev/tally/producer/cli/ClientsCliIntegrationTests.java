package dev.tally.producer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tally.contracts.ClientTopics;
import dev.tally.testkit.KafkaTopics;
import dev.tally.testkit.SecuredBroker;
import dev.tally.testkit.TallyServices;

/**
 * {@code tally clients} against a broker secured as production is (SASL_SSL, SCRAM-SHA-512, StandardAuthorizer, no
 * access without an ACL) and a database migrated as the worker migrates it: a client added by the operator can
 * write only its own commands topic and read only its own results; add and remove are idempotent; a bad name,
 * credentials without the operator's rights, a used name and a client that still owns an account are refused with
 * a one-line reason. One broker and one database for the class; each test uses client names of its own.
 */
class ClientsCliIntegrationTests {

    private static SecuredBroker broker;
    private static Path directory;
    private static Path operatorConfig;
    private static String jdbcUrl;
    private static final String OPERATOR_COMMANDS = KafkaTopics.unique("clients") + ".commands";
    private static final String OPERATOR_RESULTS = OPERATOR_COMMANDS.replace(".commands", ".results");
    private static int names;

    @BeforeAll
    static void startBrokerAndDatabase() throws Exception {
        directory = Files.createTempDirectory("tally-clients-cli");
        broker = SecuredBroker.start(directory.resolve("broker"));
        operatorConfig = directory.resolve("operator.properties");
        Files.writeString(operatorConfig, broker.clientPropertiesFile(SecuredBroker.ADMIN));
        try (Admin admin = Admin.create(broker.adminProperties())) {
            admin.createTopics(List.of(new NewTopic(OPERATOR_COMMANDS, 3, (short) 1),
                    new NewTopic(OPERATOR_RESULTS, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        TallyServices services = TallyServices.get();
        jdbcUrl = services.createDatabase("clients");
        try (Connection connection = DriverManager.getConnection(jdbcUrl, services.jdbcUser(),
                services.jdbcPassword()); Statement statement = connection.createStatement();
             Stream<Path> files = Files.list(Path.of("../worker/src/main/resources/db/migration"))) {
            // The worker's own migrations, in version order, so the checks run against the real schema.
            for (Path migration : files.sorted(Comparator.comparingInt(ClientsCliIntegrationTests::version))
                    .toList()) {
                statement.execute(Files.readString(migration));
            }
        }
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void addsAClientOnceAndSaysSoTheSecondTime() throws Exception {
        String name = newName("shop");
        TallyCliTests.Run first = clients("add", name, "--password-file", passwordFile("s3cret-" + name).toString());
        TallyCliTests.Run second = clients("add", name);

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("topic " + ClientTopics.commands(name) + ": created (3 partitions)")
                .contains("credential SCRAM-SHA-512 for User:" + name + ": created")
                .contains("client " + name + " added").doesNotContain("password (shown once");
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.out()).contains("client " + name + " exists; nothing changed")
                .doesNotContain("created").doesNotContain("added\n");
        try (Admin admin = Admin.create(broker.adminProperties())) {
            Map<String, TopicDescription> topics = admin.describeTopics(List.of(ClientTopics.commands(name),
                    ClientTopics.results(name), ClientTopics.deadLetters(name))).allTopicNames().get();
            assertThat(topics.get(ClientTopics.commands(name)).partitions()).hasSize(3);
            assertThat(topics.get(ClientTopics.results(name)).partitions()).hasSize(2);
            ConfigResource deadLetters = new ConfigResource(ConfigResource.Type.TOPIC, ClientTopics.deadLetters(name));
            assertThat(admin.describeConfigs(List.of(deadLetters)).all().get().get(deadLetters)
                    .get("max.message.bytes").value()).isEqualTo("2097152");
        }
        assertThat(clients("list").out()).contains(name + "  topics 3/3  acls 8/8  credential SCRAM-SHA-512\n");
    }

    @Test
    void generatesAPasswordAndPrintsItOnce() throws Exception {
        String name = newName("gen");
        TallyCliTests.Run added = clients("add", name);

        assertThat(added.exitCode()).as(added.err()).isZero();
        String password = added.out().lines().filter(l -> l.startsWith("password (shown once, keep it): "))
                .findFirst().orElseThrow().substring("password (shown once, keep it): ".length());
        // The printed password is the credential: the client can write its commands topic with it.
        try (KafkaProducer<String, String> producer = producer(clientProperties(name, password))) {
            producer.send(new ProducerRecord<>(ClientTopics.commands(name), "k", "v")).get(30, TimeUnit.SECONDS);
        }
        assertThat(clients("add", name).out()).doesNotContain("shown once");
    }

    @Test
    void aClientCanWriteOnlyItsCommandsAndReadOnlyItsResults() throws Exception {
        String a = newName("a");
        String b = newName("b");
        assertThat(clients("add", a, "--password-file", passwordFile("pw-" + a).toString()).exitCode()).isZero();
        assertThat(clients("add", b, "--password-file", passwordFile("pw-" + b).toString()).exitCode()).isZero();
        Map<String, Object> clientA = clientProperties(a, "pw-" + a);

        try (KafkaProducer<String, String> producer = producer(clientA)) {
            producer.send(new ProducerRecord<>(ClientTopics.commands(a), "k", "mine")).get(30, TimeUnit.SECONDS);
            for (String forbidden : List.of(ClientTopics.commands(b), OPERATOR_COMMANDS, ClientTopics.results(a))) {
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>(forbidden, "k", "not mine"))
                        .get(30, TimeUnit.SECONDS)).as(forbidden)
                        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
            }
        }
        for (String forbidden : List.of(ClientTopics.results(b), ClientTopics.deadLetters(b), OPERATOR_RESULTS,
                ClientTopics.commands(a))) {
            try (KafkaConsumer<String, String> consumer = consumer(clientA)) {
                consumer.assign(List.of(new TopicPartition(forbidden, 0)));
                assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(10))).as(forbidden)
                        .isInstanceOf(TopicAuthorizationException.class);
            }
        }
        try (KafkaConsumer<String, String> consumer = consumer(clientA)) {
            consumer.assign(List.of(new TopicPartition(ClientTopics.results(a), 0)));
            assertThat(consumer.poll(Duration.ofSeconds(2)).isEmpty()).isTrue();
        }
        // Nothing the refused sends carried reached a topic.
        try (Admin admin = Admin.create(broker.adminProperties())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < 3; p++) {
                partitions.add(new TopicPartition(ClientTopics.commands(b), p));
                partitions.add(new TopicPartition(OPERATOR_COMMANDS, p));
            }
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            assertThat(admin.listOffsets(latest).all().get().values())
                    .allSatisfy(offset -> assertThat(offset.offset()).isZero());
        }
    }

    @Test
    void testkitAddsClientsWithTheSameAclsAsTheCli() throws Exception {
        // Tests of other modules add clients through SecuredBroker.addClient; they must get what the CLI grants.
        String name = newName("kit");
        broker.addClient(name, 2);

        assertThat(SecuredBroker.clientAcls(name))
                .containsExactlyInAnyOrderElementsOf(dev.tally.producer.clients.ClientGrants.of(name));
        assertThat(clients("list").out()).contains(name + "  topics 3/3  acls 8/8  credential SCRAM-SHA-512\n");
        try (KafkaProducer<String, String> producer = producer(broker.clientProperties(name))) {
            producer.send(new ProducerRecord<>(ClientTopics.commands(name), "k", "v")).get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void refusesABadNameNamingThePattern() {
        TallyCliTests.Run run = clients("add", "Shop_A");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("[a-z0-9][a-z0-9-]{0,39}").contains("'Shop_A'").doesNotContain("\tat ");
    }

    @Test
    void refusesCredentialsWithoutTheOperatorsRights() throws Exception {
        String name = newName("plain");
        assertThat(clients("add", name, "--password-file", passwordFile("pw-" + name).toString()).exitCode()).isZero();
        Path config = directory.resolve(name + ".properties");
        Files.writeString(config, broker.clientPropertiesFile(SecuredBroker.ADMIN)
                .replace("username=\"admin\" password=\"" + broker.adminPassword() + "\"",
                        "username=\"" + name + "\" password=\"pw-" + name + "\""));

        TallyCliTests.Run run = TallyCliTests.tally("clients", "add", newName("intruder"),
                "--bootstrap", broker.bootstrap(),
                "--command-config", config.toString(), "--commands-topic", OPERATOR_COMMANDS,
                "--results-topic", OPERATOR_RESULTS, "--db-url", jdbcUrl);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("the credentials in use lack the right to").doesNotContain("\tat ");
    }

    @Test
    void refusesToAddAClientBeforeTheOperatorsTopicsExist() {
        TallyCliTests.Run run = TallyCliTests.tally("clients", "add", newName("early"), "--bootstrap",
                broker.bootstrap(), "--command-config", operatorConfig.toString(), "--commands-topic",
                "missing.commands", "--results-topic", OPERATOR_RESULTS, "--db-url", jdbcUrl);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("cannot describe the operator's topics missing.commands")
                .contains("a topic does not exist").doesNotContain("\tat ");
    }

    @Test
    void neverReusesTheNameOfAClientTheDatabaseKnows() throws Exception {
        String name = newName("gone");
        database("INSERT INTO accounts (id, currency, overdraft_limit, owner, closed) VALUES ('" + name
                + ":wallet', 'EUR', 0, '" + name + "', true)");

        TallyCliTests.Run run = clients("add", name);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("'" + name + "' was used before").doesNotContain("\tat ");
        assertThat(clients("list").out()).doesNotContain(name);
    }

    @Test
    void removesAClientOnceAndNotWhileItOwnsAnOpenAccount() throws Exception {
        String name = newName("bye");
        assertThat(clients("add", name).exitCode()).isZero();
        database("INSERT INTO accounts (id, currency, overdraft_limit, owner) VALUES ('" + name
                + ":wallet', 'EUR', 0, '" + name + "')");

        TallyCliTests.Run refused = clients("remove", name);
        database("UPDATE accounts SET closed = true WHERE owner = '" + name + "'");
        TallyCliTests.Run removed = clients("remove", name);
        TallyCliTests.Run again = clients("remove", name);

        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("owns 1 open account(s) and 0 pending hold(s)");
        assertThat(removed.exitCode()).as(removed.err()).isZero();
        assertThat(removed.out()).contains("credential SCRAM-SHA-512 for User:" + name + ": deleted")
                .contains("acls: 8 deleted").contains("topic " + ClientTopics.commands(name) + ": deleted")
                .contains("client " + name + " removed");
        assertThat(again.out()).contains("client " + name + " does not exist; nothing changed");
        assertThat(clients("list").out()).doesNotContain(name);
        // Its name stays taken: the database remembers the account.
        assertThat(clients("add", name).err()).contains("was used before");
    }

    private static TallyCliTests.Run clients(String... arguments) {
        List<String> all = new ArrayList<>(List.of("clients"));
        all.addAll(List.of(arguments));
        all.addAll(List.of("--bootstrap", broker.bootstrap(), "--command-config", operatorConfig.toString(),
                "--commands-topic", OPERATOR_COMMANDS, "--results-topic", OPERATOR_RESULTS));
        if (!arguments[0].equals("list")) {
            all.addAll(List.of("--db-url", jdbcUrl));
        }
        return TallyCliTests.tally(all.toArray(String[]::new));
    }

    private static String newName(String stem) {
        return stem + "-" + ProcessHandle.current().pid() + "-" + (++names);
    }

    private static Path passwordFile(String password) throws Exception {
        Path file = Files.createTempFile(directory, "password", ".txt");
        Files.writeString(file, password + "\n", StandardCharsets.UTF_8);
        return file;
    }

    private static Map<String, Object> clientProperties(String user, String password) {
        Map<String, Object> properties = new HashMap<>(broker.adminProperties());
        properties.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                + "username=\"" + user + "\" password=\"" + password + "\";");
        return properties;
    }

    private static KafkaProducer<String, String> producer(Map<String, Object> properties) {
        Map<String, Object> config = new HashMap<>(properties);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(Map<String, Object> properties) {
        Map<String, Object> config = new HashMap<>(properties);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }

    private static void database(String sql) throws Exception {
        TallyServices services = TallyServices.get();
        try (Connection connection = DriverManager.getConnection(jdbcUrl, services.jdbcUser(),
                services.jdbcPassword()); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static int version(Path migration) {
        String file = migration.getFileName().toString();
        return Integer.parseInt(file.substring(1, file.indexOf("__")));
    }

}
