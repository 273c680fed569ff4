package dev.tally.bench.clients;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;

import dev.tally.bench.Figures;
import dev.tally.bench.LoadRun;
import dev.tally.bench.Testbed;
import dev.tally.bench.closedloop.ClosedLoop;
import dev.tally.bench.latency.LatencyScenario;
import dev.tally.contracts.ClientTopics;
import dev.tally.contracts.Topics;
import dev.tally.testkit.WorkerProcess;

/**
 * The comparison: on one worker, closed-loop throughput and open-loop latency at 1,000/s with uniform
 * transfers on the operator's topic, then the same spread over {@value #CLIENTS} clients' topics ({@code bench-0}
 * to {@code bench-9}). Each client opens its own accounts on its own topic (so it owns them), is funded by the
 * operator from an unbounded account, moves money between its own accounts and reads its own results topic
 * ({@code tally load --clients}). The clients' topics are made before the worker starts as {@code tally clients add}
 * makes them, with the operator's partition counts; the broker is the benchmark's plain one, without ACLs.
 */
public final class ClientsScenario {

    public static final int CLIENTS = 10;
    public static final String CLIENT_PREFIX = "bench";

    private ClientsScenario() {
    }

    /** @return how many of its loads failed or were not verified */
    public static int run(Testbed bed, Figures figures) throws Exception {
        createTopics(bed.bootstrap());
        int count = ClosedLoop.count(bed.scale());
        int seconds = Math.max(5, (int) (15 * bed.scale()));
        String warmup = "--warmup=" + LatencyScenario.loadWarmupSeconds(bed.scale()) + "s";
        List<String> overClients = List.of("--clients", Integer.toString(CLIENTS), "--client-prefix",
                CLIENT_PREFIX);
        List<LoadRun> loads = List.of(
                LatencyScenario.rate("warm-up", "warm-up, 1,000/s uniform, clients' worker (not counted)", null,
                        1_000, Math.max(5, seconds / 2)),
                closedLoop(ClientsComparison.CLOSED_OPERATOR, ClosedLoop.transfers(count, "0")),
                closedLoop(ClientsComparison.CLOSED_CLIENTS, with(ClosedLoop.transfers(count, "0"), overClients)),
                openLoop(ClientsComparison.OPEN_OPERATOR, LatencyScenario.rate("clients", "", null, 1_000, seconds,
                        warmup)),
                openLoop(ClientsComparison.OPEN_CLIENTS, LatencyScenario.rate("clients", "", null, 1_000, seconds,
                        with(List.of(warmup), overClients).toArray(String[]::new))));
        int failures = 0;
        bed.step("Clients: one worker, the operator's topic against " + CLIENTS + " clients' topics");
        try (WorkerProcess worker = bed.startWorker("clients")) {
            for (LoadRun load : loads) {
                if (!load.run(bed, worker, figures)) {
                    failures++;
                }
            }
        }
        ClientsComparison comparison = ClientsComparison.of(figures.rows());
        if (comparison != null) {
            bed.out().print(comparison.table());
        }
        return failures;
    }

    private static LoadRun closedLoop(String name, List<String> args) {
        return new LoadRun("clients", name, null, 0, Testbed.ACCOUNTS, args);
    }

    /** {@code rate}'s load under {@code name}, in this scenario's group. */
    private static LoadRun openLoop(String name, LoadRun rate) {
        return new LoadRun("clients", name, null, rate.offered(), rate.accounts(), rate.args());
    }

    private static List<String> with(List<String> args, List<String> more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(more);
        return List.copyOf(all);
    }

    /** Each client's commands, results and dead-letter topics, with the operator's partition counts. */
    private static void createTopics(String bootstrap) throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<String, TopicDescription> operator = admin.describeTopics(List.of(Topics.COMMANDS, Topics.RESULTS))
                    .allTopicNames().get();
            int commands = operator.get(Topics.COMMANDS).partitions().size();
            int results = operator.get(Topics.RESULTS).partitions().size();
            var existing = admin.listTopics().names().get();
            List<NewTopic> topics = IntStream.range(0, CLIENTS).mapToObj(i -> CLIENT_PREFIX + "-" + i)
                    .flatMap(name -> List.of(new NewTopic(ClientTopics.commands(name), commands, (short) 1),
                            new NewTopic(ClientTopics.results(name), results, (short) 1),
                            new NewTopic(ClientTopics.deadLetters(name), commands, (short) 1)).stream())
                    .filter(topic -> !existing.contains(topic.name())).toList();
            admin.createTopics(topics).all().get();
        }
    }
}
