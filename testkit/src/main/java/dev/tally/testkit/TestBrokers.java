package dev.tally.testkit;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The tests' Kafka broker: one named by {@code TALLY_TEST_KAFKA_BOOTSTRAP} and checked to answer, a Testcontainers
 * {@code apache/kafka:4.1.1} when Docker answers, or a single-node KRaft broker inside this JVM.
 */
final class TestBrokers {

    static final String KAFKA_IMAGE = "apache/kafka:4.1.1";

    private TestBrokers() {
    }

    static void checkReachable(String bootstrap) {
        // Failing here, with the variable's name, is clearer than every producer timing out later.
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        try (Admin admin = Admin.create(config)) {
            admin.describeCluster().clusterId().get(15, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while checking the Kafka broker at " + bootstrap, ex);
        }
        catch (Exception ex) {
            throw new IllegalStateException("No Kafka broker reachable at TALLY_TEST_KAFKA_BOOTSTRAP=" + bootstrap
                    + "; start it or unset the variable to use Docker or an in-JVM broker", ex);
        }
    }

    static String startContainer(Cleanups cleanups) {
        // The container already sets replication factor 1 for internal topics; turning off automatic topic
        // creation makes it behave like the in-JVM broker, so a test that forgets to create a topic fails
        // everywhere, not only without Docker.
        KafkaContainer container = new KafkaContainer(KAFKA_IMAGE)
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
        container.start();
        cleanups.add("stop " + KAFKA_IMAGE + " container", container::stop);
        return container.getBootstrapServers();
    }

    static String startEmbedded(Cleanups cleanups) {
        EmbeddedKafkaKraftBroker broker = startEmbeddedBroker();
        cleanups.add("destroy in-JVM Kafka broker", broker::destroy);
        return broker.getBrokersAsString();
    }

    /**
     * Starts a single-node KRaft broker inside this JVM, on a free localhost port, configured so that Kafka
     * transactions work on one node. The caller destroys it.
     */
    static EmbeddedKafkaKraftBroker startEmbeddedBroker() {
        return startEmbeddedBroker(Map.of());
    }

    /** {@link #startEmbeddedBroker()} with more broker settings, which win over the ones it makes. */
    static EmbeddedKafkaKraftBroker startEmbeddedBroker(Map<String, String> settings) {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 12);
        // With one broker the defaults of 3 leave the transaction log without replicas, and initTransactions()
        // then waits 60 s for a producer id; the other settings make groups start at once and topics explicit.
        broker.brokerProperty("transaction.state.log.replication.factor", "1");
        broker.brokerProperty("transaction.state.log.min.isr", "1");
        broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
        broker.brokerProperty("auto.create.topics.enable", "false");
        broker.brokerProperty("offsets.topic.replication.factor", "1");
        settings.forEach(broker::brokerProperty);
        broker.afterPropertiesSet();
        return broker;
    }
}
