package dev.tally.worker.health;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.TopicPartition;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import dev.tally.worker.kafka.ClientGate;
import dev.tally.worker.kafka.PollFailures;
import dev.tally.worker.kafka.TopicLimits;

/**
 * The worker's own health indicators. Their bean names make the health component names {@code kafka} and
 * {@code commandListener}, which {@code application.yml} adds to the readiness group beside {@code db}, and
 * {@code commandListenerLiveness}, which it adds to the liveness group, and {@code topicLimits} and {@code failingPolls} (readiness),
 * and {@code clientTopics} (no group).
 */
@Configuration(proxyBeanMethods = false)
class HealthConfiguration {

    /** The id of the listener whose container must run for the worker to be ready. */
    static final String COMMAND_LISTENER_ID = "tally-commands";

    /**
     * One Kafka admin client, shared by every health check, so that a probe costs a request rather than a new
     * connection. Timeouts are short: a probe must answer within a couple of seconds whether or not the broker
     * does, and reconnection attempts are capped so that a broker coming back is noticed quickly.
     */
    @Bean(destroyMethod = "close")
    Admin healthAdmin(KafkaProperties properties) {
        Map<String, Object> config = properties.buildAdminProperties();
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "tally-worker-health");
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) KafkaHealthIndicator.TIMEOUT.toMillis());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) KafkaHealthIndicator.TIMEOUT.toMillis());
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
        return Admin.create(config);
    }

    @Bean
    KafkaHealthIndicator kafkaHealthIndicator(Admin healthAdmin) {
        return new KafkaHealthIndicator(healthAdmin);
    }

    @Bean
    ListenerHealthIndicator commandListenerHealthIndicator(KafkaListenerEndpointRegistry registry) {
        return new ListenerHealthIndicator(registry, COMMAND_LISTENER_ID);
    }

    /** The health component {@code topicLimits}, in the readiness group. */
    @Bean
    HealthIndicator topicLimitsHealthIndicator(TopicLimits limits) {
        return () -> switch (limits.state()) {
            case FIT -> Health.up().build();
            case MISFIT -> Health.down().withDetail("problems", limits.problems()).build();
            case UNKNOWN -> Health.unknown().withDetail("reason", "the broker did not answer at start-up").build();
        };
    }

    /**
     * The health component {@code failingPolls}, in the readiness group: DOWN while a partition's poll has failed
     * {@link PollFailures#ATTEMPTS_BEFORE_STUCK} times or more at one offset, naming each with its error.
     */
    @Bean
    HealthIndicator failingPollsHealthIndicator(PollFailures failures) {
        return () -> {
            Map<TopicPartition, PollFailures.Failure> stuck = failures.stuck();
            if (stuck.isEmpty()) {
                return Health.up().build();
            }
            Map<String, Object> details = new LinkedHashMap<>();
            stuck.forEach((partition, failure) -> details.put(partition.toString(), Map.of(
                    "offset", failure.offset(), "failingSince", failure.since().toString(),
                    "attempts", failure.attempts(), "error", failure.error())));
            return Health.down().withDetails(details).build();
        };
    }

    /**
     * The health component {@code clientTopics}: the clients whose commands wait, paused, because their results or
     * dead-letter topic cannot be written, each with the reason. UP all the same, and in no probe group: the operator
     * and the other clients are served meanwhile, and restarting or unreadying the worker would not help.
     */
    @Bean
    HealthIndicator clientTopicsHealthIndicator(ClientGate gate) {
        return () -> {
            Map<String, String> paused = gate.paused();
            return paused.isEmpty() ? Health.up().build() : Health.up().withDetail("pausedClients", paused).build();
        };
    }

    /** The health component {@code commandListenerLiveness}, in the liveness group. */
    @Bean
    ListenerLivenessIndicator commandListenerLivenessHealthIndicator(KafkaListenerEndpointRegistry registry) {
        return new ListenerLivenessIndicator(registry, COMMAND_LISTENER_ID);
    }
}
