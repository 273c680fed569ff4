package dev.tally.worker;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;

import dev.tally.testkit.TallyServices;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The worker creates its topics at start-up: commands and dead letters with {@code tally.worker.topics.partitions}
 * (6 in these tests), results with {@code tally.worker.topics.result-partitions} (2 here), so that a poll's Kafka
 * transaction writes commit markers into few results partitions.
 */
class TopicCreationIntegrationTests extends WorkerIntegrationTest {

    @Test
    void createsTheResultsTopicWithItsOwnPartitionCount() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TallyServices.get().kafkaBootstrap()))) {
            Map<String, TopicDescription> topics = admin.describeTopics(List.of(settings.topics().commands(),
                    settings.topics().results(), settings.topics().deadLetters())).allTopicNames().get();

            assertThat(topics.get(settings.topics().commands()).partitions()).hasSize(6);
            assertThat(topics.get(settings.topics().deadLetters()).partitions()).hasSize(6);
            assertThat(topics.get(settings.topics().results()).partitions()).hasSize(2);
        }
    }
}
