package dev.tally.worker.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.metrics.KafkaMetric;

/**
 * A transactional producer whose transaction methods throw {@link TransactionFencedException} where the Kafka
 * client throws {@link ProducerFencedException}; everything else is passed through unchanged. Installed as a
 * producer post-processor, under spring-kafka's own cache wrapper, so that a fenced producer is still closed and
 * replaced by a fresh one.
 */
final class FencingAsFailureProducer<K, V> implements Producer<K, V> {

    private final Producer<K, V> delegate;

    FencingAsFailureProducer(Producer<K, V> delegate) {
        this.delegate = delegate;
    }

    @Override
    public void initTransactions() {
        delegate.initTransactions();
    }

    @Override
    public void beginTransaction() {
        try {
            delegate.beginTransaction();
        } catch (ProducerFencedException e) {
            throw new TransactionFencedException(e);
        }
    }

    @Override
    public void sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets,
                                         ConsumerGroupMetadata groupMetadata) {
        try {
            delegate.sendOffsetsToTransaction(offsets, groupMetadata);
        } catch (ProducerFencedException e) {
            throw new TransactionFencedException(e);
        }
    }

    @Override
    public void commitTransaction() {
        try {
            delegate.commitTransaction();
        } catch (ProducerFencedException e) {
            throw new TransactionFencedException(e);
        }
    }

    @Override
    public void abortTransaction() {
        try {
            delegate.abortTransaction();
        } catch (ProducerFencedException e) {
            throw new TransactionFencedException(e);
        }
    }

    @Override
    public Future<RecordMetadata> send(ProducerRecord<K, V> record) {
        return delegate.send(record);
    }

    @Override
    public Future<RecordMetadata> send(ProducerRecord<K, V> record, Callback callback) {
        return delegate.send(record, callback);
    }

    @Override
    public void flush() {
        delegate.flush();
    }

    @Override
    public List<PartitionInfo> partitionsFor(String topic) {
        return delegate.partitionsFor(topic);
    }

    @Override
    public Map<MetricName, ? extends Metric> metrics() {
        return delegate.metrics();
    }

    @Override
    public void registerMetricForSubscription(KafkaMetric metric) {
        delegate.registerMetricForSubscription(metric);
    }

    @Override
    public void unregisterMetricFromSubscription(KafkaMetric metric) {
        delegate.unregisterMetricFromSubscription(metric);
    }

    @Override
    public Uuid clientInstanceId(Duration timeout) {
        return delegate.clientInstanceId(timeout);
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public void close(Duration timeout) {
        delegate.close(timeout);
    }
}
