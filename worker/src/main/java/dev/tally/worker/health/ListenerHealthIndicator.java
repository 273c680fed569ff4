package dev.tally.worker.health;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * UP while the command listener's container runs with all its consumers. A stopped container decides nothing,
 * however healthy the database and the broker are, so the worker is not ready then.
 */
class ListenerHealthIndicator implements HealthIndicator {

    private final KafkaListenerEndpointRegistry registry;
    private final String listenerId;

    ListenerHealthIndicator(KafkaListenerEndpointRegistry registry, String listenerId) {
        this.registry = registry;
        this.listenerId = listenerId;
    }

    @Override
    public Health health() {
        MessageListenerContainer container = registry.getListenerContainer(listenerId);
        if (container == null) {
            return Health.down().withDetail("listener", listenerId).withDetail("error", "no such listener").build();
        }
        // A running container whose consumer thread died (a fatal error, say) is not in its expected state.
        boolean running = container.isRunning();
        boolean expected = container.isInExpectedState();
        Health.Builder health = running && expected ? Health.up() : Health.down();
        health.withDetail("listener", listenerId).withDetail("running", running);
        if (!expected) {
            health.withDetail("error", "a consumer of the listener stopped abnormally");
        }
        if (running && container.getAssignedPartitions() != null) {
            health.withDetail("assignedPartitions", container.getAssignedPartitions().size());
        }
        return health.build();
    }
}
