package dev.tally.bench.rolling;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.tally.bench.Testbed;
import dev.tally.testkit.WorkerProcess;

/**
 * What the rolling restart waits for and asks about: a worker that owns partitions, the load's measured part, and
 * the consumer group as the broker describes it.
 */
final class GroupWatch {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The load's progress line once the measured part runs (after its warm-up). */
    private static final Pattern MEASURING = Pattern.compile("(?m)^\\s*\\d+s\\s+transfers\\s");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final String bootstrap;
    private final PrintWriter out;
    private final HttpClient http = HttpClient.newHttpClient();

    GroupWatch(String bootstrap, PrintWriter out) {
        this.bootstrap = bootstrap;
        this.out = out;
    }

    /** Waits until the load's progress line says its measured part runs (its set-up and warm-up are over). */
    void awaitMeasuring(Process load, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && MEASURING.matcher(Files.readString(log)).find()) {
                return;
            }
            if (!load.isAlive()) {
                throw new IllegalStateException("the load exited with code " + load.exitValue() + " before its "
                        + "measured part; see " + log);
            }
            // Polling a child's log: there is no event to wait on.
            load.waitFor(200, TimeUnit.MILLISECONDS);
        }
        throw new IllegalStateException("the load's measured part did not start within 300 s; see " + log);
    }

    /**
     * Waits until the worker's readiness endpoint says UP and its command listener owns at least one partition:
     * started, and taken into the group's assignment.
     */
    void awaitOwningPartitions(WorkerProcess worker) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            Integer port = Testbed.port(worker.log());
            if (port != null) {
                try {
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                                    URI.create("http://localhost:" + port + "/actuator/health/readiness"))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                    last = response.body();
                    JsonNode health = JSON.readTree(response.body());
                    JsonNode assigned = health.at("/components/commandListener/details/assignedPartitions");
                    if ("UP".equals(health.path("status").asString("")) && assigned.asInt(0) > 0) {
                        return;
                    }
                } catch (IOException | RuntimeException notYet) {
                    last = notYet.toString();
                }
            }
            // Polling an HTTP endpoint: there is no event to wait on.
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new IllegalStateException("the worker logging to " + worker.log() + " owned no partitions within "
                + READY_TIMEOUT.toSeconds() + " s; its readiness said: " + last);
    }

    /** The group's type and members as the broker describes them, printed; and the broker's group.version. */
    String describeGroup(String group) throws InterruptedException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            FinalizedVersionRange groupVersion = admin.describeFeatures().featureMetadata().get()
                    .finalizedFeatures().get("group.version");
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all().get()
                    .get(group);
            String type = description.type().toString();
            out.printf(Locale.ROOT, "    group %s: type %s, %d members, state %s (broker group.version %s)%n", group,
                    type, description.members().size(), description.groupState(),
                    groupVersion == null ? "not set" : groupVersion.maxVersionLevel());
            return type;
        } catch (ExecutionException e) {
            return "unknown (" + e.getCause().getMessage() + ")";
        }
    }
}
