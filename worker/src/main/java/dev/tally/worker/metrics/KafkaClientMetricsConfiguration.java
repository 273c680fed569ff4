package dev.tally.worker.metrics;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.core.MicrometerProducerListener;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Binds the metrics of every Kafka consumer and producer the worker creates to Micrometer ({@code kafka.consumer.*},
 * {@code kafka.producer.*}), which is where {@code tally.consumer.lag} reads the consumers' lag.
 *
 * <p>Spring Boot does this only for the client factories it creates itself; the worker declares its own (they force
 * the exactly-once settings), so a post-processor adds the same listeners to them here instead of in the Kafka
 * wiring.
 */
@Configuration(proxyBeanMethods = false)
class KafkaClientMetricsConfiguration {

    // Static, and the registry looked up lazily, so that declaring a post-processor does not create the registry
    // (and everything it depends on) before the other post-processors are in place.
    @Bean
    static BeanPostProcessor kafkaClientMetricsPostProcessor(ObjectProvider<MeterRegistry> registry) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof DefaultKafkaConsumerFactory<?, ?> consumers && consumers.getListeners().stream()
                        .noneMatch(MicrometerConsumerListener.class::isInstance)) {
                    consumers.addListener(new MicrometerConsumerListener<>(registry.getObject()));
                }
                if (bean instanceof DefaultKafkaProducerFactory<?, ?> producers && producers.getListeners().stream()
                        .noneMatch(MicrometerProducerListener.class::isInstance)) {
                    producers.addListener(new MicrometerProducerListener<>(registry.getObject()));
                }
                return bean;
            }
        };
    }
}
