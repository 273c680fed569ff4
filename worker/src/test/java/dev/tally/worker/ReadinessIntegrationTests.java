package dev.tally.worker;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.tally.testkit.KafkaTopics;
import dev.tally.testkit.OwnedPostgres;
import dev.tally.testkit.TallyServices;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Readiness follows the worker's dependencies: it goes DOWN while the database is stopped (a PostgreSQL server this
 * test owns, stopped as abruptly as a crash) and UP again once it is back, and DOWN while the command listener is
 * stopped; liveness stays UP throughout, so that an orchestrator stops routing to the worker but does not restart it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class ReadinessIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TOPIC_PREFIX = KafkaTopics.unique("ready");
    private static OwnedPostgres postgres;

    @LocalServerPort
    private int port;

    @Autowired
    private KafkaListenerEndpointRegistry listeners;

    /** A worker of its own: its own database server, and topics and a group no other test's worker shares. */
    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        if (postgres == null) {
            postgres = OwnedPostgres.start();
        }
        WorkerIntegrationTest.registerWorker(registry, TOPIC_PREFIX, postgres::jdbcUrl, postgres::user, () -> "",
                () -> TallyServices.get().kafkaBootstrap());
    }

    @AfterAll
    static void stopPostgres() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void readinessGoesDownWhileTheDatabaseIsStoppedAndUpWhenItIsBack() {
        awaitReadiness(200, "UP");
        assertThat(component(readiness(), "db")).isEqualTo("UP");
        assertThat(component(readiness(), "kafka")).isEqualTo("UP");
        assertThat(component(readiness(), "commandListener")).isEqualTo("UP");

        postgres.stop();
        try {
            JsonNode down = awaitReadiness(503, "DOWN");
            assertThat(component(down, "db")).isEqualTo("DOWN");
            assertThat(component(down, "kafka")).isEqualTo("UP");
            assertLive();
        } finally {
            postgres.startAgain();
        }

        awaitReadiness(200, "UP");
        assertLive();
        // The connection pool recovered too: the read API reaches the database again.
        assertThat(get("/accounts/nobody").statusCode()).isEqualTo(404);
    }

    @Test
    void readinessGoesDownWhileTheCommandListenerIsStopped() {
        awaitReadiness(200, "UP");
        MessageListenerContainer container = listeners.getListenerContainer("tally-commands");

        container.stop();
        try {
            JsonNode down = awaitReadiness(503, "DOWN");
            assertThat(component(down, "commandListener")).isEqualTo("DOWN");
            assertThat(component(down, "db")).isEqualTo("UP");
            assertLive();
        } finally {
            container.start();
        }

        awaitReadiness(200, "UP");
    }

    private JsonNode awaitReadiness(int status, String state) {
        await().atMost(WorkerIntegrationTest.TIMEOUT).untilAsserted(() -> {
            HttpResponse<String> response = get("/actuator/health/readiness");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
            assertThat(JSON.readTree(response.body()).get("status").asString()).isEqualTo(state);
        });
        return readiness();
    }

    private JsonNode readiness() {
        return JSON.readTree(get("/actuator/health/readiness").body());
    }

    private void assertLive() {
        HttpResponse<String> liveness = get("/actuator/health/liveness");
        assertThat(liveness.statusCode()).as(liveness.body()).isEqualTo(200);
        assertThat(JSON.readTree(liveness.body()).get("status").asString()).isEqualTo("UP");
    }

    private static String component(JsonNode health, String name) {
        JsonNode component = health.path("components").path(name).path("status");
        return component.isMissingNode() ? "(missing: " + health + ")" : component.asString();
    }

    private HttpResponse<String> get(String path) {
        return WebWorkerIntegrationTest.get(port, path, "application/json");
    }
}
