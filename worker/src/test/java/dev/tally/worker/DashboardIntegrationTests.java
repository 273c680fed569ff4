package dev.tally.worker;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.Transfer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Grafana dashboard shipped in {@code docker/grafana/dashboards} cannot silently rot: every metric its queries
 * read, and every label they filter or group by, is in the Prometheus scrape of a running worker that processed
 * commands. A renamed metric or tag fails here instead of leaving an empty panel.
 */
class DashboardIntegrationTests extends WebWorkerIntegrationTest {

    static final Path DASHBOARDS = Path.of("..", "docker", "grafana", "dashboards").toAbsolutePath().normalize();

    private static final String PROMETHEUS = "text/plain;version=0.0.4";

    /** A series line of the text format: name, optional labels. */
    private static final Pattern SERIES = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)})? ");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");

    @Test
    void everyMetricAndLabelTheDashboardQueriesIsExposedByTheWorker() throws IOException {
        AccountId alice = openFunded("alice", 1_000);
        AccountId bob = open("bob", "EUR", 0);
        assertThat(decide(new Transfer(CommandId.random(), alice, bob, 10, "EUR", null)).applied()).isTrue();
        List<String> queries = queries();
        assertThat(queries).as("queries of the dashboard").hasSizeGreaterThan(10);
        Map<String, Set<String>> wanted = new LinkedHashMap<>();
        for (String query : queries) {
            PromQl.references(query).forEach((metric, labels) ->
                    wanted.computeIfAbsent(metric, name -> new LinkedHashSet<>()).addAll(labels));
        }
        assertThat(wanted).containsKeys("tally_commands_total", "tally_apply_latency_seconds_bucket",
                "tally_dead_letters_total", "hikaricp_connections_active", "jvm_memory_used_bytes");

        // The Kafka clients' metrics appear once the consumers fetched; everything else exists from start-up.
        await().atMost(TIMEOUT).untilAsserted(() -> {
            Map<String, Set<String>> exposed = exposed(scrape());
            for (Map.Entry<String, Set<String>> metric : wanted.entrySet()) {
                assertThat(exposed).as("metrics of the scrape").containsKey(metric.getKey());
                assertThat(exposed.get(metric.getKey())).as("labels of %s", metric.getKey())
                        .containsAll(metric.getValue());
            }
        });
    }

    /** Every {@code expr} of every panel target of every dashboard file. */
    static List<String> queries() throws IOException {
        List<String> queries = new ArrayList<>();
        try (var files = Files.list(DASHBOARDS)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".json")).sorted().toList()) {
                JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(file,
                        StandardCharsets.UTF_8));
                collect(dashboard.get("panels"), queries);
            }
        }
        return queries;
    }

    private static void collect(JsonNode panels, List<String> queries) {
        if (panels == null) {
            return;
        }
        for (JsonNode panel : panels) {
            JsonNode targets = panel.get("targets");
            if (targets != null) {
                targets.forEach(target -> queries.add(target.get("expr").stringValue()));
            }
            collect(panel.get("panels"), queries);
        }
    }

    private static Map<String, Set<String>> exposed(String scrape) {
        Map<String, Set<String>> exposed = new LinkedHashMap<>();
        Matcher series = SERIES.matcher(scrape);
        while (series.find()) {
            Set<String> labels = exposed.computeIfAbsent(series.group(1), name -> new LinkedHashSet<>());
            if (series.group(3) != null) {
                Matcher label = LABEL.matcher(series.group(3));
                while (label.find()) {
                    labels.add(label.group(1));
                }
            }
        }
        return exposed;
    }

    private String scrape() {
        HttpResponse<String> response = get("/actuator/prometheus", PROMETHEUS);
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /**
     * Just enough PromQL to find what a query reads: the metric names, and the labels named in its matchers and in
     * its {@code by (...)} / {@code without (...)} clauses (attributed to every metric of the query).
     */
    static final class PromQl {

        private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
        private static final Pattern MATCHERS = Pattern.compile("\\{([^}]*)}");
        private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without)\\s*\\(([^)]*)\\)");
        private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
        private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*(?![a-zA-Z0-9_:])");
        private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
                "group_right", "and", "or", "unless", "bool", "offset");

        private PromQl() {
        }

        static Map<String, Set<String>> references(String query) {
            Set<String> labels = new LinkedHashSet<>();
            String text = STRING.matcher(query).replaceAll("\"\"");
            Matcher matchers = MATCHERS.matcher(text);
            while (matchers.find()) {
                Matcher name = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!=|!~|=)").matcher(matchers.group(1));
                while (name.find()) {
                    labels.add(name.group(1));
                }
            }
            text = matchers.replaceAll(" ");
            Matcher grouping = GROUPING.matcher(text);
            while (grouping.find()) {
                for (String label : grouping.group(1).split(",")) {
                    if (!label.isBlank()) {
                        labels.add(label.trim());
                    }
                }
            }
            text = RANGE.matcher(grouping.replaceAll(" ")).replaceAll(" ");
            Map<String, Set<String>> metrics = new LinkedHashMap<>();
            Matcher identifier = IDENTIFIER.matcher(text);
            while (identifier.find()) {
                String name = identifier.group();
                boolean function = text.substring(identifier.end()).stripLeading().startsWith("(");
                if (!function && !KEYWORDS.contains(name)) {
                    metrics.put(name, labels);
                }
            }
            return metrics;
        }
    }
}
