package dev.tally.worker;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.OpenAccount;
import dev.tally.contracts.Result;
import dev.tally.contracts.Transfer;
import dev.tally.testkit.KafkaTopics;
import dev.tally.testkit.TallyServices;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A failure that does not clear by itself: after the worker started, the results topic's {@code max.message.bytes}
 * is cut to 100 bytes, so the broker refuses every result. The poll holding a transfer fails on each attempt after its
 * database commit; it must never be skipped, and the worker must say which partition is stuck and why (readiness
 * DOWN, component {@code failingPolls}). Once the topic takes results again, the transfer's result appears exactly
 * once (not a replay), the money has moved once, and readiness is UP again.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tally.worker.retry.initial-interval=50ms", "tally.worker.retry.max-interval=500ms"})
@DirtiesContext
class RefusedResultIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TOPIC_PREFIX = KafkaTopics.unique("refused");

    @RegisterExtension
    static final SeparateWorker worker = new SeparateWorker(TOPIC_PREFIX);

    @LocalServerPort
    private int port;

    @Autowired
    private JdbcClient jdbc;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        worker.register(registry);
    }

    @Test
    void aPartitionWhoseResultsTheBrokerRefusesIsReportedStuckAndResumesExactlyOnceWhenTheyFit() throws Exception {
        WorkerHarness harness = worker.harness();
        AccountId bank = new AccountId("bank-" + TOPIC_PREFIX.substring(8));
        AccountId alice = new AccountId("alice-" + TOPIC_PREFIX.substring(8));
        assertThat(worker.decide(OpenAccount.unbounded(CommandId.random(), bank, "EUR")).applied()).isTrue();
        assertThat(worker.decide(OpenAccount.bounded(CommandId.random(), alice, "EUR", 0)).applied()).isTrue();
        awaitReadiness(200);

        Transfer transfer = new Transfer(CommandId.random(), bank, alice, 300, "EUR", "refused at first");
        resultsMaxMessageBytes(AlterConfigOp.OpType.SET);
        try {
            harness.send(transfer);
            JsonNode down = awaitReadiness(503).path("components").path("failingPolls");
            assertThat(down.path("status").asString()).as(down.toString()).isEqualTo("DOWN");
            assertThat(down.path("details").toString()).contains(TOPIC_PREFIX + ".commands-")
                    .contains("RecordTooLargeException");
            assertThat(harness.results(transfer.id())).isEmpty();
        } finally {
            resultsMaxMessageBytes(AlterConfigOp.OpType.DELETE);
        }

        await().atMost(WorkerIntegrationTest.TIMEOUT).until(() -> !harness.results(transfer.id()).isEmpty());
        awaitReadiness(200);
        List<Result> results = harness.results(transfer.id());
        assertThat(results).hasSize(1);
        assertThat(results.get(0).applied()).isTrue();
        assertThat(results.get(0).replay()).isFalse();
        assertThat(jdbc.sql("SELECT balance FROM accounts WHERE id = ?").param(alice.value()).query(Long.class)
                .single()).isEqualTo(300);
    }

    private static void resultsMaxMessageBytes(AlterConfigOp.OpType op) throws Exception {
        ConfigResource results = new ConfigResource(ConfigResource.Type.TOPIC, TOPIC_PREFIX + ".results");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TallyServices.get().kafkaBootstrap()))) {
            admin.incrementalAlterConfigs(Map.of(results, List.of(new AlterConfigOp(
                    new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "100"), op))))
                    .all().get(60, TimeUnit.SECONDS);
        }
    }

    private JsonNode awaitReadiness(int status) {
        await().atMost(WorkerIntegrationTest.TIMEOUT).untilAsserted(() -> {
            HttpResponse<String> readiness = WebWorkerIntegrationTest.get(port, "/actuator/health/readiness",
                    "application/json");
            assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(status);
        });
        return JSON.readTree(WebWorkerIntegrationTest.get(port, "/actuator/health/readiness", "application/json")
                .body());
    }
}
