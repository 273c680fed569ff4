package dev.tally.producer.client;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Every Kafka setting of the client, in one place: the caller's own, then those the client's guarantees force.
 * The results consumer keeps Kafka's defaults otherwise; a result is fetched as soon as it is committed
 * ({@code fetch.min.bytes} 1), so nothing here adds latency.
 */
final class KafkaSettings {

    private KafkaSettings() {
    }

    /**
     * The command producer: idempotent, {@code acks=all}; a 2 ms linger unless the caller sets one; blocking at
     * most the connect timeout for metadata, on the client's own publishing thread.
     */
    static Map<String, Object> producer(String bootstrapServers, Map<String, Object> common,
                                        Map<String, Object> producerOnly, Duration connectTimeout) {
        Map<String, Object> config = new HashMap<>(common);
        config.putAll(producerOnly);
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 2);
        config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, connectTimeout.toMillis());
        return config;
    }

    /**
     * The results consumer (the live reader and the occasional scan of the whole topic): {@code read_committed},
     * so an aborted result is never seen; no consumer group and no committed offsets, since every client reads
     * every partition for itself.
     */
    static Map<String, Object> resultsConsumer(String bootstrapServers, Map<String, Object> common,
                                               Map<String, Object> consumerOnly) {
        Map<String, Object> config = new HashMap<>(common);
        config.putAll(consumerOnly);
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return Map.copyOf(config);
    }
}
