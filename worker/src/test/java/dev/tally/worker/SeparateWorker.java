package dev.tally.worker;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.test.context.DynamicPropertyRegistry;

import dev.tally.contracts.Command;
import dev.tally.contracts.Result;
import dev.tally.testkit.TallyServices;

import static org.awaitility.Awaitility.await;

/**
 * The worker of a test class of its own (a Spring context the class marks dirty), on the shared database and broker
 * of {@link TallyServices} but with topics and a consumer group named after a prefix no other class uses, so that
 * what the class does to its worker or its topics reaches no other class; and a {@link WorkerHarness} on those
 * topics from before the class's first test until after its last. Register it as a static
 * {@code @RegisterExtension} field and point the worker at it from the class's {@code @DynamicPropertySource} with
 * {@link #register(DynamicPropertyRegistry)}.
 */
final class SeparateWorker implements BeforeAllCallback, AfterAllCallback {

    private final String topicPrefix;
    private volatile WorkerHarness harness;

    /** @param topicPrefix the prefix of the topics and the consumer group, such as {@code KafkaTopics.unique("x")} */
    SeparateWorker(String topicPrefix) {
        this.topicPrefix = topicPrefix;
    }

    /** Points the worker at the shared database and broker, on this class's topics and consumer group. */
    void register(DynamicPropertyRegistry registry) {
        TallyServices services = TallyServices.get();
        WorkerIntegrationTest.registerWorker(registry, topicPrefix, services::jdbcUrl, services::jdbcUser,
                services::jdbcPassword, services::kafkaBootstrap);
    }

    WorkerHarness harness() {
        return harness;
    }

    /** Publishes the command and waits for its first result. */
    Result decide(Command command) {
        harness.send(command);
        await().atMost(WorkerIntegrationTest.TIMEOUT).until(() -> !harness.results(command.id()).isEmpty());
        return harness.results(command.id()).get(0);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        harness = WorkerHarness.forPrefix(TallyServices.get().kafkaBootstrap(), topicPrefix);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        harness.close();
    }
}
