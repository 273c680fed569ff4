package dev.tally.worker;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.aopalliance.intercept.MethodInterceptor;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.core.KafkaResourceHolder;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.OpenAccount;
import dev.tally.contracts.Result;
import dev.tally.contracts.Transfer;
import dev.tally.contracts.WireCodec;
import dev.tally.testkit.KafkaTopics;
import dev.tally.testkit.TallyServices;
import dev.tally.worker.ledger.Ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Kafka commit of a poll fails after its database commit, with no rebalance to rescue it. Right after the
 * ledger committed the batch holding a chosen command, the test either fences the worker's transactional producer
 * by calling {@code initTransactions()} on a producer of its own with the same {@code transactional.id} (the broker
 * aborts the worker's open transaction), or holds the poll past the transaction timeout (3 s here), as a slow
 * database would, until the broker has aborted any transaction the worker had open. The poll also held a record
 * that is not a command. Afterwards every record of that poll must end exactly once for a {@code read_committed}
 * reader — the transfer's result (not a replay: the first one ever committed) and the dead letter — and the money
 * must have moved once; a later command on the same partition is decided too.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = "spring.kafka.producer.properties.transaction.timeout.ms=" + FencedCommitIntegrationTests.TX_TIMEOUT_MS)
@Import(FencedCommitIntegrationTests.FenceAfterDatabaseCommit.class)
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class FencedCommitIntegrationTests {

    private static final String TOPIC_PREFIX = KafkaTopics.unique("fence");

    @RegisterExtension
    static final SeparateWorker worker = new SeparateWorker(TOPIC_PREFIX);

    static final int TX_TIMEOUT_MS = 3_000;

    /** What happens to the worker's Kafka transaction once the database transaction of a command committed. */
    enum AfterDatabaseCommit { FENCE, HOLD_PAST_TRANSACTION_TIMEOUT }

    /** Command ids whose batch gets its action once its database transaction committed, each once. */
    static final Map<CommandId, AfterDatabaseCommit> AFTER_COMMIT = new ConcurrentHashMap<>();
    /** The command ids whose action was done, so that the test can show it happened. */
    static final Set<CommandId> DONE = ConcurrentHashMap.newKeySet();

    @Autowired
    private JdbcClient jdbc;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        worker.register(registry);
    }

    @Test
    void aPollWhoseKafkaCommitIsFencedAfterTheDatabaseCommitEndsExactlyOnce(CapturedOutput output) {
        assertThePollEndsExactlyOnce("fence", AfterDatabaseCommit.FENCE);
        // The fenced poll's failure is logged by the container; its records, which failed only with their
        // transaction, are not logged one by one as errors (SendFailureLog).
        assertThat(output.getAll()).doesNotContain("LoggingProducerListener").doesNotContain("could not be sent");
    }

    @Test
    void aPollHeldPastTheTransactionTimeoutAfterTheDatabaseCommitEndsExactlyOnce() {
        assertThePollEndsExactlyOnce("hold", AfterDatabaseCommit.HOLD_PAST_TRANSACTION_TIMEOUT);
    }

    private void assertThePollEndsExactlyOnce(String name, AfterDatabaseCommit action) {
        WorkerHarness harness = worker.harness();
        AccountId bank = new AccountId(name + "-bank-" + TOPIC_PREFIX.substring(6));
        AccountId alice = new AccountId(name + "-alice-" + TOPIC_PREFIX.substring(6));
        assertThat(worker.decide(OpenAccount.unbounded(CommandId.random(), bank, "EUR")).applied()).isTrue();
        assertThat(worker.decide(OpenAccount.bounded(CommandId.random(), alice, "EUR", 0)).applied()).isTrue();

        Transfer fenced = new Transfer(CommandId.random(), bank, alice, 700, "EUR", name + " after the database");
        byte[] trace = (name + "-" + fenced.id()).getBytes(StandardCharsets.UTF_8);
        AFTER_COMMIT.put(fenced.id(), action);
        // One publishing transaction, so that the not-a-command and the transfer become visible together and the
        // worker reads them in one poll: one Kafka transaction of the worker carries both outcomes.
        publishAtomically(bank, List.of(
                new ProducerRecord<>(TOPIC_PREFIX + ".commands", null, key(bank), utf8("{\"oops\""),
                        List.of(new RecordHeader(WorkerIntegrationTest.TRACE_HEADER, trace))),
                new ProducerRecord<>(TOPIC_PREFIX + ".commands", key(bank), WireCodec.encodeCommand(fenced))));
        await().atMost(WorkerIntegrationTest.TIMEOUT).until(() -> DONE.contains(fenced.id()));

        // The partition goes on: a later command with the same key is decided.
        Transfer later = new Transfer(CommandId.random(), bank, alice, 50, "EUR", "after " + name);
        assertThat(worker.decide(later).applied()).isTrue();

        await().atMost(WorkerIntegrationTest.TIMEOUT)
                .untilAsserted(() -> assertThat(harness.results(fenced.id())).as("results of the fenced transfer")
                        .isNotEmpty());
        List<Result> results = harness.results(fenced.id());
        assertThat(results).hasSize(1);
        assertThat(results.get(0).applied()).isTrue();
        assertThat(results.get(0).replay()).isFalse();
        await().atMost(WorkerIntegrationTest.TIMEOUT)
                .untilAsserted(() -> assertThat(traced(trace)).as("dead letters of the poll").isNotEmpty());
        assertThat(traced(trace)).hasSize(1);
        assertThat(harness.results(later.id())).hasSize(1);
        // The money moved once: the fenced transfer's database commit stood, and was never applied again.
        assertThat(jdbc.sql("SELECT balance FROM accounts WHERE id = ?").param(alice.value()).query(Long.class)
                .single()).isEqualTo(750);
        assertThat(jdbc.sql("SELECT count(*) FROM transfers WHERE id = ?").param(fenced.id().value())
                .query(Long.class).single()).isEqualTo(1);
    }

    private static List<?> traced(byte[] trace) {
        return worker.harness().deadLetters().stream()
                .filter(letter -> {
                    var header = letter.headers().lastHeader(WorkerIntegrationTest.TRACE_HEADER);
                    return header != null && java.util.Arrays.equals(header.value(), trace);
                })
                .toList();
    }

    private static void publishAtomically(AccountId id, List<ProducerRecord<byte[], byte[]>> records) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TallyServices.get().kafkaBootstrap());
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "fence-test-publisher-" + id.value());
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            records.forEach(producer::send);
            producer.commitTransaction();
        }
    }

    private static byte[] key(AccountId id) {
        return utf8(id.value());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Wraps the worker's ledger: when a batch holding a command of {@link #AFTER_COMMIT} has committed, does that
     * command's action to the transactional producer of the listener's open Kafka transaction (found on the
     * listener thread, where the container bound it), once per command.
     */
    @TestConfiguration(proxyBeanMethods = false)
    static class FenceAfterDatabaseCommit {

        @Bean
        static BeanPostProcessor fenceAfterDatabaseCommit(
                org.springframework.beans.factory.ObjectProvider<ProducerFactory<byte[], byte[]>> producers) {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    if (!(bean instanceof Ledger)) {
                        return bean;
                    }
                    ProxyFactory proxy = new ProxyFactory(bean);
                    proxy.setProxyTargetClass(true);
                    proxy.addAdvice((MethodInterceptor) invocation -> {
                        Object returned = invocation.proceed();
                        if (invocation.getMethod().getName().equals("apply")
                                && invocation.getArguments()[0] instanceof List<?> batch) {
                            for (Object pending : batch) {
                                CommandId id = ((Ledger.Pending) pending).command().id();
                                AfterDatabaseCommit action = AFTER_COMMIT.remove(id);
                                if (action != null) {
                                    Object producer = listenerProducer(producers.getObject());
                                    switch (action) {
                                        case FENCE -> fence(producer);
                                        case HOLD_PAST_TRANSACTION_TIMEOUT -> holdPastTransactionTimeout(producer);
                                    }
                                    DONE.add(id);
                                }
                            }
                        }
                        return returned;
                    });
                    return proxy.getProxy();
                }
            };
        }

        /** The producer of the listener's open Kafka transaction, bound to the listener thread by the container. */
        private static Object listenerProducer(ProducerFactory<byte[], byte[]> producers) {
            KafkaResourceHolder<?, ?> holder =
                    (KafkaResourceHolder<?, ?>) TransactionSynchronizationManager.getResource(producers);
            assertThat(holder).as("the listener's Kafka transaction").isNotNull();
            return holder.getProducer();
        }

        /**
         * Holds the listener longer than the transaction timeout, as slow database work would, and then for as long
         * as the broker still has a transaction of this producer open (it aborts expired ones every 10 s).
         */
        private static void holdPastTransactionTimeout(Object producer) throws Exception {
            String transactionalId = transactionalId(producer);
            Thread.sleep(TX_TIMEOUT_MS + 1_000);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    TallyServices.get().kafkaBootstrap()))) {
                long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
                while (System.nanoTime() < deadline && admin.describeTransactions(List.of(transactionalId))
                        .description(transactionalId).get().state() == TransactionState.ONGOING) {
                    Thread.sleep(200);
                }
            }
        }

        private static void fence(Object producer) {
            String transactionalId = transactionalId(producer);
            assertThat(transactionalId).startsWith("tally-worker-");
            Properties config = new Properties();
            config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TallyServices.get().kafkaBootstrap());
            config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
            config.put(ProducerConfig.CLIENT_ID_CONFIG, "fence-test-" + transactionalId);
            try (KafkaProducer<byte[], byte[]> fencer =
                         new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
                // Bumps the epoch of the transactional id and aborts the worker's open transaction.
                fencer.initTransactions();
            }
        }

        /** The container's producer is the factory's wrapper, which keeps the prefix and suffix of its id. */
        private static String transactionalId(Object producer) {
            return String.valueOf(field(producer, "txIdPrefix")) + field(producer, "txIdSuffix");
        }

        private static Object field(Object target, String name) {
            try {
                java.lang.reflect.Field field = target.getClass().getDeclaredField(name);
                field.setAccessible(true);
                return field.get(target);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + name + " of " + target, e);
            }
        }
    }
}
