package dev.tally.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Proves that the services every other module's tests rely on are real: a database of this run's own that takes
 * writes, and a broker whose transactions a {@code read_committed} consumer can tell apart.
 */
class TallyServicesIntegrationTests {

    private static TallyServices services;

    // Resolving here rather than in a field initializer reports a missing service with the testkit's own message,
    // not as an ExceptionInInitializerError.
    @BeforeAll
    static void resolveServices() {
        services = TallyServices.get();
    }

    @Test
    void databaseIsFreshAndWritable() throws SQLException {
        try (Connection connection = services.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            ResultSet database = statement.executeQuery("SELECT current_database(), (SELECT count(*) FROM "
                    + "information_schema.tables WHERE table_schema = 'public')");
            assertThat(database.next()).isTrue();
            assertThat(database.getString(1)).matches("tally_test_\\d{14}_[a-z0-9]{6}");
            assertThat(services.jdbcUrl()).contains("/" + database.getString(1));
            assertThat(database.getLong(2)).as("tables in a fresh database").isZero();

            statement.execute("CREATE TABLE probe (id int PRIMARY KEY, note text NOT NULL)");
            assertThat(statement.executeUpdate("INSERT INTO probe VALUES (1, 'written')")).isEqualTo(1);
            ResultSet probe = statement.executeQuery("SELECT note FROM probe WHERE id = 1");
            assertThat(probe.next()).isTrue();
            assertThat(probe.getString(1)).isEqualTo("written");
        }
    }

    @Test
    void createDatabaseGivesAnotherEmptyDatabaseOnTheSameServer() throws SQLException {
        String url = services.createDatabase("tally_extra");

        assertThat(url).isNotEqualTo(services.jdbcUrl());
        try (Connection connection = DriverManager.getConnection(url, services.jdbcUser(), services.jdbcPassword());
                Statement statement = connection.createStatement()) {
            ResultSet database = statement.executeQuery("SELECT current_database()");
            assertThat(database.next()).isTrue();
            assertThat(database.getString(1)).matches("tally_extra_\\d{14}_[a-z0-9]{6}");
        }
    }

    @Test
    void readCommittedConsumerSeesOnlyCommittedTransactions() throws Exception {
        String topic = KafkaTopics.unique("testkit.transactions");
        KafkaTopics.create(services.kafkaBootstrap(), 1, topic);
        // Creating it again must be harmless, because test classes may share a fixed topic name.
        KafkaTopics.create(services.kafkaBootstrap(), 1, topic);

        Map<String, Object> producerConfig = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, services.kafkaBootstrap(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "testkit-" + UUID.randomUUID(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig)) {
            producer.initTransactions();
            // The aborted record goes first: once the consumer has the committed one, it has read past the other.
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "key", "aborted")).get();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "key", "committed")).get();
            producer.commitTransaction();
        }

        Map<String, Object> consumerConfig = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, services.kafkaBootstrap(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<String> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig)) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            // The consumer is not thread-safe, so Awaitility must poll it on this thread.
            await().atMost(Duration.ofSeconds(30)).pollInSameThread().untilAsserted(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    received.add(record.value());
                }
                assertThat(received).contains("committed");
            });
        }
        assertThat(received).containsExactly("committed");
    }

}
