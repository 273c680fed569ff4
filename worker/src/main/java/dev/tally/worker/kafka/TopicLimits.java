package dev.tally.worker.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

import dev.tally.worker.WorkerSettings;

/**
 * Checks at start-up, before the command listener starts, that every record the worker may have to write fits the
 * topics as they exist — an existing topic keeps its own {@code max.message.bytes}, whatever the worker would have
 * created it with. A record the broker refuses would fail its poll's transaction on every attempt and stop its
 * partition for good, so a misfit is refused up front instead:
 * <ul>
 *   <li>the dead-letter topic must take a copy of the largest record the commands topic accepts, plus the headers
 *       the worker adds ({@link #DEAD_LETTER_HEADROOM_BYTES}), and so must the worker's producer
 *       ({@code max.request.size});</li>
 *   <li>the results topic must take {@link #MIN_RESULT_MESSAGE_BYTES} (a result is at most a few KiB).</li>
 * </ul>
 * On a misfit the listener is not started, the problems are logged as errors, and the readiness component
 * {@code topicLimits} is DOWN with them. When the broker does not answer within {@link #CHECK_TIMEOUT}, the check
 * is left {@linkplain State#UNKNOWN unknown} (logged) and the listener starts as before.
 */
@Component
public class TopicLimits implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TopicLimits.class);
    static final int DEAD_LETTER_HEADROOM_BYTES = 16 * 1024;
    static final int MIN_RESULT_MESSAGE_BYTES = 64 * 1024;
    static final Duration CHECK_TIMEOUT = Duration.ofSeconds(30);
    private static final String LISTENER_ID = "tally-commands";

    /** What the start-up check found. */
    public enum State { UNKNOWN, FIT, MISFIT }

    private final KafkaProperties properties;
    private final WorkerSettings settings;
    private final ObjectProvider<KafkaListenerEndpointRegistry> registry;
    private volatile State state = State.UNKNOWN;
    private volatile List<String> problems = List.of();
    private volatile boolean running;

    /**
     * The registry comes through a provider: a lifecycle bean's dependencies are started before it, and the registry
     * must start after this check.
     */
    TopicLimits(KafkaProperties properties, WorkerSettings settings,
                ObjectProvider<KafkaListenerEndpointRegistry> registry) {
        this.properties = properties;
        this.settings = settings;
        this.registry = registry;
    }

    public State state() {
        return state;
    }

    /** Each limit that does not fit, as a sentence naming the topic, the setting and both sizes; never null. */
    public List<String> problems() {
        return problems;
    }

    @Override
    public void start() {
        running = true;
        Map<String, Integer> maxMessageBytes;
        try {
            maxMessageBytes = maxMessageBytes();
        } catch (Exception e) {
            log.warn("the topics' max.message.bytes could not be read within {} ({}); starting the listener "
                    + "without checking that results and dead letters fit", CHECK_TIMEOUT, e.toString());
            return;
        }
        List<String> found = problems(maxMessageBytes, KafkaConfiguration.MAX_RECORD_BYTES);
        problems = found;
        state = found.isEmpty() ? State.FIT : State.MISFIT;
        if (!found.isEmpty()) {
            found.forEach(problem -> log.error("{}; the command listener is not started", problem));
            MessageListenerContainer listener = registry.getObject().getListenerContainer(LISTENER_ID);
            if (listener != null) {
                listener.setAutoStartup(false);
            }
        }
    }

    /** The problems of these topic limits, given the producer's {@code max.request.size}. */
    List<String> problems(Map<String, Integer> maxMessageBytes, int maxRequestBytes) {
        WorkerSettings.TopicSettings topics = settings.topics();
        List<String> found = new ArrayList<>();
        int needed = maxMessageBytes.get(topics.commands()) + DEAD_LETTER_HEADROOM_BYTES;
        int deadLetters = maxMessageBytes.get(topics.deadLetters());
        if (deadLetters < needed) {
            found.add("topic " + topics.deadLetters() + " has max.message.bytes=" + deadLetters + ", but a dead "
                    + "letter of the largest record " + topics.commands() + " accepts needs " + needed
                    + "; raise it (kafka-configs --alter --entity-type topics --entity-name " + topics.deadLetters()
                    + " --add-config max.message.bytes=" + needed + ")");
        }
        if (maxRequestBytes < needed) {
            found.add("the producer's max.request.size is " + maxRequestBytes + ", but a dead letter of the largest "
                    + "record " + topics.commands() + " accepts needs " + needed + "; lower max.message.bytes of "
                    + topics.commands() + " to at most " + (maxRequestBytes - DEAD_LETTER_HEADROOM_BYTES));
        }
        int results = maxMessageBytes.get(topics.results());
        if (results < MIN_RESULT_MESSAGE_BYTES) {
            found.add("topic " + topics.results() + " has max.message.bytes=" + results + ", but results need "
                    + MIN_RESULT_MESSAGE_BYTES + "; raise it");
        }
        return found;
    }

    private Map<String, Integer> maxMessageBytes() throws Exception {
        Map<String, Object> config = properties.buildAdminProperties();
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "tally-worker-topic-limits");
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CHECK_TIMEOUT.toMillis());
        WorkerSettings.TopicSettings topics = settings.topics();
        List<ConfigResource> resources = List.of(topics.commands(), topics.results(), topics.deadLetters()).stream()
                .distinct().map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
        try (Admin admin = Admin.create(config)) {
            Map<ConfigResource, Config> configs =
                    admin.describeConfigs(resources).all().get(CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Map<String, Integer> sizes = new java.util.HashMap<>();
            configs.forEach((resource, topicConfig) -> {
                ConfigEntry entry = topicConfig.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
                sizes.put(resource.name(), Integer.parseInt(entry.value()));
            });
            return sizes;
        }
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Just before the listener containers, after the topics were created. */
    @Override
    public int getPhase() {
        return AbstractMessageListenerContainer.DEFAULT_PHASE - 1;
    }
}
