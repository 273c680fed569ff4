package dev.tally.worker.kafka;

import java.util.Collection;
import java.util.Map;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.transaction.KafkaTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.util.backoff.ExponentialBackOff;

import dev.tally.worker.WorkerSettings;
import dev.tally.worker.tracing.CommandTracing;

/**
 * The Kafka side of exactly-once: a transactional producer, a {@code read_committed} consumer, and a container
 * that runs each poll's listener call in a Kafka transaction carrying its results, dead letters and consumer offsets
 * together. Connection settings (bootstrap servers, SASL, TLS, ...) come from Spring Boot's {@code spring.kafka.*}
 * properties; only the settings exactly-once depends on are forced here.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    private static final Logger log = LoggerFactory.getLogger(KafkaConfiguration.class);

    /**
     * The largest record the worker writes. A dead letter carries an original record of up to the broker's
     * default limit (about 1 MiB) plus headers, so both the producer and the dead-letter topic allow more.
     */
    static final int MAX_RECORD_BYTES = 2 * 1024 * 1024;

    /** Between a classic group member's heartbeats, unless {@code spring.kafka.consumer.heartbeat-interval} says. */
    static final int HEARTBEAT_INTERVAL_MS = 500;

    /** How often a consumer looks for new client topics, unless {@code spring.kafka.consumer.properties} says. */
    static final int METADATA_MAX_AGE_MS = 10_000;

    @Bean
    DefaultKafkaProducerFactory<byte[], byte[]> kafkaProducerFactory(KafkaProperties properties,
                                                                   WorkerSettings settings) {
        Map<String, Object> config = properties.buildProducerProperties();
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_RECORD_BYTES);
        config.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 30_000);
        DefaultKafkaProducerFactory<byte[], byte[]> factory = new DefaultKafkaProducerFactory<>(config);
        factory.setTransactionIdPrefix("tally-worker-" + settings.instanceId() + "-");
        // A fence must roll the poll back like any other failure; see TransactionFencedException.
        factory.addPostProcessor(FencingAsFailureProducer::new);
        return factory;
    }

    @Bean
    KafkaTemplate<byte[], byte[]> kafkaTemplate(DefaultKafkaProducerFactory<byte[], byte[]> producerFactory,
                                                CommandTracing tracing, ClientGate gate) {
        KafkaTemplate<byte[], byte[]> template = new KafkaTemplate<>(producerFactory);
        // A span per result sent, whose context travels back in the result's traceparent header.
        template.setObservationEnabled(tracing.enabled());
        // No Micrometer timer per result sent (spring.kafka.template): one per record of the hot path, with tags
        // looked up on each send, where the worker's own metrics already time every batch (tally_apply_latency).
        template.setMicrometerEnabled(false);
        // One line for a send that failed on its own, none per record of an aborted transaction; a client whose
        // results cannot be sent is paused.
        template.setProducerListener(new SendFailureLog(gate::sendFailed));
        return template;
    }

    @Bean
    KafkaTransactionManager<byte[], byte[]> kafkaTransactionManager(
            DefaultKafkaProducerFactory<byte[], byte[]> producerFactory, PollFailures pollFailures) {
        // Tells PollFailures when a poll's transaction committed: no transaction synchronization is active in a
        // Kafka transaction, so the commit itself is the place to learn it.
        return new KafkaTransactionManager<>(producerFactory) {
            @Override
            protected void doCommit(DefaultTransactionStatus status) {
                super.doCommit(status);
                pollFailures.committed();
            }
        };
    }

    @Bean
    DefaultKafkaConsumerFactory<byte[], byte[]> kafkaConsumerFactory(KafkaProperties properties) {
        Map<String, Object> config = properties.buildConsumerProperties();
        // Raw bytes: parsing is the listener's job, so that no record can fail before it is seen.
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // A new consumer group starts at the beginning: commands published before the first worker started count.
        config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        if (!GroupProtocol.CONSUMER.name().equalsIgnoreCase(String.valueOf(
                config.get(ConsumerConfig.GROUP_PROTOCOL_CONFIG)))) {
            // Classic protocol: a member learns that the group rebalances on its next heartbeat, and the members
            // that rejoined first decide nothing until the last one has. Kafka's 3 s between heartbeats made every
            // join and leave of a rolling restart a stall of up to 3 s; half a second keeps it short
            // (docs/benchmarks.md). The consumer protocol takes its heartbeat interval from the broker instead.
            config.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, HEARTBEAT_INTERVAL_MS);
            // A client's new topic joins the subscription by a rebalance: an incremental one moves only its
            // partitions, where the classic default (range first) would stop every consumer of the group. Members
            // of Kafka's default list (range, cooperative-sticky) share cooperative-sticky, so a rolling upgrade
            // from them is safe.
            config.putIfAbsent(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                    CooperativeStickyAssignor.class.getName());
        }
        // A client's topic created while the worker runs is found at the consumer's next metadata refresh, which
        // Kafka does every 5 minutes by default; the contract promises 30 s.
        config.putIfAbsent(ConsumerConfig.METADATA_MAX_AGE_CONFIG, METADATA_MAX_AGE_MS);
        return new DefaultKafkaConsumerFactory<>(config);
    }

    /**
     * Batch listener in a Kafka transaction. When a poll fails — in the listener, in the Kafka commit after the
     * database commit, or because the producer was fenced — the transaction is aborted (no result, dead letter or
     * offset of it becomes visible), its partitions go back to their committed offsets, and the poll is read again
     * after a back-off that doubles up to {@code tally.worker.retry.max-interval} — forever: a failure is never
     * skipped.
     */
    @Bean
    ConcurrentKafkaListenerContainerFactory<byte[], byte[]> commandListenerContainerFactory(
            DefaultKafkaConsumerFactory<byte[], byte[]> consumerFactory,
            KafkaTransactionManager<byte[], byte[]> transactionManager, WorkerSettings settings,
            PollFailures pollFailures, ClientGate gate) {
        ConcurrentKafkaListenerContainerFactory<byte[], byte[]> factory = new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(consumerFactory);
        factory.setBatchListener(true);
        factory.setConcurrency(settings.concurrency());
        factory.getContainerProperties().setKafkaAwareTransactionManager(transactionManager);

        ExponentialBackOff backOff = new ExponentialBackOff(settings.retry().initialInterval().toMillis(), 2.0);
        backOff.setMaxInterval(settings.retry().maxInterval().toMillis());
        factory.setAfterRollbackProcessor(new ResumeFromCommittedOffsets(backOff, pollFailures));
        // Replaces the container's default rebalance listener, so it also says what that one logged: operators (and
        // the tests that start the worker jar) read the log for the partitions this instance owns.
        factory.getContainerProperties().setConsumerRebalanceListener(new ConsumerAwareRebalanceListener() {
            @Override
            public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> assigned) {
                log.info("{}: partitions assigned: {}", settings.groupId(), assigned);
                // Before the consumer returns their records: topic ids for the ledger, paused clients held back.
                gate.assigned(assigned);
            }

            @Override
            public void onPartitionsRevokedAfterCommit(Consumer<?, ?> consumer, Collection<TopicPartition> revoked) {
                log.info("{}: partitions revoked: {}", settings.groupId(), revoked);
                pollFailures.revoked(revoked);
            }

            @Override
            public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> lost) {
                log.info("{}: partitions lost: {}", settings.groupId(), lost);
                pollFailures.revoked(lost);
            }
        });
        return factory;
    }

    @Bean
    NewTopic commandsTopic(WorkerSettings settings) {
        return topic(settings, settings.topics().commands(), settings.topics().partitions()).build();
    }

    @Bean
    NewTopic resultsTopic(WorkerSettings settings) {
        return topic(settings, settings.topics().results(), settings.topics().resultPartitions()).build();
    }

    @Bean
    NewTopic deadLetterTopic(WorkerSettings settings) {
        return topic(settings, settings.topics().deadLetters(), settings.topics().partitions())
                .config(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(MAX_RECORD_BYTES))
                .build();
    }

    private static TopicBuilder topic(WorkerSettings settings, String name, int partitions) {
        TopicBuilder builder = TopicBuilder.name(name).partitions(partitions);
        Short replicas = settings.topics().replicationFactor();
        return replicas == null ? builder : builder.replicas(replicas);
    }
}
