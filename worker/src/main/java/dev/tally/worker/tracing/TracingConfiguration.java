package dev.tally.worker.tracing;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SdkTracerProviderBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.opentelemetry.sdk.trace.SpanLimits;

/** OpenTelemetry settings the worker's spans need beyond Spring Boot's defaults. */
@Configuration(proxyBeanMethods = false)
class TracingConfiguration {

    /**
     * Room for a link to every record of a poll on the poll's span: OpenTelemetry keeps 128 links per span by
     * default and drops the rest, while a poll holds up to {@code max.poll.records} (500 by default).
     */
    @Bean
    SdkTracerProviderBuilderCustomizer pollSpanLinks(KafkaProperties kafka) {
        Object configured = kafka.buildConsumerProperties().get(ConsumerConfig.MAX_POLL_RECORDS_CONFIG);
        int maxPollRecords = configured == null ? ConsumerConfig.DEFAULT_MAX_POLL_RECORDS
                : Integer.parseInt(configured.toString());
        SpanLimits defaults = SpanLimits.getDefault();
        SpanLimits limits = defaults.toBuilder()
                .setMaxNumberOfLinks(Math.max(defaults.getMaxNumberOfLinks(), maxPollRecords))
                .build();
        return builder -> builder.setSpanLimits(limits);
    }
}
