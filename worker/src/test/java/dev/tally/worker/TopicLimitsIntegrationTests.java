package dev.tally.worker;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
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
 * Topics that exist before the worker keep their own {@code max.message.bytes}. Here the dead-letter topic takes
 * only 100,000 bytes (a dead letter of a 1 MiB command would be refused by the broker on every attempt, stopping its
 * partition for good) and the results topic 1,000 bytes. The worker must refuse to start its listener, and say so:
 * readiness DOWN with a {@code topicLimits} component naming both topics, the listener not running, liveness UP
 * (a restart would not help).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class TopicLimitsIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TOPIC_PREFIX = KafkaTopics.unique("limits");

    @LocalServerPort
    private int port;

    @Autowired
    private KafkaListenerEndpointRegistry listeners;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) throws Exception {
        TallyServices services = TallyServices.get();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                services.kafkaBootstrap()))) {
            admin.createTopics(List.of(
                    new NewTopic(TOPIC_PREFIX + ".commands.DLT", 1, (short) 1)
                            .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "100000")),
                    new NewTopic(TOPIC_PREFIX + ".results", 1, (short) 1)
                            .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "1000"))))
                    .all().get(60, TimeUnit.SECONDS);
        }
        WorkerIntegrationTest.registerWorker(registry, TOPIC_PREFIX, services::jdbcUrl, services::jdbcUser,
                services::jdbcPassword, services::kafkaBootstrap);
    }

    @Test
    void refusesToStartTheListenerWhenDeadLettersOrResultsWouldNotFitTheirTopics() {
        await().atMost(WorkerIntegrationTest.TIMEOUT).untilAsserted(() -> {
            HttpResponse<String> readiness = get("/actuator/health/readiness");
            assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(503);
            assertThat(component(readiness, "topicLimits").path("status").asString()).isEqualTo("DOWN");
        });
        String problems = component(get("/actuator/health/readiness"), "topicLimits").path("details")
                .path("problems").toString();
        assertThat(problems).contains("topic " + TOPIC_PREFIX + ".commands.DLT has max.message.bytes=100000")
                .contains("topic " + TOPIC_PREFIX + ".results has max.message.bytes=1000");
        assertThat(listeners.getListenerContainer("tally-commands").isRunning()).isFalse();
        HttpResponse<String> liveness = get("/actuator/health/liveness");
        assertThat(liveness.statusCode()).as(liveness.body()).isEqualTo(200);
    }

    private static JsonNode component(HttpResponse<String> health, String name) {
        return JSON.readTree(health.body()).path("components").path(name);
    }

    private HttpResponse<String> get(String path) {
        return WebWorkerIntegrationTest.get(port, path, "application/json");
    }
}
