package dev.tally.worker;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.tally.testkit.KafkaTopics;
import dev.tally.testkit.TallyServices;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Readiness goes DOWN when the Kafka broker goes away — a broker this test owns and stops, never the shared one —
 * while liveness stays UP: the worker cannot read commands or publish results then, but restarting it would not help.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class BrokerOutageReadinessIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TOPIC_PREFIX = KafkaTopics.unique("broker-outage");
    private static EmbeddedKafkaKraftBroker broker;

    @LocalServerPort
    private int port;

    /** A worker of its own: its own broker, and a database and topics no other test's worker uses. */
    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        if (broker == null) {
            broker = new EmbeddedKafkaKraftBroker(1, 1);
            broker.brokerProperty("transaction.state.log.replication.factor", "1");
            broker.brokerProperty("transaction.state.log.min.isr", "1");
            broker.brokerProperty("offsets.topic.replication.factor", "1");
            broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
            broker.afterPropertiesSet();
        }
        TallyServices services = TallyServices.get();
        String database = services.createDatabase("tally_broker_outage");
        WorkerIntegrationTest.registerWorker(registry, TOPIC_PREFIX, () -> database, services::jdbcUser,
                services::jdbcPassword, broker::getBrokersAsString);
        // The consumers and producers of this worker outlive its broker; short timeouts keep its shutdown short.
        registry.add("spring.kafka.consumer.properties.default.api.timeout.ms", () -> 5_000);
        registry.add("spring.kafka.producer.properties.max.block.ms", () -> 5_000);
        registry.add("spring.kafka.listener.shutdown-timeout", () -> "5s");
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.destroy();
        }
    }

    @Test
    void readinessGoesDownWhileTheBrokerIsAwayAndLivenessStaysUp() {
        awaitReadiness(200, "UP");

        broker.destroy();

        await().atMost(WorkerIntegrationTest.TIMEOUT).untilAsserted(() -> {
            HttpResponse<String> response = get("/actuator/health/readiness");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
            JsonNode readiness = JSON.readTree(response.body());
            assertThat(readiness.path("components").path("kafka").path("status").asString()).isEqualTo("DOWN");
            assertThat(readiness.path("components").path("db").path("status").asString()).isEqualTo("UP");
        });
        HttpResponse<String> liveness = get("/actuator/health/liveness");
        assertThat(liveness.statusCode()).as(liveness.body()).isEqualTo(200);
        assertThat(JSON.readTree(liveness.body()).get("status").asString()).isEqualTo("UP");
    }

    private void awaitReadiness(int status, String state) {
        await().atMost(WorkerIntegrationTest.TIMEOUT).untilAsserted(() -> {
            HttpResponse<String> response = get("/actuator/health/readiness");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
            assertThat(JSON.readTree(response.body()).get("status").asString()).isEqualTo(state);
        });
    }

    private HttpResponse<String> get(String path) {
        return WebWorkerIntegrationTest.get(port, path, "application/json");
    }
}
