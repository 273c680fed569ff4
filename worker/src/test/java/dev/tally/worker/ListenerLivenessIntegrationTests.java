package dev.tally.worker;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
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
 * A listener container whose consumers stopped abnormally never resumes by itself, so liveness must go DOWN and an
 * orchestrator restart the instance. The test makes the consumers fail fatally the way a misconfiguration does: a
 * new consumer group with {@code auto-offset-reset=none} has no offset to start from, and spring-kafka stops the
 * container on the {@code NoOffsetForPartitionException}. Liveness (and readiness) must then be DOWN, naming the
 * listener. {@code ReadinessIntegrationTests} shows the other side: a listener stopped on purpose keeps liveness UP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.kafka.consumer.auto-offset-reset=none")
@DirtiesContext
class ListenerLivenessIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TOPIC_PREFIX = KafkaTopics.unique("alive");

    @LocalServerPort
    private int port;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        TallyServices services = TallyServices.get();
        WorkerIntegrationTest.registerWorker(registry, TOPIC_PREFIX, services::jdbcUrl, services::jdbcUser,
                services::jdbcPassword, services::kafkaBootstrap);
    }

    @Test
    void livenessGoesDownWhenTheListenersConsumersStopAbnormally() {
        await().atMost(WorkerIntegrationTest.TIMEOUT).untilAsserted(() -> {
            HttpResponse<String> liveness = get("/actuator/health/liveness");
            assertThat(liveness.statusCode()).as(liveness.body()).isEqualTo(503);
            JsonNode component = JSON.readTree(liveness.body()).path("components").path("commandListenerLiveness");
            assertThat(component.path("status").asString()).as(liveness.body()).isEqualTo("DOWN");
            assertThat(component.path("details").path("listener").asString()).isEqualTo("tally-commands");
        });
        HttpResponse<String> readiness = get("/actuator/health/readiness");
        assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(503);
        assertThat(JSON.readTree(readiness.body()).path("components").path("commandListener").path("status")
                .asString()).isEqualTo("DOWN");
    }

    private HttpResponse<String> get(String path) {
        return WebWorkerIntegrationTest.get(port, path, "application/json");
    }
}
