package dev.tally.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.CommandId;
import dev.tally.testkit.TallyServices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Restarts and rebalances mid-stream: while 3,000 transfers are being decided, the worker's listener container is
 * stopped and started again, then a second worker instance joins the consumer group (taking over partitions) and
 * later leaves it. Nothing may be lost and nothing applied or answered twice.
 */
class RestartIntegrationTests extends WorkerIntegrationTest {

    private static final int ACCOUNTS = 20;
    private static final int TRANSFERS = 3_000;
    private static final long INITIAL_BALANCE = 5_000;

    @Autowired
    private KafkaListenerEndpointRegistry listeners;

    @Test
    void losesNothingAndAppliesNothingTwiceAcrossListenerRestartAndRebalances() {
        List<AccountId> accounts = openAndFund("restart", ACCOUNTS, INITIAL_BALANCE);
        List<CommandId> ids = new ArrayList<>();
        MessageListenerContainer container = listeners.getListenerContainer("tally-commands");

        // Wave 1, then the listener container is stopped and started again while it is being decided.
        harness().sendRandomTransfers(accounts, ids, TRANSFERS / 3);
        awaitDecided(ids, TRANSFERS / 10);
        container.stop();
        container.start();

        // Wave 2 and 3 with a second instance in the group: it takes over partitions, then leaves mid-stream.
        harness().sendRandomTransfers(accounts, ids, TRANSFERS / 3);
        try (ConfigurableApplicationContext second = startSecondInstance()) {
            MessageListenerContainer secondContainer = second.getBean(KafkaListenerEndpointRegistry.class)
                    .getListenerContainer("tally-commands");
            await().atMost(TIMEOUT).until(() -> !secondContainer.getAssignedPartitions().isEmpty());
            harness().sendRandomTransfers(accounts, ids, TRANSFERS - ids.size());
            awaitDecided(ids, TRANSFERS * 3 / 4);
        }

        await().atMost(TIMEOUT.multipliedBy(2)).until(() -> decided(ids) == TRANSFERS);
        assertDecidedExactlyOnce(ids);
        assertBooksBalance(accounts, ACCOUNTS * INITIAL_BALANCE);
    }

    /** A second worker in the same consumer group, as another process would be, with its own producer ids. */
    private ConfigurableApplicationContext startSecondInstance() {
        TallyServices services = TallyServices.get();
        // Command-line arguments, so that they win over application.yml as a deployment's settings would.
        Map<String, Object> properties = Map.of(
                "spring.datasource.url", services.jdbcUrl(),
                "spring.datasource.username", services.jdbcUser(),
                "spring.datasource.password", services.jdbcPassword(),
                "spring.kafka.bootstrap-servers", services.kafkaBootstrap(),
                "tally.worker.topics.commands", settings.topics().commands(),
                "tally.worker.topics.results", settings.topics().results(),
                "tally.worker.topics.dead-letters", settings.topics().deadLetters(),
                "tally.worker.topics.partitions", settings.topics().partitions(),
                "tally.worker.group-id", settings.groupId(),
                "tally.worker.instance-id", "second-" + CommandId.random());
        String[] args = properties.entrySet().stream()
                .map(property -> "--" + property.getKey() + "=" + property.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(WorkerApplication.class).web(WebApplicationType.NONE).run(args);
    }

    private static void awaitDecided(List<CommandId> ids, int count) {
        await().atMost(TIMEOUT).until(() -> decided(ids) >= count);
    }

    private static long decided(List<CommandId> ids) {
        return ids.stream().filter(id -> !harness().results(id).isEmpty()).count();
    }
}
