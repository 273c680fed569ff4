package dev.tally.worker;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.Transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Prometheus scrape of a worker that processed commands: the worker's own series, the Kafka consumers' metrics
 * that the lag is computed from (with a real value once the consumers fetched), and the JVM's; and nothing exposed
 * beyond health, prometheus and info.
 */
class MetricsIntegrationTests extends WebWorkerIntegrationTest {

    private static final String PROMETHEUS = "text/plain;version=0.0.4";
    private static final Pattern LAG = Pattern.compile("(?m)^tally_consumer_lag(?:\\{[^}]*})? (\\S+)$");

    @Test
    void exposesTheWorkersMetricsAfterCommandsWereProcessed() {
        AccountId alice = openFunded("alice", 1_000);
        AccountId bob = open("bob", "EUR", 0);
        assertThat(decide(new Transfer(CommandId.random(), alice, bob, 10, "EUR", null)).applied()).isTrue();
        harness().sendRaw("x".getBytes(StandardCharsets.UTF_8), "{\"oops\"".getBytes(StandardCharsets.UTF_8));

        // The consumers' lag metric has a value as soon as they fetched from their partitions.
        await().atMost(TIMEOUT).untilAsserted(() -> {
            String scrape = scrape();
            Matcher lag = LAG.matcher(scrape);
            assertThat(lag.find()).as("tally_consumer_lag in the scrape:%n%s", scrape).isTrue();
            assertThat(Double.parseDouble(lag.group(1))).isNotNaN().isGreaterThanOrEqualTo(0);
        });
        String scrape = scrape();
        assertThat(scrape)
                .contains("tally_commands_total{")
                .contains("reason=\"INSUFFICIENT_FUNDS\"")
                .contains("tally_commands_replays_total{")
                .contains("tally_dead_letters_total{reason=\"MALFORMED_JSON\"")
                .contains("tally_batch_size_bucket{")
                .contains("tally_apply_latency_seconds_bucket{")
                .contains("kafka_consumer_fetch_manager_records_lag_max{")
                .contains("jvm_memory_used_bytes{")
                .contains("hikaricp_connections_active{")
                .contains("http_server_requests_seconds_count{");
    }

    @Test
    void exposesHealthPrometheusAndInfoOnly() {
        assertThat(get("/actuator/health", "application/json").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/info", "application/json").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/prometheus", PROMETHEUS).statusCode()).isEqualTo(200);
        for (String hidden : new String[] {"env", "beans", "metrics", "configprops", "loggers", "heapdump"}) {
            assertThat(get("/actuator/" + hidden, "application/json").statusCode()).as(hidden).isEqualTo(404);
        }
    }

    private String scrape() {
        HttpResponse<String> response = get("/actuator/prometheus", PROMETHEUS);
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
