package dev.tally.worker.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.FixedBackOff;

import dev.tally.testkit.KafkaTopics;
import dev.tally.testkit.TallyServices;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where a partition resumes after its poll's transaction failed, against the real broker and a real
 * {@code read_committed} consumer of a group: at the group's committed offset — which is the poll's first offset when
 * the failed transaction was aborted, but beyond the poll when its commit took effect after all (a commit that timed
 * out on the client) — and at the poll's first offset when the group has committed nothing yet. Each failure is
 * also counted for {@link PollFailures}. A poll whose offsets a rebalance refused is read again without a back-off.
 */
class ResumeFromCommittedOffsetsIntegrationTests {

    private final String topic = KafkaTopics.unique("resume");
    private final TopicPartition partition = new TopicPartition(topic, 0);
    private final PollFailures failures = new PollFailures();
    private final ResumeFromCommittedOffsets afterRollback =
            new ResumeFromCommittedOffsets(new FixedBackOff(10, FixedBackOff.UNLIMITED_ATTEMPTS), failures);

    @Test
    void resumesAtTheCommittedOffsetWhenTheFailedPollsCommitTookEffectAfterAll() throws Exception {
        try (KafkaConsumer<byte[], byte[]> consumer = consumerAfterFiveRecords()) {
            consumer.commitSync(Map.of(partition, new OffsetAndMetadata(4)));

            afterRollback.process(poll(2, 4), consumer, RUNNING, new IllegalStateException("commit"), false,
                    ContainerProperties.EOSMode.V2);

            assertThat(consumer.position(partition)).isEqualTo(4);
        }
    }

    @Test
    void resumesAtTheFailedPollsFirstOffsetWhenItWasAborted() throws Exception {
        try (KafkaConsumer<byte[], byte[]> consumer = consumerAfterFiveRecords()) {
            consumer.commitSync(Map.of(partition, new OffsetAndMetadata(2)));

            afterRollback.process(poll(2, 4), consumer, RUNNING, new IllegalStateException("fenced"), false,
                    ContainerProperties.EOSMode.V2);

            assertThat(consumer.position(partition)).isEqualTo(2);
            assertThat(failures.any()).isTrue();
        }
    }

    @Test
    void resumesAtTheFailedPollsFirstOffsetWhenTheGroupCommittedNothing() throws Exception {
        try (KafkaConsumer<byte[], byte[]> consumer = consumerAfterFiveRecords()) {
            afterRollback.process(poll(0, 4), consumer, RUNNING, new IllegalStateException("first"), false,
                    ContainerProperties.EOSMode.V2);

            assertThat(consumer.position(partition)).isZero();
        }
    }

    @Test
    void readsAPollThatARebalanceFailedAgainAtOnceAFewTimesInARow() throws Exception {
        AtomicInteger backOffs = new AtomicInteger();
        BackOff counting = () -> () -> {
            backOffs.incrementAndGet();
            return 0;
        };
        ResumeFromCommittedOffsets processor = new ResumeFromCommittedOffsets(counting, failures);
        Exception staleGeneration = new KafkaException("commit failed", new CommitFailedException(
                "Transaction offset Commit failed due to consumer group metadata mismatch: Specified group "
                        + "generation id is not valid."));
        try (KafkaConsumer<byte[], byte[]> consumer = consumerAfterFiveRecords()) {
            consumer.commitSync(Map.of(partition, new OffsetAndMetadata(2)));

            for (int attempt = 1; attempt <= ResumeFromCommittedOffsets.REBALANCE_RETRIES_AT_ONCE; attempt++) {
                processor.process(poll(2, 4), consumer, RUNNING, staleGeneration, false,
                        ContainerProperties.EOSMode.V2);
                assertThat(consumer.position(partition)).as("position after attempt %d", attempt).isEqualTo(2);
            }
            assertThat(backOffs).as("back-offs for a rebalance").hasValue(0);

            // One more in a row is paced like any failure, as is any other failure.
            processor.process(poll(2, 4), consumer, RUNNING, staleGeneration, false, ContainerProperties.EOSMode.V2);
            assertThat(backOffs).hasValue(1);
            processor.clearThreadState();
            processor.process(poll(2, 4), consumer, RUNNING, new IllegalStateException("fenced"), false,
                    ContainerProperties.EOSMode.V2);
            assertThat(backOffs).hasValue(2);
            assertThat(consumer.position(partition)).isEqualTo(2);
        }
    }

    /** A consumer of a fresh group, assigned the topic's only partition and positioned past its five records. */
    private KafkaConsumer<byte[], byte[]> consumerAfterFiveRecords() throws Exception {
        String bootstrap = TallyServices.get().kafkaBootstrap();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(60, TimeUnit.SECONDS);
        }
        Properties producerConfig = new Properties();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>(topic, 0, null, new byte[] {(byte) i})).get();
            }
        }
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, topic + "-group");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.assign(List.of(partition));
        consumer.seek(partition, 5);
        return consumer;
    }

    /** The records of a poll from {@code first} up to {@code end}, as the listener got them. */
    private List<ConsumerRecord<byte[], byte[]>> poll(long first, long end) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (long offset = first; offset < end; offset++) {
            records.add(new ConsumerRecord<>(topic, 0, offset, null, new byte[] {(byte) offset}));
        }
        return records;
    }

    /** A container that is running: the processor backs off and reads committed offsets only while it runs. */
    private static final MessageListenerContainer RUNNING = new MessageListenerContainer() {
        @Override
        public void setupMessageListener(Object messageListener) {
        }

        @Override
        public Map<String, Map<MetricName, ? extends Metric>> metrics() {
            return Map.of();
        }

        @Override
        public void start() {
        }

        @Override
        public void stop() {
        }

        @Override
        public boolean isRunning() {
            return true;
        }
    };
}
