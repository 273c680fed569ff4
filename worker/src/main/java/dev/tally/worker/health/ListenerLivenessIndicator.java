package dev.tally.worker.health;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Liveness of the command listener: DOWN once a consumer of its container stopped abnormally — a fatal consumer
 * error (no committed offset and no reset policy, an authorization failure, an {@link Error} in the listener, ...).
 * Such a container never resumes by itself, so the instance keeps running without deciding anything; an
 * orchestrator restarts it on this signal. A listener stopped on purpose, or not started, is not a reason to
 * restart, and neither is a database or broker outage: the listener retries those itself.
 */
class ListenerLivenessIndicator implements HealthIndicator {

    private final KafkaListenerEndpointRegistry registry;
    private final String listenerId;

    ListenerLivenessIndicator(KafkaListenerEndpointRegistry registry, String listenerId) {
        this.registry = registry;
        this.listenerId = listenerId;
    }

    @Override
    public Health health() {
        MessageListenerContainer container = registry.getListenerContainer(listenerId);
        if (container == null || container.isInExpectedState()) {
            return Health.up().withDetail("listener", listenerId).build();
        }
        return Health.down().withDetail("listener", listenerId)
                .withDetail("error", "a consumer of the listener stopped abnormally and will not resume; "
                        + "restart the instance")
                .build();
    }
}
