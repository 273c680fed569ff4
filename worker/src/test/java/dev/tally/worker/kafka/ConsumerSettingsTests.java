package dev.tally.worker.kafka;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.junit.jupiter.api.Test;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The consumer settings the worker adds to Spring Boot's: a classic group member heartbeats every 500 ms unless told
 * otherwise, and a member of the consumer protocol (KIP-848), which refuses the setting, gets none; a classic member
 * rebalances incrementally, and every member looks for new client topics every 10 s.
 */
class ConsumerSettingsTests {

    private final KafkaConfiguration configuration = new KafkaConfiguration();

    @Test
    void aClassicMemberHeartbeatsEveryHalfSecond() {
        assertThat(consumerSettings(new KafkaProperties()))
                .containsEntry(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 500)
                .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    }

    @Test
    void findsNewClientTopicsWithin30SecondsWithoutStoppingTheWholeGroup() {
        assertThat(consumerSettings(new KafkaProperties()))
                .containsEntry(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 10_000)
                .containsEntry(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                        CooperativeStickyAssignor.class.getName());
    }

    @Test
    void aHeartbeatIntervalSetByTheOperatorStands() {
        KafkaProperties properties = new KafkaProperties();
        properties.getConsumer().setHeartbeatInterval(Duration.ofSeconds(2));

        assertThat(consumerSettings(properties)).containsEntry(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 2000);
    }

    @Test
    void aMemberOfTheConsumerProtocolGetsNoHeartbeatInterval() {
        KafkaProperties properties = new KafkaProperties();
        properties.getConsumer().getProperties().put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");

        assertThat(consumerSettings(properties)).doesNotContainKey(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG)
                .doesNotContainKey(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG);
    }

    private Map<String, Object> consumerSettings(KafkaProperties properties) {
        return configuration.kafkaConsumerFactory(properties).getConfigurationProperties();
    }
}
