package dev.tally.worker.metrics;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.core.MicrometerProducerListener;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;

/**
 * Binds the metrics of every Kafka consumer and producer the worker creates to Micrometer ({@code kafka.consumer.*},
 * {@code kafka.producer.*}), which is where {@code tally.consumer.lag} reads the consumers' lag.
 *
 * <p>Spring Boot does this only for the client factories it creates itself; the worker declares its own (they force
 * the exactly-once settings), so a post-processor adds the same listeners to them here instead of in the Kafka
 * wiring.
 *
 * <p>A Kafka client registers some of its metrics only once it has fetched or sent (the consumers' lag, for one), and
 * Micrometer looks for new ones every minute by default; here every {@link #REFRESH}, so that a dashboard shows a
 * new consumer's lag within seconds. The look-up is a walk over the client's metric names, cheap at this interval.
 */
@Configuration(proxyBeanMethods = false)
class KafkaClientMetricsConfiguration {

    static final Duration REFRESH = Duration.ofSeconds(5);

    /** One daemon thread for every client's look-ups (Micrometer's default would start one per client). */
    private static final ScheduledExecutorService REFRESHING = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "tally-kafka-metrics");
        thread.setDaemon(true);
        return thread;
    });

    // Static, and the registry looked up lazily, so that declaring a post-processor does not create the registry
    // (and everything it depends on) before the other post-processors are in place.
    @Bean
    static BeanPostProcessor kafkaClientMetricsPostProcessor(ObjectProvider<MeterRegistry> registry) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof DefaultKafkaConsumerFactory<?, ?> consumers && consumers.getListeners().stream()
                        .noneMatch(MicrometerConsumerListener.class::isInstance)) {
                    bind(consumers, registry.getObject());
                }
                if (bean instanceof DefaultKafkaProducerFactory<?, ?> producers && producers.getListeners().stream()
                        .noneMatch(MicrometerProducerListener.class::isInstance)) {
                    bind(producers, registry.getObject());
                }
                return bean;
            }
        };
    }

    private static <K, V> void bind(DefaultKafkaConsumerFactory<K, V> consumers, MeterRegistry registry) {
        consumers.addListener(new MicrometerConsumerListener<K, V>(registry) {
            @Override
            protected MeterBinder createClientMetrics(Consumer<K, V> consumer, List<Tag> tags) {
                return new KafkaClientMetrics(consumer, tags, REFRESHING, REFRESH);
            }
        });
    }

    private static <K, V> void bind(DefaultKafkaProducerFactory<K, V> producers, MeterRegistry registry) {
        producers.addListener(new MicrometerProducerListener<K, V>(registry) {
            @Override
            protected MeterBinder createClientMetrics(Producer<K, V> producer, List<Tag> tags) {
                return new KafkaClientMetrics(producer, tags, REFRESHING, REFRESH);
            }
        });
    }
}
