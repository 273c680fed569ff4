package dev.tally.worker.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import dev.tally.worker.WorkerSettings;
import dev.tally.worker.ledger.TopicIds;

/**
 * Serves a client's commands only while its results and dead-letter topics exist and are writable (contract v1.2).
 * Checked when the client's partitions are assigned and again after a send to one of its topics failed; a client that
 * cannot be served is paused alone — its partitions paused in the consumer, its records left undecided — named in
 * health, logged as a warning at each re-check, and resumed once a re-check finds its topics usable. The operator and
 * every other client go on meanwhile.
 *
 * <p>Pausing goes through the listener container ({@link MessageListenerContainer#pausePartition}), which applies it
 * before its next poll and keeps it across rebalances. A poll returned before that, holding records of a paused
 * client, is refused by the listener ({@link ClientPausedException}) and read again without them.
 *
 * <p>The same assignment-time description tells {@link TopicIds} each commands topic's Kafka id.
 */
public class ClientGate implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClientGate.class);
    static final String LISTENER_ID = "tally-commands";

    private final ClientRoutes routes;
    private final TopicCheck check;
    private final TopicIds topicIds;
    private final ObjectProvider<KafkaListenerEndpointRegistry> registry;
    private final ScheduledExecutorService rechecks;
    private final Duration recheckInterval;
    /** Why each paused client is paused. */
    private final Map<String, String> paused = new ConcurrentHashMap<>();
    /** The partitions whose pause was requested for each paused client, to resume them. */
    private final Map<String, Set<TopicPartition>> pausedPartitions = new HashMap<>();
    private volatile boolean anyPaused;

    ClientGate(ClientRoutes routes, TopicCheck check, TopicIds topicIds,
               ObjectProvider<KafkaListenerEndpointRegistry> registry, WorkerSettings.ClientSettings settings) {
        this.routes = routes;
        this.check = check;
        this.topicIds = topicIds;
        this.registry = registry;
        this.rechecks = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "tally-client-recheck");
            thread.setDaemon(true);
            return thread;
        });
        this.recheckInterval = settings.recheckInterval();
        long intervalMs = recheckInterval.toMillis();
        rechecks.scheduleWithFixedDelay(this::recheck, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    /** The clients paused now, each with the reason, by name; empty when none. */
    public Map<String, String> paused() {
        return new TreeMap<>(paused);
    }

    /** Whether any client is paused: the listener looks for their records only then. */
    boolean anyPaused() {
        return anyPaused;
    }

    boolean isPaused(String client) {
        return paused.containsKey(client);
    }

    /**
     * Partitions newly assigned to a consumer of this instance (on its thread, before it returns their records):
     * learns each topic's id, and pauses the partitions of clients that cannot be served.
     */
    void assigned(Collection<TopicPartition> partitions) {
        Set<String> topics = new LinkedHashSet<>();
        partitions.forEach(partition -> topics.add(partition.topic()));
        Set<String> described = new LinkedHashSet<>(topics);
        for (String topic : topics) {
            ClientRoutes.Route route = routes.route(topic);
            if (!route.operator() && !isPaused(route.client())) {
                described.add(route.results());
                described.add(route.deadLetters());
            }
        }
        TopicCheck.Findings findings = check.describe(described);
        for (String topic : topics) {
            if (findings.ids().containsKey(topic)) {
                topicIds.learned(topic, findings.ids().get(topic));
            }
        }
        for (String topic : topics) {
            ClientRoutes.Route route = routes.route(topic);
            if (route.operator()) {
                continue;
            }
            String problem = isPaused(route.client()) ? paused.get(route.client()) : problem(route, findings);
            if (problem != null) {
                pause(route.client(), problem, partitions.stream().filter(p -> p.topic().equals(topic)).toList());
            }
        }
    }

    /**
     * A result or dead letter could not be sent to {@code topic}: if it is a client's topic, and the failure says the
     * topic itself cannot take records, that client is paused. Any other failure (the poll's transaction aborted,
     * fenced or refused in a rebalance; the broker away) is the whole poll's, retried as before.
     */
    void sendFailed(String topic, Exception failure) {
        String client = routes.clientOfOutput(topic);
        if (client == null || !topicUnusable(failure)) {
            return;
        }
        String commands = routes.commands(client);
        MessageListenerContainer container = container();
        List<TopicPartition> assigned = container == null ? List.of() : container.getAssignedPartitions().stream()
                .filter(partition -> partition.topic().equals(commands)).toList();
        pause(client, "a record to " + topic + " could not be sent: " + failure, assigned);
    }

    /** The listener found records of a paused client in its poll: they must not come again until it resumes. */
    void holdBack(String client, Collection<TopicPartition> partitions) {
        pause(client, paused.getOrDefault(client, "paused"), partitions);
    }

    private synchronized void pause(String client, String reason, Collection<TopicPartition> partitions) {
        MessageListenerContainer container = container();
        if (container != null) {
            partitions.forEach(container::pausePartition);
        }
        pausedPartitions.computeIfAbsent(client, name -> new HashSet<>()).addAll(partitions);
        if (paused.put(client, reason) == null) {
            log.warn("client {} is paused: {}; its commands wait until a check (every {}) finds its results and "
                    + "dead-letter topics writable", client, reason, recheckInterval);
        }
        anyPaused = true;
    }

    private synchronized void resume(String client) {
        MessageListenerContainer container = container();
        Set<TopicPartition> partitions = pausedPartitions.remove(client);
        if (container != null && partitions != null) {
            partitions.forEach(container::resumePartition);
        }
        paused.remove(client);
        anyPaused = !paused.isEmpty();
        log.info("client {}: its results and dead-letter topics are writable; its commands are read again", client);
    }

    /** Checks every paused client again, on its own thread, every {@code tally.worker.clients.recheck-interval}. */
    void recheck() {
        try {
            for (String client : paused().keySet()) {
                ClientRoutes.Route route = routes.route(routes.commands(client));
                TopicCheck.Findings findings = check.describe(List.of(route.results(), route.deadLetters()));
                String problem = problem(route, findings);
                if (problem == null) {
                    resume(client);
                } else {
                    paused.replace(client, problem);
                    log.warn("client {} stays paused: {}", client, problem);
                }
            }
        } catch (RuntimeException e) {
            log.warn("the paused clients could not be checked again: {}", e.toString());
        }
    }

    /** Whether a send failed because its topic is missing, invalid or not writable by the worker. */
    static boolean topicUnusable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnknownTopicOrPartitionException || cause instanceof TopicAuthorizationException
                    || cause instanceof InvalidTopicException) {
                return true;
            }
            // How the producer's wait for a missing topic's metadata ends (max.block.ms, 60 s by default).
            if (cause instanceof org.apache.kafka.common.errors.TimeoutException
                    && String.valueOf(cause.getMessage()).contains("not present in metadata")) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    private static String problem(ClientRoutes.Route route, TopicCheck.Findings findings) {
        String results = findings.problems().get(route.results());
        String deadLetters = findings.problems().get(route.deadLetters());
        return results != null && deadLetters != null ? results + "; " + deadLetters
                : results != null ? results : deadLetters;
    }

    private MessageListenerContainer container() {
        KafkaListenerEndpointRegistry listeners = registry.getIfAvailable();
        return listeners == null ? null : listeners.getListenerContainer(LISTENER_ID);
    }

    @Override
    public void close() {
        rechecks.shutdownNow();
        check.close();
    }
}
